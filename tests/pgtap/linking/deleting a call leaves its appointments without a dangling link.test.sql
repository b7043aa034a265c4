-- Deleting a call unlinks its appointments (call_id NULL); they keep the Vapi call id, so the
-- call, ingested again, links them again.
BEGIN;
SELECT plan(4);

INSERT INTO calls (id, org_id, vapi_call_id, started_at, ended_at)
VALUES ('ca000000-0000-0000-0000-000000000001', 'aaaaaaaa-0000-0000-0000-000000000001', 'vapi-gone', '2024-05-01 10:00:00+00', '2024-05-01 10:05:00+00');
INSERT INTO appointments (id, org_id, vapi_call_id, created_at)
VALUES ('a0000000-0000-0000-0000-000000000001', 'aaaaaaaa-0000-0000-0000-000000000001', 'vapi-gone', '2024-05-01 10:01:00+00'),
       ('a0000000-0000-0000-0000-000000000002', 'aaaaaaaa-0000-0000-0000-000000000001', 'vapi-gone', '2024-05-01 10:02:00+00');

DELETE FROM calls WHERE id = 'ca000000-0000-0000-0000-000000000001';
SELECT is((SELECT count(*) FROM appointments WHERE call_id IS NOT NULL), 0::bigint,
          'no appointment points at the deleted call');
SELECT is((SELECT count(*) FROM appointments WHERE vapi_call_id = 'vapi-gone'), 2::bigint,
          'the appointments keep their Vapi call id');

INSERT INTO calls (id, org_id, vapi_call_id, started_at, ended_at)
VALUES ('ca000000-0000-0000-0000-000000000002', 'aaaaaaaa-0000-0000-0000-000000000001', 'vapi-gone', '2024-05-01 10:00:00+00', '2024-05-01 10:05:00+00');
SELECT is((SELECT count(*) FROM appointments WHERE call_id = 'ca000000-0000-0000-0000-000000000002'), 2::bigint,
          'the call ingested again links them again');
SELECT is((SELECT appointment_id FROM calls WHERE id = 'ca000000-0000-0000-0000-000000000002'),
          'a0000000-0000-0000-0000-000000000001'::uuid, 'and points at the first');

SELECT * FROM finish();
ROLLBACK;
