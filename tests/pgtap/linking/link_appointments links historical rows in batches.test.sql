-- Rows written before the package's triggers existed are linked by link_appointments, one
-- batch of calls per call, with a cursor to resume from; running it again changes nothing.
BEGIN;
SELECT plan(11);

-- History: rows written with the triggers off, as before the package was installed.
SET LOCAL session_replication_role = replica;
INSERT INTO contacts (id, org_id, phone_number, name)
VALUES ('c0000000-0000-0000-0000-000000000001', 'aaaaaaaa-0000-0000-0000-000000000001', '+15550100001', 'Ann');
INSERT INTO calls (id, org_id, vapi_call_id, contact_id, started_at, ended_at, created_at)
SELECT ('ca000000-0000-0000-0000-00000000000' || n)::uuid, 'aaaaaaaa-0000-0000-0000-000000000001', 'vapi-history-' || n,
       'c0000000-0000-0000-0000-000000000001',
       timestamptz '2024-05-01 10:00:00+00' + n * interval '1 hour',
       timestamptz '2024-05-01 10:05:00+00' + n * interval '1 hour',
       -- two calls share a created_at: the cursor must not skip or repeat either
       timestamptz '2024-05-01 10:05:00+00' + least(n, 2) * interval '1 hour'
  FROM generate_series(1, 5) AS n;
-- Calls 1-3 booked by Vapi id, calls 4-5 by the fallback (no Vapi id on the appointment).
INSERT INTO appointments (org_id, contact_id, vapi_call_id, created_at)
SELECT 'aaaaaaaa-0000-0000-0000-000000000001', 'c0000000-0000-0000-0000-000000000001',
       CASE WHEN n <= 3 THEN 'vapi-history-' || n END,
       timestamptz '2024-05-01 10:02:00+00' + n * interval '1 hour'
  FROM generate_series(1, 5) AS n;
-- Another org's call with the same kind of rows is left alone.
INSERT INTO calls (org_id, vapi_call_id, started_at, ended_at)
VALUES ('bbbbbbbb-0000-0000-0000-000000000002', 'vapi-history-b', '2024-05-01 10:00:00+00', '2024-05-01 10:05:00+00');
INSERT INTO appointments (org_id, vapi_call_id) VALUES ('bbbbbbbb-0000-0000-0000-000000000002', 'vapi-history-b');
SET LOCAL session_replication_role = origin;

SELECT is((SELECT count(*) FROM appointments WHERE call_id IS NOT NULL), 0::bigint, 'history starts unlinked');

CREATE TEMP TABLE batches (n serial, result jsonb) ON COMMIT DROP;
INSERT INTO batches (result) SELECT link_appointments('aaaaaaaa-0000-0000-0000-000000000001', NULL, 2);
INSERT INTO batches (result)
SELECT link_appointments('aaaaaaaa-0000-0000-0000-000000000001', result ->> 'next_cursor', 2)
  FROM batches WHERE n = 1;
INSERT INTO batches (result)
SELECT link_appointments('aaaaaaaa-0000-0000-0000-000000000001', result ->> 'next_cursor', 2)
  FROM batches WHERE n = 2;

SELECT results_eq(
  $$SELECT (result ->> 'calls')::int, (result ->> 'linked')::int, (result ->> 'done')::boolean FROM batches ORDER BY n$$,
  $$VALUES (2, 2, false), (2, 2, false), (1, 1, true)$$,
  'three batches of at most 2 calls visit the 5 calls once each and link 5 appointments'
);
SELECT is((SELECT result -> 'next_cursor' FROM batches WHERE n = 3), 'null'::jsonb, 'the last batch has no cursor');
SELECT is((SELECT count(*) FROM batches, jsonb_object_keys(result) k WHERE k NOT IN ('calls', 'linked', 'done', 'next_cursor')), 0::bigint,
          'a batch returns counts and an opaque cursor, nothing else');

SELECT is(
  (SELECT count(*) FROM appointments a JOIN calls c ON c.id = a.call_id AND c.appointment_id = a.id
    WHERE a.org_id = 'aaaaaaaa-0000-0000-0000-000000000001'),
  5::bigint, 'every call of the org is linked both ways'
);
SELECT is((SELECT count(*) FROM appointments WHERE call_id IS NOT NULL AND vapi_call_id IS NULL), 0::bigint,
          'fallback links got their Vapi id too');
SELECT is((SELECT count(*) FROM appointments WHERE org_id = 'bbbbbbbb-0000-0000-0000-000000000002' AND call_id IS NOT NULL),
          0::bigint, 'the other org is untouched');

SELECT is((link_appointments('aaaaaaaa-0000-0000-0000-000000000001') ->> 'linked')::int, 0, 'a second run links nothing more');

SELECT throws_ok($$SELECT link_appointments(NULL)$$, '22023', NULL, 'org_id is required');
SELECT throws_ok($$SELECT link_appointments('aaaaaaaa-0000-0000-0000-000000000001', NULL, 0)$$, '22023', NULL,
                 'a batch size below 1 is refused');
SELECT throws_ok(format($$SELECT link_appointments('bbbbbbbb-0000-0000-0000-000000000002', %L, 2)$$, (SELECT result ->> 'next_cursor' FROM batches WHERE n = 1)),
                 '22023', NULL, 'a cursor of one org is refused for another');

SELECT * FROM finish();
ROLLBACK;
