BEGIN;
SELECT plan(4);

-- Org B's call, written a week ago (the linking trigger takes no lock for old calls).
INSERT INTO calls (org_id, vapi_call_id, status, started_at, created_at)
VALUES ('00000000-0000-0000-0000-0000000000b2', 'call-of-b', 'ended', now() - interval '7 days', now() - interval '7 days');

CREATE FUNCTION pg_temp.holds_lock(p_org uuid, p_id text) RETURNS boolean LANGUAGE sql AS $$
  SELECT EXISTS (
    SELECT 1 FROM pg_locks l,
           LATERAL (SELECT hashtextextended('golden_record.vapi_call:' || p_org || ':' || p_id, 0) AS key) k
     WHERE l.locktype = 'advisory' AND l.pid = pg_backend_pid() AND l.granted
       AND l.classid = ((k.key >> 32) & 4294967295)::oid AND l.objid = (k.key & 4294967295)::oid AND l.objsubid = 1)
$$;
SELECT ok(NOT pg_temp.holds_lock('00000000-0000-0000-0000-0000000000b2', 'call-of-b'), 'at first no lock on B''s call');

-- Org A claims B's call id, through the single and the set form.
CREATE TEMP TABLE claims AS
SELECT ingest_vapi_call('{"message": {"type": "status-update", "status": "in-progress", "call": {"id": "call-of-b"}}}'::jsonb,
                        '00000000-0000-0000-0000-0000000000a2')->>'reason' AS reason
UNION ALL
SELECT reason FROM ingest_vapi_calls(ARRAY['{"message": {"type": "end-of-call-report", "call": {"id": "call-of-b"}}}'::jsonb],
                                     '00000000-0000-0000-0000-0000000000a2');

SELECT is((SELECT array_agg(DISTINCT reason) FROM claims), ARRAY['call_of_another_org'], 'both are refused');
SELECT ok(NOT pg_temp.holds_lock('00000000-0000-0000-0000-0000000000b2', 'call-of-b'), 'and B''s lock was never taken, so B''s deliveries never wait for them');
SELECT ok(pg_temp.holds_lock('00000000-0000-0000-0000-0000000000a2', 'call-of-b'), 'the lock taken is the claiming org''s own');

SELECT * FROM finish();
ROLLBACK;
