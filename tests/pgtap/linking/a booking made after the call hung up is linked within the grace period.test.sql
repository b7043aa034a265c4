-- The end-of-call report came first; the backend inserts the appointment (no Vapi call id)
-- shortly after the caller hung up. Within the grace period (default 5 minutes) it is linked
-- at insert; later than that it is not.
BEGIN;
SELECT plan(5);

SELECT is(golden_record._link_grace(), interval '5 minutes', 'the default grace period is 5 minutes');

INSERT INTO contacts (id, org_id, phone_number, name)
VALUES ('c0000000-0000-0000-0000-000000000001', 'aaaaaaaa-0000-0000-0000-000000000001', '+15550100001', 'Ann'),
       ('c0000000-0000-0000-0000-000000000002', 'aaaaaaaa-0000-0000-0000-000000000001', '+15550100002', 'Bob');
INSERT INTO calls (id, org_id, vapi_call_id, contact_id, phone_number, started_at, ended_at)
VALUES ('ca000000-0000-0000-0000-000000000001', 'aaaaaaaa-0000-0000-0000-000000000001', 'vapi-ann',
        'c0000000-0000-0000-0000-000000000001', '+15550100001', '2024-05-01 10:00:00+00', '2024-05-01 10:05:00+00'),
       -- Bob's call was ingested without a contact: matched by his number.
       ('ca000000-0000-0000-0000-000000000002', 'aaaaaaaa-0000-0000-0000-000000000001', 'vapi-bob',
        NULL, '+15550100002', '2024-05-01 10:00:00+00', '2024-05-01 10:05:00+00');

INSERT INTO appointments (id, org_id, contact_id, created_at)
VALUES ('a0000000-0000-0000-0000-000000000001', 'aaaaaaaa-0000-0000-0000-000000000001',
        'c0000000-0000-0000-0000-000000000001', '2024-05-01 10:09:59+00');
SELECT is((SELECT call_id FROM appointments WHERE id = 'a0000000-0000-0000-0000-000000000001'),
          'ca000000-0000-0000-0000-000000000001'::uuid, '4:59 after the end: linked at insert');
SELECT results_eq(
  $$SELECT a.vapi_call_id, c.appointment_id FROM appointments a, calls c
     WHERE a.id = 'a0000000-0000-0000-0000-000000000001' AND c.id = 'ca000000-0000-0000-0000-000000000001'$$,
  $$VALUES ('vapi-ann', 'a0000000-0000-0000-0000-000000000001'::uuid)$$,
  'both ways, with the Vapi id filled in'
);

INSERT INTO appointments (id, org_id, contact_id, created_at)
VALUES ('a0000000-0000-0000-0000-000000000002', 'aaaaaaaa-0000-0000-0000-000000000001',
        'c0000000-0000-0000-0000-000000000002', '2024-05-01 10:10:01+00');
SELECT is((SELECT call_id FROM appointments WHERE id = 'a0000000-0000-0000-0000-000000000002'), NULL,
          '5:01 after the end: not linked');

INSERT INTO appointments (id, org_id, contact_id, created_at)
VALUES ('a0000000-0000-0000-0000-000000000003', 'aaaaaaaa-0000-0000-0000-000000000001',
        'c0000000-0000-0000-0000-000000000002', '2024-05-01 10:06:00+00');
SELECT is((SELECT call_id FROM appointments WHERE id = 'a0000000-0000-0000-0000-000000000003'),
          'ca000000-0000-0000-0000-000000000002'::uuid, 'matched by the caller''s number when the call has no contact');

SELECT * FROM finish();
ROLLBACK;
