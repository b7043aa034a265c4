BEGIN;
SELECT plan(9);

INSERT INTO contacts (id, org_id, phone_number, name) VALUES
  ('c0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-00000000000a', '+15550000001', 'Ana Silva');
INSERT INTO calls (id, org_id, vapi_call_id, direction, phone_number, caller_name, contact_id, status, started_at, ended_at,
                   duration_seconds, cost_cents, cost_breakdown, ended_reason, tools_used, transcript, summary, created_at) VALUES
  ('ca000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-00000000000a', 'detail-a', 'inbound', '+15550000001', 'Anna',
   'c0000000-0000-0000-0000-000000000001', 'ended', '2025-01-10 10:00+00', '2025-01-10 10:04+00', 240, 131,
   '{"llm": 0.71, "total": 1.306}', 'customer-ended-call', '{checkAvailability,bookAppointment}', 'AI: Hello', 'Booked two visits.',
   '2025-01-10 10:00+00'),
  ('cb000000-0000-0000-0000-000000000001', 'b0000000-0000-0000-0000-00000000000b', 'detail-b', 'inbound', '+15550000001', 'Ana',
   NULL, 'ended', '2025-01-10 10:00+00', '2025-01-10 10:04+00', 240, 99, NULL, 'voicemail', '{}', NULL, NULL, '2025-01-10 10:00+00');
INSERT INTO appointments (id, org_id, scheduled_at, status, service_type, duration_minutes, calendar_event_id, call_id, vapi_call_id, created_at) VALUES
  ('a1000000-0000-0000-0000-000000000002', 'a0000000-0000-0000-0000-00000000000a', '2025-01-27 09:00+00', 'confirmed', 'checkup', 30, 'gcal-2',
   'ca000000-0000-0000-0000-000000000001', 'detail-a', '2025-01-10 10:03+00'),
  ('a1000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-00000000000a', '2025-01-20 09:00+00', 'confirmed', 'cleaning', 45, 'gcal-1',
   'ca000000-0000-0000-0000-000000000001', 'detail-a', '2025-01-10 10:02+00');
UPDATE calls SET appointment_id = 'a1000000-0000-0000-0000-000000000001' WHERE id = 'ca000000-0000-0000-0000-000000000001';

SELECT is(
  calls_dashboard_detail('a0000000-0000-0000-0000-00000000000a', 'ca000000-0000-0000-0000-000000000001')
    - ARRAY['appointments', 'created_at', 'updated_at', 'metadata', 'recording_url', 'status', 'started_at', 'ended_at', 'duration_seconds', 'id', 'org_id', 'contact_id', 'vapi_call_id', 'direction', 'phone_number'],
  jsonb_build_object(
    'caller_name', 'Anna', 'resolved_caller_name', 'Ana Silva', 'contact_name', 'Ana Silva',
    'cost_cents', 131, 'cost_breakdown', '{"llm": 0.71, "total": 1.306}'::jsonb, 'ended_reason', 'customer-ended-call',
    'tools_used', jsonb_build_array('checkAvailability', 'bookAppointment'), 'transcript', 'AI: Hello', 'summary', 'Booked two visits.',
    'has_appointment', true, 'appointment_id', 'a1000000-0000-0000-0000-000000000001',
    'appointment_scheduled_at', '2025-01-20 09:00+00'::timestamptz, 'appointment_status', 'confirmed',
    'appointment_service_type', 'cleaning', 'appointment_duration_minutes', 45, 'appointment_calendar_event_id', 'gcal-1'),
  'the detail is the full golden record with the live name and the first appointment''s fields'
);
SELECT is(
  (SELECT array_agg(k ORDER BY k) FROM jsonb_object_keys(calls_dashboard_detail('a0000000-0000-0000-0000-00000000000a', 'ca000000-0000-0000-0000-000000000001')) k),
  (SELECT array_agg(name ORDER BY name) FROM (
     SELECT attname::text AS name FROM pg_attribute
      WHERE attrelid = 'calls_with_caller_names'::regclass AND attnum > 0 AND NOT attisdropped
     UNION ALL SELECT 'appointments') n),
  'every column of the view is there, plus appointments'
);
SELECT is(
  (SELECT array_agg(a ->> 'id') FROM jsonb_array_elements(calls_dashboard_detail('a0000000-0000-0000-0000-00000000000a', 'ca000000-0000-0000-0000-000000000001') -> 'appointments') a),
  ARRAY['a1000000-0000-0000-0000-000000000001', 'a1000000-0000-0000-0000-000000000002'],
  'every appointment of the call, oldest first'
);
SELECT is(
  calls_dashboard_detail('a0000000-0000-0000-0000-00000000000a', 'ca000000-0000-0000-0000-000000000001') -> 'appointments' -> 1,
  jsonb_build_object('id', 'a1000000-0000-0000-0000-000000000002', 'contact_id', NULL, 'scheduled_at', '2025-01-27 09:00+00'::timestamptz,
    'status', 'confirmed', 'service_type', 'checkup', 'duration_minutes', 30, 'calendar_event_id', 'gcal-2',
    'vapi_call_id', 'detail-a', 'created_at', '2025-01-10 10:03+00'::timestamptz),
  'an appointment carries its own fields'
);
SELECT is(
  calls_dashboard_detail('b0000000-0000-0000-0000-00000000000b', 'cb000000-0000-0000-0000-000000000001') -> 'appointments',
  '[]'::jsonb, 'a call without appointments has an empty list'
);

SELECT is(calls_dashboard_detail('b0000000-0000-0000-0000-00000000000b', 'ca000000-0000-0000-0000-000000000001'), NULL,
  'another org''s call is NULL');
SELECT is(calls_dashboard_detail('a0000000-0000-0000-0000-00000000000a', 'cb000000-0000-0000-0000-000000000001'), NULL,
  'and the other way round');
SELECT is(calls_dashboard_detail('a0000000-0000-0000-0000-00000000000a', 'ffffffff-0000-0000-0000-000000000000'), NULL,
  'an unknown call is NULL');
SELECT is(calls_dashboard_detail(NULL, 'ca000000-0000-0000-0000-000000000001'), NULL, 'no org, no call');

SELECT * FROM finish();
ROLLBACK;
