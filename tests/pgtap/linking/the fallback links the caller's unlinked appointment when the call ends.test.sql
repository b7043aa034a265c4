-- Fallback: an appointment booked without a Vapi call id, during the call, for the caller's
-- contact (or for the contact that has the caller's number), is linked when the call ends.
BEGIN;
SELECT plan(7);

INSERT INTO contacts (id, org_id, phone_number, name)
VALUES ('c0000000-0000-0000-0000-000000000001', 'aaaaaaaa-0000-0000-0000-000000000001', '+15550100001', 'Ann'),
       ('c0000000-0000-0000-0000-000000000002', 'aaaaaaaa-0000-0000-0000-000000000001', '+15550100002', 'Bob');

-- Ann's call: a status-update made its row, with her contact, before the end.
INSERT INTO calls (id, org_id, vapi_call_id, contact_id, phone_number, started_at, status)
VALUES ('ca000000-0000-0000-0000-000000000001', 'aaaaaaaa-0000-0000-0000-000000000001', 'vapi-fallback-ann',
        'c0000000-0000-0000-0000-000000000001', '+15550100001', '2024-05-01 10:00:00+00', 'in-progress');
INSERT INTO appointments (id, org_id, contact_id, created_at)
VALUES ('a0000000-0000-0000-0000-000000000001', 'aaaaaaaa-0000-0000-0000-000000000001',
        'c0000000-0000-0000-0000-000000000001', '2024-05-01 10:03:00+00');
SELECT is((SELECT call_id FROM appointments WHERE id = 'a0000000-0000-0000-0000-000000000001'), NULL,
          'while the call is in progress the appointment waits for its end');

UPDATE calls SET ended_at = '2024-05-01 10:05:00+00', status = 'ended' WHERE id = 'ca000000-0000-0000-0000-000000000001';
SELECT is((SELECT call_id FROM appointments WHERE id = 'a0000000-0000-0000-0000-000000000001'),
          'ca000000-0000-0000-0000-000000000001'::uuid, 'the call''s end links the appointment to it');
SELECT is((SELECT vapi_call_id FROM appointments WHERE id = 'a0000000-0000-0000-0000-000000000001'),
          'vapi-fallback-ann', 'the appointment gets the call''s Vapi id');
SELECT is((SELECT appointment_id FROM calls WHERE id = 'ca000000-0000-0000-0000-000000000001'),
          'a0000000-0000-0000-0000-000000000001'::uuid, 'the call points at the appointment');

-- Bob's call was ingested without a contact (his contact was created during the call): the
-- caller's number finds his contact.
INSERT INTO appointments (id, org_id, contact_id, created_at)
VALUES ('a0000000-0000-0000-0000-000000000002', 'aaaaaaaa-0000-0000-0000-000000000001',
        'c0000000-0000-0000-0000-000000000002', '2024-05-01 12:01:00+00');
INSERT INTO calls (id, org_id, vapi_call_id, phone_number, started_at, ended_at)
VALUES ('ca000000-0000-0000-0000-000000000002', 'aaaaaaaa-0000-0000-0000-000000000001', 'vapi-fallback-bob',
        '+15550100002', '2024-05-01 12:00:00+00', '2024-05-01 12:04:00+00');
SELECT is((SELECT call_id FROM appointments WHERE id = 'a0000000-0000-0000-0000-000000000002'),
          'ca000000-0000-0000-0000-000000000002'::uuid, 'the caller''s number matches the appointment''s contact');
SELECT is((SELECT appointment_id FROM calls WHERE id = 'ca000000-0000-0000-0000-000000000002'),
          'a0000000-0000-0000-0000-000000000002'::uuid, 'and the call points at it');

-- A call of someone else in the same window takes nothing.
INSERT INTO calls (id, org_id, vapi_call_id, phone_number, started_at, ended_at)
VALUES ('ca000000-0000-0000-0000-000000000003', 'aaaaaaaa-0000-0000-0000-000000000001', 'vapi-fallback-stranger',
        '+15550100099', '2024-05-01 12:00:00+00', '2024-05-01 12:04:00+00');
SELECT is((SELECT appointment_id FROM calls WHERE id = 'ca000000-0000-0000-0000-000000000003'), NULL,
          'a call from another number links nothing');

SELECT * FROM finish();
ROLLBACK;
