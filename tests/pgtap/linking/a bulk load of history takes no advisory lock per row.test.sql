-- The per-call advisory lock serialises a booking with a live call. Rows of history (older than
-- a day) cannot race a booking, so loading them takes none: a load of many thousand calls in
-- one statement would otherwise overflow the lock table (out of shared memory).
BEGIN;
SELECT plan(4);

-- This session's advisory locks but the one of the org's first rollup build (one per org, see
-- _call_rollups_fold), which a load of this size triggers.
CREATE TEMP VIEW call_locks AS
  SELECT l.* FROM pg_locks l
   WHERE l.pid = pg_backend_pid() AND l.locktype = 'advisory'
     AND ((l.classid::bigint << 32) | l.objid::bigint)
         <> hashtextextended('golden_record.rollup_build:aaaaaaaa-0000-0000-0000-000000000001', 0);

INSERT INTO calls (org_id, vapi_call_id, started_at, ended_at, created_at)
SELECT 'aaaaaaaa-0000-0000-0000-000000000001', 'vapi-history-' || n,
       now() - interval '30 days 5 minutes', now() - interval '30 days', now() - interval '30 days'
  FROM generate_series(1, 100) AS n;
INSERT INTO appointments (org_id, vapi_call_id, created_at)
SELECT 'aaaaaaaa-0000-0000-0000-000000000001', 'vapi-history-' || n, now() - interval '30 days 3 minutes'
  FROM generate_series(1, 100) AS n;
SELECT is((SELECT count(*) FROM call_locks), 0::bigint,
          '100 calls and 100 bookings of last month: no advisory lock');
SELECT is((SELECT count(*) FROM calls c JOIN appointments a ON a.call_id = c.id AND c.appointment_id = a.id), 100::bigint,
          'and they are linked all the same');

INSERT INTO calls (org_id, vapi_call_id, started_at)
SELECT 'aaaaaaaa-0000-0000-0000-000000000001', 'vapi-live-' || n, now() - interval '1 minute'
  FROM generate_series(1, 10) AS n;
SELECT is((SELECT count(*) FROM call_locks), 10::bigint,
          '10 live calls: one advisory lock each');

INSERT INTO calls (org_id, vapi_call_id, started_at, ended_at, created_at)
SELECT 'aaaaaaaa-0000-0000-0000-000000000001', 'vapi-bulk-' || n,
       now() - interval '400 days', now() - interval '399 days', now() - interval '399 days'
  FROM generate_series(1, 20000) AS n;
SELECT is((SELECT count(*) FROM calls WHERE vapi_call_id LIKE 'vapi-bulk-%'), 20000::bigint,
          '20,000 calls of history in one statement load without exhausting the lock table');

SELECT * FROM finish();
ROLLBACK;
