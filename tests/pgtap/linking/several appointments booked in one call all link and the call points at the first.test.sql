-- One call books several appointments: each gets call_id; calls.appointment_id is the first
-- booked (earliest created_at, then the smallest id), in whichever order the rows arrive.
BEGIN;
SELECT plan(5);

INSERT INTO appointments (id, org_id, vapi_call_id, created_at)
VALUES ('a0000000-0000-0000-0000-000000000003', 'aaaaaaaa-0000-0000-0000-000000000001', 'vapi-many', '2024-05-01 10:03:00+00'),
       ('a0000000-0000-0000-0000-000000000002', 'aaaaaaaa-0000-0000-0000-000000000001', 'vapi-many', '2024-05-01 10:02:00+00');

INSERT INTO calls (id, org_id, vapi_call_id, started_at, status)
VALUES ('ca000000-0000-0000-0000-000000000001', 'aaaaaaaa-0000-0000-0000-000000000001', 'vapi-many', '2024-05-01 10:00:00+00', 'in-progress');
SELECT is((SELECT appointment_id FROM calls WHERE id = 'ca000000-0000-0000-0000-000000000001'),
          'a0000000-0000-0000-0000-000000000002'::uuid, 'the call points at the earliest booking');

-- A third booking arrives after the call row, created later: the pointer stays.
INSERT INTO appointments (id, org_id, vapi_call_id, created_at)
VALUES ('a0000000-0000-0000-0000-000000000004', 'aaaaaaaa-0000-0000-0000-000000000001', 'vapi-many', '2024-05-01 10:04:00+00');
SELECT is((SELECT appointment_id FROM calls WHERE id = 'ca000000-0000-0000-0000-000000000001'),
          'a0000000-0000-0000-0000-000000000002'::uuid, 'a later booking leaves the pointer on the first');

-- A booking stamped earlier (the booking tool's clock) that arrives last becomes the first.
INSERT INTO appointments (id, org_id, vapi_call_id, created_at)
VALUES ('a0000000-0000-0000-0000-000000000001', 'aaaaaaaa-0000-0000-0000-000000000001', 'vapi-many', '2024-05-01 10:01:00+00');
SELECT is((SELECT appointment_id FROM calls WHERE id = 'ca000000-0000-0000-0000-000000000001'),
          'a0000000-0000-0000-0000-000000000001'::uuid, 'the earliest booking is the first, whenever it arrives');

SELECT is((SELECT count(*) FROM appointments WHERE call_id = 'ca000000-0000-0000-0000-000000000001'), 4::bigint,
          'every booking of the call points at it');

-- Same created_at: the smallest id is first.
INSERT INTO appointments (id, org_id, vapi_call_id, created_at)
VALUES ('a0000000-0000-0000-0000-000000000000', 'aaaaaaaa-0000-0000-0000-000000000001', 'vapi-many', '2024-05-01 10:01:00+00');
SELECT is((SELECT appointment_id FROM calls WHERE id = 'ca000000-0000-0000-0000-000000000001'),
          'a0000000-0000-0000-0000-000000000000'::uuid, 'a tie on created_at goes to the smallest id');

SELECT * FROM finish();
ROLLBACK;
