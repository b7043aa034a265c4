-- On a legacy database appointments have a soft-delete column deleted_at: an appointment
-- marked deleted is not a fallback candidate (the fallback reads the column only where it
-- exists, so this test adds it inside its transaction).
BEGIN;
SELECT plan(3);

ALTER TABLE appointments ADD COLUMN deleted_at timestamptz;

INSERT INTO contacts (id, org_id, phone_number, name)
VALUES ('c0000000-0000-0000-0000-000000000001', 'aaaaaaaa-0000-0000-0000-000000000001', '+15550100001', 'Ann');
INSERT INTO appointments (id, org_id, contact_id, created_at, deleted_at)
VALUES ('a0000000-0000-0000-0000-000000000001', 'aaaaaaaa-0000-0000-0000-000000000001',
        'c0000000-0000-0000-0000-000000000001', '2024-05-01 10:01:00+00', '2024-05-01 10:03:00+00'),
       ('a0000000-0000-0000-0000-000000000002', 'aaaaaaaa-0000-0000-0000-000000000001',
        'c0000000-0000-0000-0000-000000000001', '2024-05-01 10:02:00+00', NULL);

INSERT INTO calls (id, org_id, vapi_call_id, contact_id, started_at, ended_at)
VALUES ('ca000000-0000-0000-0000-000000000001', 'aaaaaaaa-0000-0000-0000-000000000001', 'vapi-soft',
        'c0000000-0000-0000-0000-000000000001', '2024-05-01 10:00:00+00', '2024-05-01 10:05:00+00');

SELECT is((SELECT call_id FROM appointments WHERE id = 'a0000000-0000-0000-0000-000000000001'), NULL,
          'the soft-deleted appointment, though earliest, is skipped');
SELECT is((SELECT appointment_id FROM calls WHERE id = 'ca000000-0000-0000-0000-000000000001'),
          'a0000000-0000-0000-0000-000000000002'::uuid, 'the next live one is taken');

-- Without the column (fresh install) the same query runs: checked by every other fallback test;
-- here: a soft-deleted appointment that names the call by Vapi id is still linked (it was booked).
INSERT INTO appointments (id, org_id, vapi_call_id, created_at, deleted_at)
VALUES ('a0000000-0000-0000-0000-000000000003', 'aaaaaaaa-0000-0000-0000-000000000001', 'vapi-soft',
        '2024-05-01 10:04:00+00', '2024-05-01 10:06:00+00');
SELECT is((SELECT call_id FROM appointments WHERE id = 'a0000000-0000-0000-0000-000000000003'),
          'ca000000-0000-0000-0000-000000000001'::uuid, 'a soft-deleted booking by Vapi id keeps its link');

SELECT * FROM finish();
ROLLBACK;
