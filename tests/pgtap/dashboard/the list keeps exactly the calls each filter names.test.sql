BEGIN;
SELECT plan(33);

-- Org A: five calls, newest first a1 .. a5. Org B: a twin of a1 that no filter of org A may return.
INSERT INTO contacts (id, org_id, phone_number, name) VALUES
  ('c0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-00000000000a', '+15550000001', 'Ana Silva'),
  ('c0000000-0000-0000-0000-000000000004', 'a0000000-0000-0000-0000-00000000000a', '+15559990003', 'Chloé Nguyen'),
  ('c0000000-0000-0000-0000-0000000000b1', 'b0000000-0000-0000-0000-00000000000b', '+15550000001', 'Ana Silva');
INSERT INTO calls (id, org_id, vapi_call_id, direction, phone_number, caller_name, contact_id, started_at,
                   cost_cents, ended_reason, tools_used, created_at) VALUES
  ('ca000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-00000000000a', 'a1', 'inbound', '+15550000001', NULL,
   'c0000000-0000-0000-0000-000000000001', '2025-01-10 10:00+00', 120, 'customer-ended-call', '{checkAvailability,bookAppointment}', '2025-01-10 10:00+00'),
  ('ca000000-0000-0000-0000-000000000002', 'a0000000-0000-0000-0000-00000000000a', 'a2', 'outbound', '+15550000002', 'Bob Stone',
   NULL, '2025-01-10 09:00+00', 0, 'voicemail', '{}', '2025-01-10 09:00+00'),
  ('ca000000-0000-0000-0000-000000000003', 'a0000000-0000-0000-0000-00000000000a', 'a3', 'web', NULL, NULL,
   NULL, NULL, NULL, 'silence-timed-out', '{transferCall}', '2025-01-09 00:00+00'),
  ('ca000000-0000-0000-0000-000000000004', 'a0000000-0000-0000-0000-00000000000a', 'a4', 'inbound', '+15559990003', 'Someone 100%',
   'c0000000-0000-0000-0000-000000000004', '2025-01-08 12:00+00', 300, 'customer-ended-call', '{checkAvailability}', '2025-01-08 12:00+00'),
  ('ca000000-0000-0000-0000-000000000005', 'a0000000-0000-0000-0000-00000000000a', 'a5', 'inbound', '+447700900005', NULL,
   NULL, '2025-01-01 08:00+00', 45, 'assistant-ended-call', '{bookAppointment}', '2025-01-01 08:00+00'),
  ('cb000000-0000-0000-0000-000000000001', 'b0000000-0000-0000-0000-00000000000b', 'b1', 'inbound', '+15550000001', 'Ana Silva',
   'c0000000-0000-0000-0000-0000000000b1', '2025-01-10 11:00+00', 120, 'customer-ended-call', '{checkAvailability,bookAppointment}', '2025-01-10 11:00+00');
INSERT INTO appointments (id, org_id, scheduled_at, status, service_type, call_id, vapi_call_id) VALUES
  ('a1000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-00000000000a', '2025-01-20 09:00+00', 'confirmed', 'cleaning', 'ca000000-0000-0000-0000-000000000001', 'a1'),
  ('a1000000-0000-0000-0000-000000000005', 'a0000000-0000-0000-0000-00000000000a', '2025-01-03 09:00+00', 'completed', 'checkup', 'ca000000-0000-0000-0000-000000000005', 'a5'),
  ('a1000000-0000-0000-0000-0000000000b1', 'b0000000-0000-0000-0000-00000000000b', '2025-01-20 09:00+00', 'confirmed', 'cleaning', 'cb000000-0000-0000-0000-000000000001', 'b1');
UPDATE calls c SET appointment_id = a.id FROM appointments a WHERE a.call_id = c.id;

-- The vapi_call_ids org A's list returns for some filters, in order, all on one page.
CREATE FUNCTION pg_temp.listed(p_filters jsonb) RETURNS text[] LANGUAGE sql AS $$
  SELECT coalesce(array_agg(item ->> 'vapi_call_id' ORDER BY n), '{}')
    FROM jsonb_array_elements(calls_dashboard_list('a0000000-0000-0000-0000-00000000000a', p_filters, 500) -> 'items')
         WITH ORDINALITY AS i(item, n)
$$;

SELECT is(pg_temp.listed('{}'), ARRAY['a1', 'a2', 'a3', 'a4', 'a5'], 'no filter: every call of the org, newest first, none of another org');
SELECT is(pg_temp.listed(NULL), ARRAY['a1', 'a2', 'a3', 'a4', 'a5'], 'NULL filters are no filters');
SELECT is(pg_temp.listed('{"direction": null, "search": null, "has_appointment": null}'), ARRAY['a1', 'a2', 'a3', 'a4', 'a5'],
  'a key set to null is no filter');

SELECT is(pg_temp.listed('{"from": "2025-01-09T00:00:00Z"}'), ARRAY['a1', 'a2', 'a3'], 'from is inclusive');
SELECT is(pg_temp.listed('{"to": "2025-01-10T09:00:00Z"}'), ARRAY['a3', 'a4', 'a5'], 'to is exclusive');
SELECT is(pg_temp.listed('{"from": "2025-01-08", "to": "2025-01-10"}'), ARRAY['a3', 'a4'], 'from and to together');

SELECT is(pg_temp.listed('{"direction": "inbound"}'), ARRAY['a1', 'a4', 'a5'], 'one direction');
SELECT is(pg_temp.listed('{"direction": ["outbound", "web"]}'), ARRAY['a2', 'a3'], 'several directions');

SELECT is(pg_temp.listed('{"ended_reason": "customer-ended-call"}'), ARRAY['a1', 'a4'], 'one ended reason');
SELECT is(pg_temp.listed('{"ended_reason": ["voicemail", "silence-timed-out"]}'), ARRAY['a2', 'a3'], 'several ended reasons');

SELECT is(pg_temp.listed('{"has_appointment": true}'), ARRAY['a1', 'a5'], 'booked calls');
SELECT is(pg_temp.listed('{"has_appointment": false}'), ARRAY['a2', 'a3', 'a4'], 'calls without a booking');

SELECT is(pg_temp.listed('{"tool": "bookAppointment"}'), ARRAY['a1', 'a5'], 'calls that used a tool');
SELECT is(pg_temp.listed('{"tool": "checkAvailability"}'), ARRAY['a1', 'a4'], 'another tool');
SELECT is(pg_temp.listed('{"tool": "book"}'), '{}'::text[], 'a tool name matches whole, not in part');

SELECT is(pg_temp.listed('{"min_cost_cents": 100}'), ARRAY['a1', 'a4'], 'minimum cost, inclusive');
SELECT is(pg_temp.listed('{"max_cost_cents": 45}'), ARRAY['a2', 'a5'], 'maximum cost, inclusive; a free call is included');
SELECT is(pg_temp.listed('{"min_cost_cents": 0, "max_cost_cents": 1000}'), ARRAY['a1', 'a2', 'a4', 'a5'], 'a cost range leaves out calls without a cost');

SELECT is(pg_temp.listed('{"search": "+1 (555) 000"}'), ARRAY['a1', 'a2'], 'a number with + matches phone numbers starting with it, punctuation ignored');
SELECT is(pg_temp.listed('{"search": "+44"}'), ARRAY['a5'], 'a country code prefix');
SELECT is(pg_temp.listed('{"search": "+15550000001"}'), ARRAY['a1'], 'a full number');
SELECT is(pg_temp.listed('{"search": "999-000"}'), ARRAY['a4'], 'digits without + match anywhere in the number');
SELECT is(pg_temp.listed('{"search": "ana"}'), ARRAY['a1'], 'a name matches the contact''s name, case-insensitive');
SELECT is(pg_temp.listed('{"search": "CHLOÉ"}'), ARRAY['a4'], 'accented names match case-insensitively');
SELECT is(pg_temp.listed('{"search": "bob"}'), ARRAY['a2'], 'a name matches the name Vapi reported');
SELECT is(pg_temp.listed('{"search": "someone"}'), ARRAY['a4'], 'the name Vapi reported matches even when the contact has another');
SELECT is(pg_temp.listed('{"search": "100%"}'), ARRAY['a4'], '% is matched literally');
SELECT is(pg_temp.listed('{"search": "%"}'), ARRAY['a4'], 'a lone % is no wildcard');
SELECT is(pg_temp.listed('{"search": "_"}'), '{}'::text[], '_ is no wildcard');
UPDATE contacts SET name = 'Ana Costa' WHERE id = 'c0000000-0000-0000-0000-000000000001';
SELECT is(pg_temp.listed('{"search": "costa"}'), ARRAY['a1'], 'the search sees a renamed contact at once');

SELECT is(pg_temp.listed('{"direction": "inbound", "has_appointment": true, "tool": "bookAppointment", "min_cost_cents": 50}'),
  ARRAY['a1'], 'filters combine with AND');

SELECT is(
  (SELECT array_agg(k ORDER BY k)
     FROM jsonb_object_keys(calls_dashboard_list('a0000000-0000-0000-0000-00000000000a', '{"search": "+1555000000"}') -> 'items' -> 0) k),
  ARRAY['appointment_id', 'appointment_scheduled_at', 'appointment_service_type', 'appointment_status', 'cost_cents',
        'created_at', 'direction', 'duration_seconds', 'ended_at', 'ended_reason', 'has_appointment', 'id', 'phone_number',
        'resolved_caller_name', 'started_at', 'status', 'tools_used', 'vapi_call_id'],
  'an item carries the seed''s fields and the call basics'
);
SELECT is(
  (calls_dashboard_list('a0000000-0000-0000-0000-00000000000a', '{"search": "+15550000001"}') -> 'items' -> 0)
    - ARRAY['id', 'created_at', 'started_at', 'ended_at', 'status', 'duration_seconds'],
  jsonb_build_object(
    'vapi_call_id', 'a1', 'direction', 'inbound', 'phone_number', '+15550000001', 'resolved_caller_name', 'Ana Costa',
    'cost_cents', 120, 'ended_reason', 'customer-ended-call', 'tools_used', jsonb_build_array('checkAvailability', 'bookAppointment'),
    'has_appointment', true, 'appointment_id', 'a1000000-0000-0000-0000-000000000001',
    'appointment_scheduled_at', '2025-01-20 09:00+00'::timestamptz, 'appointment_status', 'confirmed',
    'appointment_service_type', 'cleaning'),
  'an item''s values are the call''s and its appointment''s'
);

SELECT * FROM finish();
ROLLBACK;
