BEGIN;
SELECT plan(5);

SELECT ingest_vapi_call('{"message": {"type": "status-update", "status": "not-found", "call": {"id": "status-new"}}}'::jsonb, '00000000-0000-0000-0000-0000000000a1');
SELECT is((SELECT status FROM calls WHERE vapi_call_id = 'status-new'), 'not-found', 'a first status not-found is stored verbatim');

SELECT ingest_vapi_call('{"message": {"type": "end-of-call-report", "cost": 0.1, "endedReason": "customer-ended-call", "call": {"id": "status-ended"}}}'::jsonb,
  '00000000-0000-0000-0000-0000000000a1');
CREATE TEMP TABLE late AS
SELECT ingest_vapi_call('{"message": {"type": "status-update", "status": "deletion-failed", "call": {"id": "status-ended"}}}'::jsonb, '00000000-0000-0000-0000-0000000000a1') AS single,
       ingest_vapi_call('{"message": {"type": "status-update", "status": "not-found", "call": {"id": "status-ended"}}}', '00000000-0000-0000-0000-0000000000a1') AS text;
CREATE TEMP TABLE bulk AS SELECT * FROM ingest_vapi_calls(ARRAY[
  '{"message": {"type": "status-update", "status": "not-found", "call": {"id": "status-ended"}}}'::jsonb,
  '{"message": {"type": "status-update", "status": "deletion-failed", "call": {"id": "status-set"}}}'::jsonb,
  '{"message": {"type": "status-update", "status": "ended", "call": {"id": "status-set"}}}'::jsonb,
  '{"message": {"type": "status-update", "status": "not-found", "call": {"id": "status-set"}}}'::jsonb], '00000000-0000-0000-0000-0000000000a1');

SELECT is((SELECT status FROM calls WHERE vapi_call_id = 'status-ended'), 'ended', 'an ended call stays ended after not-found and deletion-failed, in every form');
SELECT is((SELECT array_agg(outcome ORDER BY id) FROM vapi_events WHERE vapi_call_id = 'status-ended' AND message_type = 'status-update'),
  ARRAY['duplicate', 'duplicate', 'duplicate'], 'the late statuses change nothing and are kept as duplicates');
SELECT is((SELECT cost_cents FROM calls WHERE vapi_call_id = 'status-ended'), 10, 'nothing the report wrote is touched');
SELECT is((SELECT status FROM calls WHERE vapi_call_id = 'status-set'), 'ended', 'set form: deletion-failed is replaced by ended, and not-found after it changes nothing');

SELECT * FROM finish();
ROLLBACK;
