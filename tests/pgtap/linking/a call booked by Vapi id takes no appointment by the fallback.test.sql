-- The fallback is for calls without a match by Vapi call id: a call whose booking carries its
-- Vapi id does not also take the caller's other unlinked appointment of the same window.
BEGIN;
SELECT plan(2);

INSERT INTO contacts (id, org_id, phone_number, name)
VALUES ('c0000000-0000-0000-0000-000000000001', 'aaaaaaaa-0000-0000-0000-000000000001', '+15550100001', 'Ann');
INSERT INTO appointments (id, org_id, contact_id, vapi_call_id, created_at)
VALUES ('a0000000-0000-0000-0000-000000000002', 'aaaaaaaa-0000-0000-0000-000000000001',
        'c0000000-0000-0000-0000-000000000001', 'vapi-booked', '2024-05-01 10:03:00+00');
INSERT INTO appointments (id, org_id, contact_id, created_at)
VALUES ('a0000000-0000-0000-0000-000000000001', 'aaaaaaaa-0000-0000-0000-000000000001',
        'c0000000-0000-0000-0000-000000000001', '2024-05-01 10:01:00+00');

INSERT INTO calls (id, org_id, vapi_call_id, contact_id, started_at, ended_at)
VALUES ('ca000000-0000-0000-0000-000000000001', 'aaaaaaaa-0000-0000-0000-000000000001', 'vapi-booked',
        'c0000000-0000-0000-0000-000000000001', '2024-05-01 10:00:00+00', '2024-05-01 10:05:00+00');

SELECT is((SELECT appointment_id FROM calls WHERE id = 'ca000000-0000-0000-0000-000000000001'),
          'a0000000-0000-0000-0000-000000000002'::uuid, 'the call points at its booking by Vapi id');
SELECT is((SELECT call_id FROM appointments WHERE id = 'a0000000-0000-0000-0000-000000000001'), NULL,
          'the other appointment of the window stays unlinked');

SELECT * FROM finish();
ROLLBACK;
