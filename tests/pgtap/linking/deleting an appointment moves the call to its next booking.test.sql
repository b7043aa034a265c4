-- Deleting the call's first appointment moves calls.appointment_id to the next remaining one,
-- and to NULL when none is left: never a dangling reference.
BEGIN;
SELECT plan(4);

INSERT INTO calls (id, org_id, vapi_call_id, started_at, ended_at)
VALUES ('ca000000-0000-0000-0000-000000000001', 'aaaaaaaa-0000-0000-0000-000000000001', 'vapi-delete', '2024-05-01 10:00:00+00', '2024-05-01 10:05:00+00');
INSERT INTO appointments (id, org_id, vapi_call_id, created_at)
VALUES ('a0000000-0000-0000-0000-000000000001', 'aaaaaaaa-0000-0000-0000-000000000001', 'vapi-delete', '2024-05-01 10:01:00+00'),
       ('a0000000-0000-0000-0000-000000000002', 'aaaaaaaa-0000-0000-0000-000000000001', 'vapi-delete', '2024-05-01 10:02:00+00'),
       ('a0000000-0000-0000-0000-000000000003', 'aaaaaaaa-0000-0000-0000-000000000001', 'vapi-delete', '2024-05-01 10:03:00+00');

DELETE FROM appointments WHERE id = 'a0000000-0000-0000-0000-000000000001';
SELECT is((SELECT appointment_id FROM calls WHERE id = 'ca000000-0000-0000-0000-000000000001'),
          'a0000000-0000-0000-0000-000000000002'::uuid, 'deleting the first moves the call to the next one');

DELETE FROM appointments WHERE id = 'a0000000-0000-0000-0000-000000000003';
SELECT is((SELECT appointment_id FROM calls WHERE id = 'ca000000-0000-0000-0000-000000000001'),
          'a0000000-0000-0000-0000-000000000002'::uuid, 'deleting another one leaves the pointer alone');

DELETE FROM appointments WHERE id = 'a0000000-0000-0000-0000-000000000002';
SELECT is((SELECT appointment_id FROM calls WHERE id = 'ca000000-0000-0000-0000-000000000001'), NULL,
          'deleting the last one leaves NULL');

-- Moving the first booking to another call is a departure too.
INSERT INTO calls (id, org_id, vapi_call_id) VALUES ('ca000000-0000-0000-0000-000000000002', 'aaaaaaaa-0000-0000-0000-000000000001', 'vapi-other');
INSERT INTO appointments (id, org_id, vapi_call_id, created_at)
VALUES ('a0000000-0000-0000-0000-000000000004', 'aaaaaaaa-0000-0000-0000-000000000001', 'vapi-delete', '2024-05-01 10:04:00+00'),
       ('a0000000-0000-0000-0000-000000000005', 'aaaaaaaa-0000-0000-0000-000000000001', 'vapi-delete', '2024-05-01 10:05:00+00');
UPDATE appointments SET vapi_call_id = 'vapi-other' WHERE id = 'a0000000-0000-0000-0000-000000000004';
SELECT results_eq(
  $$SELECT vapi_call_id, appointment_id FROM calls ORDER BY vapi_call_id$$,
  $$VALUES ('vapi-delete', 'a0000000-0000-0000-0000-000000000005'::uuid), ('vapi-other', 'a0000000-0000-0000-0000-000000000004'::uuid)$$,
  'an appointment moved to another call is replaced by the next one on its old call'
);

SELECT * FROM finish();
ROLLBACK;
