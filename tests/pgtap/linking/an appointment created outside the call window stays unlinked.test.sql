-- Appointments of the caller made before the call started, or after its end plus the grace
-- period, are not the call's: neither the call's end nor the appointment's insert links them.
BEGIN;
SELECT plan(5);

INSERT INTO contacts (id, org_id, phone_number, name)
VALUES ('c0000000-0000-0000-0000-000000000001', 'aaaaaaaa-0000-0000-0000-000000000001', '+15550100001', 'Ann');
INSERT INTO appointments (id, org_id, contact_id, created_at)
VALUES ('a0000000-0000-0000-0000-000000000001', 'aaaaaaaa-0000-0000-0000-000000000001',
        'c0000000-0000-0000-0000-000000000001', '2024-05-01 09:59:59+00'),
       ('a0000000-0000-0000-0000-000000000002', 'aaaaaaaa-0000-0000-0000-000000000001',
        'c0000000-0000-0000-0000-000000000001', '2024-05-01 10:10:01+00');

INSERT INTO calls (id, org_id, vapi_call_id, contact_id, phone_number, started_at, ended_at)
VALUES ('ca000000-0000-0000-0000-000000000001', 'aaaaaaaa-0000-0000-0000-000000000001', 'vapi-window',
        'c0000000-0000-0000-0000-000000000001', '+15550100001', '2024-05-01 10:00:00+00', '2024-05-01 10:05:00+00');

SELECT is((SELECT call_id FROM appointments WHERE id = 'a0000000-0000-0000-0000-000000000001'), NULL,
          'one second before the start: unlinked');
SELECT is((SELECT call_id FROM appointments WHERE id = 'a0000000-0000-0000-0000-000000000002'), NULL,
          'one second after the end plus grace: unlinked');
SELECT is((SELECT appointment_id FROM calls WHERE id = 'ca000000-0000-0000-0000-000000000001'), NULL,
          'the call has no appointment');

-- The same, from the appointment's side.
INSERT INTO appointments (id, org_id, contact_id, created_at)
VALUES ('a0000000-0000-0000-0000-000000000003', 'aaaaaaaa-0000-0000-0000-000000000001',
        'c0000000-0000-0000-0000-000000000001', '2024-05-01 09:30:00+00'),
       ('a0000000-0000-0000-0000-000000000004', 'aaaaaaaa-0000-0000-0000-000000000001',
        'c0000000-0000-0000-0000-000000000001', '2024-05-01 11:00:00+00');
SELECT is((SELECT count(*) FROM appointments WHERE call_id IS NOT NULL), 0::bigint,
          'appointments inserted later with times outside the window stay unlinked');

-- link_appointments agrees.
SELECT is((SELECT (link_appointments('aaaaaaaa-0000-0000-0000-000000000001') ->> 'linked')::int), 0,
          'link_appointments links none of them either');

SELECT * FROM finish();
ROLLBACK;
