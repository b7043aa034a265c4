/**
 * calls_dashboard_detail(org_id uuid, call_id uuid) → jsonb
 *
 * The full golden record of one call: every column of `calls_with_caller_names` (the call,
 * its live caller name, its first appointment's fields, has_appointment) plus `appointments`,
 * every appointment linked to the call (`appointments.call_id`), oldest first. NULL when the
 * call does not exist or belongs to another org. Runs as the caller: row-level security
 * applies on top of the explicit `org_id`.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | org_id | uuid | the org the call must belong to |
 * | call_id | uuid | `calls.id` |
 *
 * Example: `SELECT calls_dashboard_detail('6f1c...'::uuid, '0b9e...'::uuid) -> 'appointments';`
 */
CREATE OR REPLACE FUNCTION @extschema@.calls_dashboard_detail(p_org_id uuid, p_call_id uuid)
RETURNS jsonb
LANGUAGE sql
STABLE
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
  SELECT to_jsonb(c) || jsonb_build_object('appointments', coalesce((
           SELECT jsonb_agg(jsonb_build_object(
                    'id', a.id,
                    'contact_id', a.contact_id,
                    'scheduled_at', a.scheduled_at,
                    'status', a.status,
                    'service_type', a.service_type,
                    'duration_minutes', a.duration_minutes,
                    'calendar_event_id', a.calendar_event_id,
                    'vapi_call_id', a.vapi_call_id,
                    'created_at', a.created_at
                  ) ORDER BY a.created_at, a.id)
             FROM @extschema@.appointments a
            WHERE a.call_id = c.id AND a.org_id = p_org_id), '[]'))
    FROM @extschema@.calls_with_caller_names c
   WHERE c.id = p_call_id AND c.org_id = p_org_id;
$$;

REVOKE ALL ON FUNCTION @extschema@.calls_dashboard_detail(uuid, uuid) FROM PUBLIC;
