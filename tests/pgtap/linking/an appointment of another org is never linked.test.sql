-- Cross-org isolation: an appointment of org B is never linked to a call of org A, whether it
-- carries the call's Vapi id, belongs to a contact with the caller's number, or names the call.
BEGIN;
SELECT plan(7);

INSERT INTO contacts (id, org_id, phone_number, name)
VALUES ('c0000000-0000-0000-0000-00000000000a', 'aaaaaaaa-0000-0000-0000-000000000001', '+15550100001', 'Ann at A'),
       ('c0000000-0000-0000-0000-00000000000b', 'bbbbbbbb-0000-0000-0000-000000000002', '+15550100001', 'Ann at B');

-- Order 1 across orgs: B's booking names A's Vapi call id before the call exists.
INSERT INTO appointments (id, org_id, vapi_call_id, created_at)
VALUES ('a0000000-0000-0000-0000-000000000001', 'bbbbbbbb-0000-0000-0000-000000000002', 'vapi-org-a', '2024-05-01 10:01:00+00');
-- The fallback across orgs: B's appointment for the same number, during A's call.
INSERT INTO appointments (id, org_id, contact_id, created_at)
VALUES ('a0000000-0000-0000-0000-000000000002', 'bbbbbbbb-0000-0000-0000-000000000002',
        'c0000000-0000-0000-0000-00000000000b', '2024-05-01 10:02:00+00');

INSERT INTO calls (id, org_id, vapi_call_id, contact_id, phone_number, started_at, ended_at)
VALUES ('ca000000-0000-0000-0000-000000000001', 'aaaaaaaa-0000-0000-0000-000000000001', 'vapi-org-a',
        'c0000000-0000-0000-0000-00000000000a', '+15550100001', '2024-05-01 10:00:00+00', '2024-05-01 10:05:00+00');

SELECT is((SELECT call_id FROM appointments WHERE id = 'a0000000-0000-0000-0000-000000000001'), NULL,
          'the call does not take another org''s booking with its Vapi id');
SELECT is((SELECT call_id FROM appointments WHERE id = 'a0000000-0000-0000-0000-000000000002'), NULL,
          'the fallback does not take another org''s appointment for the same number');
SELECT is((SELECT appointment_id FROM calls WHERE id = 'ca000000-0000-0000-0000-000000000001'), NULL,
          'the call points at nothing of the other org');

-- Order 2 across orgs, and the appointment-side fallback, after the call exists.
INSERT INTO appointments (id, org_id, vapi_call_id, created_at)
VALUES ('a0000000-0000-0000-0000-000000000003', 'bbbbbbbb-0000-0000-0000-000000000002', 'vapi-org-a', '2024-05-01 10:03:00+00');
INSERT INTO appointments (id, org_id, contact_id, created_at)
VALUES ('a0000000-0000-0000-0000-000000000004', 'bbbbbbbb-0000-0000-0000-000000000002',
        'c0000000-0000-0000-0000-00000000000b', '2024-05-01 10:06:00+00');
SELECT is((SELECT count(*) FROM appointments WHERE call_id IS NOT NULL), 0::bigint,
          'appointments of the other org inserted after the call stay unlinked');

SELECT is((SELECT (link_appointments('bbbbbbbb-0000-0000-0000-000000000002') ->> 'linked')::int
             + (link_appointments('aaaaaaaa-0000-0000-0000-000000000001') ->> 'linked')::int), 0,
          'link_appointments of either org links nothing across');

SELECT throws_ok(
  $$INSERT INTO appointments (org_id, call_id) VALUES ('bbbbbbbb-0000-0000-0000-000000000002', 'ca000000-0000-0000-0000-000000000001')$$,
  '23503', NULL, 'naming another org''s call is refused'
);

-- Org A's own booking links as usual.
INSERT INTO appointments (id, org_id, vapi_call_id, created_at)
VALUES ('a0000000-0000-0000-0000-000000000005', 'aaaaaaaa-0000-0000-0000-000000000001', 'vapi-org-a', '2024-05-01 10:04:00+00');
SELECT is((SELECT appointment_id FROM calls WHERE id = 'ca000000-0000-0000-0000-000000000001'),
          'a0000000-0000-0000-0000-000000000005'::uuid, 'the call''s own org links normally');

SELECT * FROM finish();
ROLLBACK;
