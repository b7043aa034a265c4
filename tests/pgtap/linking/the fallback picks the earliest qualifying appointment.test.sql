-- Several unlinked appointments of the caller qualify: the fallback takes one, always the same
-- one: the earliest created_at, then the smallest id.
BEGIN;
SELECT plan(3);

INSERT INTO contacts (id, org_id, phone_number, name)
VALUES ('c0000000-0000-0000-0000-000000000001', 'aaaaaaaa-0000-0000-0000-000000000001', '+15550100001', 'Ann');
INSERT INTO appointments (id, org_id, contact_id, created_at)
VALUES ('a0000000-0000-0000-0000-000000000009', 'aaaaaaaa-0000-0000-0000-000000000001', 'c0000000-0000-0000-0000-000000000001', '2024-05-01 10:04:00+00'),
       ('a0000000-0000-0000-0000-000000000008', 'aaaaaaaa-0000-0000-0000-000000000001', 'c0000000-0000-0000-0000-000000000001', '2024-05-01 10:02:00+00'),
       ('a0000000-0000-0000-0000-000000000007', 'aaaaaaaa-0000-0000-0000-000000000001', 'c0000000-0000-0000-0000-000000000001', '2024-05-01 10:02:00+00'),
       ('a0000000-0000-0000-0000-000000000006', 'aaaaaaaa-0000-0000-0000-000000000001', 'c0000000-0000-0000-0000-000000000001', '2024-05-01 10:03:00+00');

INSERT INTO calls (id, org_id, vapi_call_id, contact_id, started_at, ended_at)
VALUES ('ca000000-0000-0000-0000-000000000001', 'aaaaaaaa-0000-0000-0000-000000000001', 'vapi-pick',
        'c0000000-0000-0000-0000-000000000001', '2024-05-01 10:00:00+00', '2024-05-01 10:05:00+00');

SELECT is((SELECT appointment_id FROM calls WHERE id = 'ca000000-0000-0000-0000-000000000001'),
          'a0000000-0000-0000-0000-000000000007'::uuid, 'earliest created_at, then the smallest id');
SELECT results_eq(
  $$SELECT id FROM appointments WHERE call_id IS NOT NULL$$,
  $$VALUES ('a0000000-0000-0000-0000-000000000007'::uuid)$$,
  'only that one appointment is linked'
);

-- Re-running the linking (a redelivered report, link_appointments) picks nothing more.
UPDATE calls SET ended_at = '2024-05-01 10:05:30+00' WHERE id = 'ca000000-0000-0000-0000-000000000001';
SELECT is((SELECT count(*) FROM appointments WHERE call_id IS NOT NULL), 1::bigint,
          'a call that has its appointment takes no other by the fallback');

SELECT * FROM finish();
ROLLBACK;
