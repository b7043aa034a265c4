-- Order 2: a status-update created the call's row first (no end yet); the booking tool then
-- inserts the appointment with the Vapi call id and is linked at once, both ways.
BEGIN;
SELECT plan(4);

INSERT INTO calls (id, org_id, vapi_call_id, started_at, status)
VALUES ('ca000000-0000-0000-0000-000000000002', 'aaaaaaaa-0000-0000-0000-000000000001', 'vapi-order-2',
        '2024-05-01 10:00:00+00', 'in-progress');

INSERT INTO appointments (id, org_id, vapi_call_id, created_at)
VALUES ('a0000000-0000-0000-0000-000000000002', 'aaaaaaaa-0000-0000-0000-000000000001', 'vapi-order-2', '2024-05-01 10:02:00+00');

SELECT is((SELECT call_id FROM appointments WHERE id = 'a0000000-0000-0000-0000-000000000002'),
          'ca000000-0000-0000-0000-000000000002'::uuid, 'the appointment points at the call at insert');
SELECT is((SELECT appointment_id FROM calls WHERE id = 'ca000000-0000-0000-0000-000000000002'),
          'a0000000-0000-0000-0000-000000000002'::uuid, 'the call points at the appointment at insert');

-- The end-of-call report arrives later and changes nothing about the link.
UPDATE calls SET ended_at = '2024-05-01 10:05:00+00', status = 'ended' WHERE id = 'ca000000-0000-0000-0000-000000000002';
SELECT is((SELECT appointment_id FROM calls WHERE id = 'ca000000-0000-0000-0000-000000000002'),
          'a0000000-0000-0000-0000-000000000002'::uuid, 'the report keeps the call on its appointment');
SELECT is((SELECT call_id FROM appointments WHERE id = 'a0000000-0000-0000-0000-000000000002'),
          'ca000000-0000-0000-0000-000000000002'::uuid, 'the report keeps the appointment on its call');

SELECT * FROM finish();
ROLLBACK;
