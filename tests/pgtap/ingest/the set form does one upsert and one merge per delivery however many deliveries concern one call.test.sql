BEGIN;
SELECT plan(6);

-- Counted work, not time: the functions each form runs, per transaction (pg_stat_xact_user_functions).
SET LOCAL track_functions = 'all';

CREATE TEMP TABLE one_call AS
SELECT * FROM ingest_vapi_calls(ARRAY(
  SELECT jsonb_build_object('message', jsonb_build_object('type', 'status-update',
           'status', (ARRAY['queued', 'ringing', 'in-progress'])[1 + n % 3], 'call', jsonb_build_object('id', 'one-call')))
    FROM generate_series(1, 2000) AS n ORDER BY n), '00000000-0000-0000-0000-0000000000a1');
CREATE TEMP TABLE one_call_work AS
SELECT funcname::text COLLATE "C" AS funcname, calls FROM pg_stat_xact_user_functions WHERE funcname IN ('_vapi_upsert_calls', '_vapi_merge', '_vapi_extract');

CREATE TEMP TABLE distinct_calls AS
SELECT * FROM ingest_vapi_calls(ARRAY(
  SELECT jsonb_build_object('message', jsonb_build_object('type', 'status-update',
           'status', 'ringing', 'call', jsonb_build_object('id', 'distinct-' || n)))
    FROM generate_series(1, 2000) AS n ORDER BY n), '00000000-0000-0000-0000-0000000000a1');
CREATE TEMP TABLE both_work AS
SELECT funcname::text COLLATE "C" AS funcname, calls FROM pg_stat_xact_user_functions WHERE funcname IN ('_vapi_upsert_calls', '_vapi_merge', '_vapi_extract');

SELECT is((SELECT array_agg(funcname || ' ' || calls ORDER BY funcname) FROM one_call_work),
  ARRAY['_vapi_extract 2000', '_vapi_merge 2000', '_vapi_upsert_calls 1'],
  '2,000 deliveries of one call: one extraction and one merge per delivery, one upsert');
SELECT is((SELECT array_agg(funcname || ' ' || (b.calls - o.calls) ORDER BY funcname) FROM both_work b JOIN one_call_work o USING (funcname)),
  (SELECT array_agg(funcname || ' ' || calls ORDER BY funcname) FROM one_call_work),
  '2,000 distinct calls: exactly the same work');

SELECT is((SELECT status FROM one_call WHERE ord = 1), 'ingested', 'the first delivery creates the call');
SELECT is((SELECT array_agg(DISTINCT status ORDER BY status) FROM one_call WHERE ord > 1), ARRAY['duplicate', 'updated'],
  'the others update it or change nothing');
SELECT is((SELECT status FROM calls WHERE vapi_call_id = 'one-call'), 'in-progress', 'status ends at the furthest one');
SELECT is((SELECT count(DISTINCT call_id)::integer FROM one_call), 1, 'every delivery names the one call');

SELECT * FROM finish();
ROLLBACK;
