-- The grace period is a row of golden_record.linking_settings: one UPDATE changes what both
-- sides of the fallback accept, at once, with no function redefined.
BEGIN;
SELECT plan(5);

INSERT INTO contacts (id, org_id, phone_number, name)
VALUES ('c0000000-0000-0000-0000-000000000001', 'aaaaaaaa-0000-0000-0000-000000000001', '+15550100001', 'Ann'),
       ('c0000000-0000-0000-0000-000000000002', 'aaaaaaaa-0000-0000-0000-000000000001', '+15550100002', 'Bob');

UPDATE golden_record.linking_settings SET fallback_grace = interval '30 seconds';
SELECT is(golden_record._link_grace(), interval '30 seconds', 'the setting is read at once');

-- The call's side: the appointment was made 1 minute after the end, before the report came.
INSERT INTO appointments (id, org_id, contact_id, created_at)
VALUES ('a0000000-0000-0000-0000-000000000001', 'aaaaaaaa-0000-0000-0000-000000000001',
        'c0000000-0000-0000-0000-000000000001', '2024-05-01 10:06:00+00');
INSERT INTO calls (id, org_id, vapi_call_id, contact_id, started_at, ended_at)
VALUES ('ca000000-0000-0000-0000-000000000001', 'aaaaaaaa-0000-0000-0000-000000000001', 'vapi-ann',
        'c0000000-0000-0000-0000-000000000001', '2024-05-01 10:00:00+00', '2024-05-01 10:05:00+00');
SELECT is((SELECT call_id FROM appointments WHERE id = 'a0000000-0000-0000-0000-000000000001'), NULL,
          'with 30 seconds of grace, 1 minute after the end is outside the window');

UPDATE golden_record.linking_settings SET fallback_grace = interval '10 minutes';
-- The report redelivered with a corrected end time runs the linking again.
UPDATE calls SET ended_at = '2024-05-01 10:05:01+00' WHERE id = 'ca000000-0000-0000-0000-000000000001';
SELECT is((SELECT call_id FROM appointments WHERE id = 'a0000000-0000-0000-0000-000000000001'),
          'ca000000-0000-0000-0000-000000000001'::uuid, 'with 10 minutes of grace the same appointment is linked');

-- The appointment's side: a booking inserted 9 minutes after the end.
INSERT INTO calls (id, org_id, vapi_call_id, contact_id, started_at, ended_at)
VALUES ('ca000000-0000-0000-0000-000000000002', 'aaaaaaaa-0000-0000-0000-000000000001', 'vapi-bob',
        'c0000000-0000-0000-0000-000000000002', '2024-05-01 10:00:00+00', '2024-05-01 10:05:00+00');
INSERT INTO appointments (id, org_id, contact_id, created_at)
VALUES ('a0000000-0000-0000-0000-000000000002', 'aaaaaaaa-0000-0000-0000-000000000001',
        'c0000000-0000-0000-0000-000000000002', '2024-05-01 10:14:00+00');
SELECT is((SELECT call_id FROM appointments WHERE id = 'a0000000-0000-0000-0000-000000000002'),
          'ca000000-0000-0000-0000-000000000002'::uuid, '9 minutes after the end is inside a 10-minute grace');

SELECT throws_ok(
  $$UPDATE golden_record.linking_settings SET fallback_grace = interval '-1 minute'$$,
  '23514', NULL, 'a negative grace period is refused'
);

SELECT * FROM finish();
ROLLBACK;
