-- The Vapi call id is the key of the link: clearing it detaches the appointment from its call
-- (the call lets go too). Clearing only call_id does not: the key still names the call.
BEGIN;
SELECT plan(4);

INSERT INTO calls (id, org_id, vapi_call_id, started_at, ended_at)
VALUES ('ca000000-0000-0000-0000-000000000001', 'aaaaaaaa-0000-0000-0000-000000000001', 'vapi-detach', '2024-05-01 10:00:00+00', '2024-05-01 10:05:00+00');
INSERT INTO appointments (id, org_id, vapi_call_id, created_at)
VALUES ('a0000000-0000-0000-0000-000000000001', 'aaaaaaaa-0000-0000-0000-000000000001', 'vapi-detach', '2024-05-01 10:02:00+00');

UPDATE appointments SET call_id = NULL WHERE id = 'a0000000-0000-0000-0000-000000000001';
SELECT is((SELECT call_id FROM appointments WHERE id = 'a0000000-0000-0000-0000-000000000001'),
          'ca000000-0000-0000-0000-000000000001'::uuid, 'clearing call_id alone: the Vapi id links it again');

UPDATE appointments SET vapi_call_id = NULL WHERE id = 'a0000000-0000-0000-0000-000000000001';
SELECT is((SELECT call_id FROM appointments WHERE id = 'a0000000-0000-0000-0000-000000000001'), NULL,
          'clearing vapi_call_id detaches the appointment');
SELECT is((SELECT appointment_id FROM calls WHERE id = 'ca000000-0000-0000-0000-000000000001'), NULL,
          'and the call lets go of it');

-- A redelivered report does not take it back by the fallback: it has no contact here, and a
-- detached appointment is treated like any other unlinked one.
UPDATE calls SET ended_at = '2024-05-01 10:05:01+00' WHERE id = 'ca000000-0000-0000-0000-000000000001';
SELECT is((SELECT call_id FROM appointments WHERE id = 'a0000000-0000-0000-0000-000000000001'), NULL,
          'it stays detached');

SELECT * FROM finish();
ROLLBACK;
