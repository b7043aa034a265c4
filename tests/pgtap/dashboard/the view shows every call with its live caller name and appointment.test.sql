BEGIN;
SELECT plan(12);

SELECT has_view('calls_with_caller_names');
SELECT columns_are('calls_with_caller_names', ARRAY[
  'id', 'org_id', 'vapi_call_id', 'direction', 'phone_number', 'caller_name', 'contact_id', 'status',
  'started_at', 'ended_at', 'duration_seconds', 'cost_cents', 'cost_breakdown', 'ended_reason', 'tools_used',
  'appointment_id', 'recording_url', 'transcript', 'summary', 'metadata', 'created_at', 'updated_at',
  'resolved_caller_name', 'contact_name', 'appointment_scheduled_at', 'appointment_status',
  'appointment_service_type', 'appointment_duration_minutes', 'appointment_calendar_event_id', 'has_appointment'
]);
SELECT ok(
  (SELECT 'security_invoker=true' = ANY (reloptions) FROM pg_class WHERE oid = 'calls_with_caller_names'::regclass),
  'the view is security_invoker, so row-level security applies through it'
);

INSERT INTO contacts (id, org_id, phone_number, name) VALUES
  ('c0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-00000000000a', '+15550000001', 'Ana Silva'),
  ('c0000000-0000-0000-0000-000000000002', 'a0000000-0000-0000-0000-00000000000a', '+15550000002', '   ');
INSERT INTO calls (id, org_id, vapi_call_id, phone_number, caller_name, contact_id, cost_cents, ended_reason, tools_used) VALUES
  ('ca000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-00000000000a', 'view-1', '+15550000001', 'Anna (Vapi)', 'c0000000-0000-0000-0000-000000000001', 120, 'customer-ended-call', '{bookAppointment}'),
  ('ca000000-0000-0000-0000-000000000002', 'a0000000-0000-0000-0000-00000000000a', 'view-2', '+15550000002', 'Bob Stone', 'c0000000-0000-0000-0000-000000000002', 0, 'voicemail', '{}'),
  ('ca000000-0000-0000-0000-000000000003', 'a0000000-0000-0000-0000-00000000000a', 'view-3', '+15550000003', NULL, NULL, NULL, NULL, '{}');
INSERT INTO appointments (id, org_id, scheduled_at, status, service_type, duration_minutes, calendar_event_id, call_id, vapi_call_id) VALUES
  ('a1000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-00000000000a', '2025-02-01 09:00+00', 'confirmed', 'cleaning', 30, 'gcal-1',
   'ca000000-0000-0000-0000-000000000001', 'view-1');
UPDATE calls SET appointment_id = 'a1000000-0000-0000-0000-000000000001' WHERE id = 'ca000000-0000-0000-0000-000000000001';

SELECT is((SELECT resolved_caller_name FROM calls_with_caller_names WHERE vapi_call_id = 'view-1'), 'Ana Silva',
  'the contact''s name wins over the name Vapi reported');
UPDATE contacts SET name = 'Ana Silva-Costa' WHERE id = 'c0000000-0000-0000-0000-000000000001';
SELECT is((SELECT resolved_caller_name FROM calls_with_caller_names WHERE vapi_call_id = 'view-1'), 'Ana Silva-Costa',
  'renaming the contact renames the call at once (joined live)');
SELECT is((SELECT contact_name FROM calls_with_caller_names WHERE vapi_call_id = 'view-1'), 'Ana Silva-Costa',
  'contact_name is the contact''s current name');
SELECT is((SELECT resolved_caller_name FROM calls_with_caller_names WHERE vapi_call_id = 'view-2'), 'Bob Stone',
  'a blank contact name falls back to the name Vapi reported');
SELECT is((SELECT resolved_caller_name FROM calls_with_caller_names WHERE vapi_call_id = 'view-3'), '+15550000003',
  'without any name the number is shown');

SELECT is(
  (SELECT row(has_appointment, appointment_scheduled_at, appointment_status, appointment_service_type,
              appointment_duration_minutes, appointment_calendar_event_id)::text
     FROM calls_with_caller_names WHERE vapi_call_id = 'view-1'),
  row(true, '2025-02-01 09:00+00'::timestamptz, 'confirmed', 'cleaning', 30, 'gcal-1')::text,
  'a booked call carries its appointment''s fields'
);
SELECT is(
  (SELECT row(has_appointment, appointment_scheduled_at, appointment_status)::text
     FROM calls_with_caller_names WHERE vapi_call_id = 'view-2'),
  row(false, NULL::timestamptz, NULL::text)::text,
  'a call without a booking has has_appointment false and no appointment fields'
);
SELECT is(
  (SELECT row(cost_cents, ended_reason, tools_used)::text FROM calls_with_caller_names WHERE vapi_call_id = 'view-1'),
  row(120, 'customer-ended-call', '{bookAppointment}'::text[])::text,
  'the golden record columns pass through unchanged'
);
SELECT is((SELECT count(*)::int FROM calls_with_caller_names WHERE org_id = 'a0000000-0000-0000-0000-00000000000a'), 3,
  'one row per call');

SELECT * FROM finish();
ROLLBACK;
