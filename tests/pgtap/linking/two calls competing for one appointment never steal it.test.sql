-- Two calls of the same caller whose windows overlap both qualify for one appointment: the
-- first call to end gets it, and the other never takes it away, however often it is relinked.
BEGIN;
SELECT plan(5);

INSERT INTO contacts (id, org_id, phone_number, name)
VALUES ('c0000000-0000-0000-0000-000000000001', 'aaaaaaaa-0000-0000-0000-000000000001', '+15550100001', 'Ann');
INSERT INTO calls (id, org_id, vapi_call_id, contact_id, phone_number, started_at, status)
VALUES ('ca000000-0000-0000-0000-000000000001', 'aaaaaaaa-0000-0000-0000-000000000001', 'vapi-first',
        'c0000000-0000-0000-0000-000000000001', '+15550100001', '2024-05-01 10:00:00+00', 'in-progress'),
       ('ca000000-0000-0000-0000-000000000002', 'aaaaaaaa-0000-0000-0000-000000000001', 'vapi-second',
        'c0000000-0000-0000-0000-000000000001', '+15550100001', '2024-05-01 10:01:00+00', 'in-progress');
INSERT INTO appointments (id, org_id, contact_id, created_at)
VALUES ('a0000000-0000-0000-0000-000000000001', 'aaaaaaaa-0000-0000-0000-000000000001',
        'c0000000-0000-0000-0000-000000000001', '2024-05-01 10:03:00+00');
-- A booking that names a Vapi call id (of a call not ingested yet) is nobody's fallback.
INSERT INTO appointments (id, org_id, contact_id, vapi_call_id, created_at)
VALUES ('a0000000-0000-0000-0000-000000000002', 'aaaaaaaa-0000-0000-0000-000000000001',
        'c0000000-0000-0000-0000-000000000001', 'vapi-elsewhere', '2024-05-01 10:02:00+00');

UPDATE calls SET ended_at = '2024-05-01 10:05:00+00', status = 'ended' WHERE id = 'ca000000-0000-0000-0000-000000000001';
SELECT is((SELECT call_id FROM appointments WHERE id = 'a0000000-0000-0000-0000-000000000001'),
          'ca000000-0000-0000-0000-000000000001'::uuid, 'the first call to end takes the appointment');

UPDATE calls SET ended_at = '2024-05-01 10:06:00+00', status = 'ended' WHERE id = 'ca000000-0000-0000-0000-000000000002';
SELECT is((SELECT call_id FROM appointments WHERE id = 'a0000000-0000-0000-0000-000000000001'),
          'ca000000-0000-0000-0000-000000000001'::uuid, 'the second call does not steal it');
SELECT is((SELECT call_id FROM appointments WHERE id = 'a0000000-0000-0000-0000-000000000002'), NULL,
          'nor takes the booking that names another Vapi call');

-- Relinking everything (a backfill, redelivered reports, a third overlapping call) changes nothing.
INSERT INTO calls (id, org_id, vapi_call_id, contact_id, started_at, ended_at)
VALUES ('ca000000-0000-0000-0000-000000000003', 'aaaaaaaa-0000-0000-0000-000000000001', 'vapi-third',
        'c0000000-0000-0000-0000-000000000001', '2024-05-01 10:02:00+00', '2024-05-01 10:07:00+00');
UPDATE calls SET ended_at = ended_at + interval '1 second';
SELECT link_appointments('aaaaaaaa-0000-0000-0000-000000000001');
SELECT results_eq(
  $$SELECT id, call_id FROM appointments ORDER BY id$$,
  $$VALUES ('a0000000-0000-0000-0000-000000000001'::uuid, 'ca000000-0000-0000-0000-000000000001'::uuid),
           ('a0000000-0000-0000-0000-000000000002'::uuid, NULL::uuid)$$,
  'each appointment stays where it was'
);
SELECT results_eq(
  $$SELECT vapi_call_id, appointment_id FROM calls ORDER BY started_at$$,
  $$VALUES ('vapi-first', 'a0000000-0000-0000-0000-000000000001'::uuid),
           ('vapi-second', NULL::uuid),
           ('vapi-third', NULL::uuid)$$,
  'and only the first call points at it'
);

SELECT * FROM finish();
ROLLBACK;
