-- Order 1, the usual one: the booking tool inserts the appointment during the call, with the
-- Vapi call id, before any row of the call exists; the end-of-call report then creates the call.
BEGIN;
SELECT plan(5);

INSERT INTO contacts (id, org_id, phone_number, name)
VALUES ('c0000000-0000-0000-0000-000000000001', 'aaaaaaaa-0000-0000-0000-000000000001', '+15550100001', 'Ann');
INSERT INTO appointments (id, org_id, contact_id, vapi_call_id, created_at)
VALUES ('a0000000-0000-0000-0000-000000000001', 'aaaaaaaa-0000-0000-0000-000000000001',
        'c0000000-0000-0000-0000-000000000001', 'vapi-order-1', '2024-05-01 10:02:00+00');

SELECT is((SELECT call_id FROM appointments WHERE id = 'a0000000-0000-0000-0000-000000000001'), NULL,
          'without a call row the booking waits, unlinked');

-- What ingest runs for the end-of-call report: an upsert keyed by the Vapi call id.
INSERT INTO calls (id, org_id, vapi_call_id, contact_id, phone_number, started_at, ended_at, status)
VALUES ('ca000000-0000-0000-0000-000000000001', 'aaaaaaaa-0000-0000-0000-000000000001', 'vapi-order-1',
        'c0000000-0000-0000-0000-000000000001', '+15550100001', '2024-05-01 10:00:00+00', '2024-05-01 10:05:00+00', 'ended')
ON CONFLICT (vapi_call_id) DO UPDATE SET ended_at = EXCLUDED.ended_at, status = EXCLUDED.status;

SELECT is((SELECT call_id FROM appointments WHERE id = 'a0000000-0000-0000-0000-000000000001'),
          'ca000000-0000-0000-0000-000000000001'::uuid, 'the appointment points at the call');
SELECT is((SELECT vapi_call_id FROM appointments WHERE id = 'a0000000-0000-0000-0000-000000000001'),
          'vapi-order-1', 'the appointment keeps the Vapi call id');
SELECT is((SELECT appointment_id FROM calls WHERE id = 'ca000000-0000-0000-0000-000000000001'),
          'a0000000-0000-0000-0000-000000000001'::uuid, 'the call points at the appointment');

-- A redelivered report upserts the same row again: the links stay as they are.
INSERT INTO calls (org_id, vapi_call_id, started_at, ended_at, status)
VALUES ('aaaaaaaa-0000-0000-0000-000000000001', 'vapi-order-1', '2024-05-01 10:00:00+00', '2024-05-01 10:05:01+00', 'ended')
ON CONFLICT (vapi_call_id) DO UPDATE SET ended_at = EXCLUDED.ended_at;
SELECT results_eq(
  $$SELECT a.call_id, c.appointment_id FROM appointments a JOIN calls c ON c.vapi_call_id = a.vapi_call_id$$,
  $$VALUES ('ca000000-0000-0000-0000-000000000001'::uuid, 'a0000000-0000-0000-0000-000000000001'::uuid)$$,
  'a redelivered report leaves both links in place'
);

SELECT * FROM finish();
ROLLBACK;
