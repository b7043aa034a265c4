/**
 * calls_with_caller_names (view)
 *
 * The golden record of each call joined live to its contact and its (first) appointment: what
 * the dashboard functions return and what a backend may read directly.
 *
 * | column | meaning |
 * |---|---|
 * | every `calls` column of the golden record | as stored (id ... updated_at) |
 * | resolved_caller_name | the contact's current name, else the name Vapi reported, else the number (blank names are skipped) |
 * | contact_name | the contact's current name as stored (NULL without a contact) |
 * | appointment_scheduled_at, appointment_status, appointment_service_type, appointment_duration_minutes, appointment_calendar_event_id | of the appointment `calls.appointment_id` points at (the call's first booking) |
 * | has_appointment | the call booked an appointment (`appointment_id IS NOT NULL`) |
 *
 * Names are joined live, so renaming a contact renames every call of that contact at once.
 * security_invoker: the caller's row-level security applies to every table it reads.
 *
 * Example: `SELECT resolved_caller_name, cost_cents, has_appointment FROM calls_with_caller_names;`
 */
CREATE OR REPLACE VIEW @extschema@.calls_with_caller_names
WITH (security_invoker = true)
AS
SELECT
  c.id,
  c.org_id,
  c.vapi_call_id,
  c.direction,
  c.phone_number,
  c.caller_name,
  c.contact_id,
  c.status,
  c.started_at,
  c.ended_at,
  c.duration_seconds,
  c.cost_cents,
  c.cost_breakdown,
  c.ended_reason,
  c.tools_used,
  c.appointment_id,
  c.recording_url,
  c.transcript,
  c.summary,
  c.metadata,
  c.created_at,
  c.updated_at,
  coalesce(nullif(btrim(ct.name), ''), nullif(btrim(c.caller_name), ''), c.phone_number) AS resolved_caller_name,
  ct.name AS contact_name,
  a.scheduled_at AS appointment_scheduled_at,
  a.status::text AS appointment_status,
  a.service_type AS appointment_service_type,
  a.duration_minutes AS appointment_duration_minutes,
  a.calendar_event_id AS appointment_calendar_event_id,
  c.appointment_id IS NOT NULL AS has_appointment
FROM @extschema@.calls c
LEFT JOIN @extschema@.contacts ct ON ct.id = c.contact_id
LEFT JOIN @extschema@.appointments a ON a.id = c.appointment_id;
