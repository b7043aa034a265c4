BEGIN;
SELECT plan(10);

-- The first delivery, an identical redelivery, and a retry that differs as Vapi's do: another
-- presigned recording URL and a later timestamp.
CREATE TEMP TABLE body AS SELECT
  $${"message": {"type": "end-of-call-report", "timestamp": 1741255331000, "endedReason": "customer-ended-call", "cost": 0.2173,
     "artifact": {"recordingUrl": "https://storage.vapi.ai/c-mono.wav?X-Amz-Signature=first",
                  "messages": [{"role": "tool_calls", "toolCalls": [{"function": {"name": "bookAppointment"}}]}]},
     "call": {"id": "call-redelivered"}}}$$::jsonb AS first,
  $${"message": {"type": "end-of-call-report", "timestamp": 1741255391000, "endedReason": "customer-ended-call", "cost": 0.2173,
     "artifact": {"recordingUrl": "https://storage.vapi.ai/c-mono.wav?X-Amz-Signature=retry",
                  "messages": [{"role": "tool_calls", "toolCalls": [{"function": {"name": "bookAppointment"}}]}]},
     "call": {"id": "call-redelivered"}}}$$::jsonb AS retry;

CREATE TEMP TABLE results (n integer, result jsonb);
INSERT INTO results SELECT 1, ingest_vapi_call(first, '00000000-0000-0000-0000-0000000000a1') FROM body;
INSERT INTO results SELECT 2, ingest_vapi_call(first, '00000000-0000-0000-0000-0000000000a1') FROM body;
INSERT INTO results SELECT 3, ingest_vapi_call(retry, '00000000-0000-0000-0000-0000000000a1') FROM body;
INSERT INTO results SELECT 4, ingest_vapi_call(first, '00000000-0000-0000-0000-0000000000a1') FROM body;

SELECT is((SELECT result->>'status' FROM results WHERE n = 1), 'ingested', 'first delivery: ingested');
SELECT is((SELECT result->>'status' FROM results WHERE n = 2), 'duplicate', 'the same body again: duplicate');
SELECT is((SELECT result->>'status' FROM results WHERE n = 3), 'updated', 'a retry with a new recording URL: updated');
SELECT is((SELECT result->>'status' FROM results WHERE n = 4), 'duplicate', 'the older report arriving after the newer one: duplicate');
SELECT is((SELECT count(DISTINCT result->>'call_id')::integer FROM results), 1, 'every delivery names the same row');
SELECT is((SELECT count(*)::integer FROM calls WHERE vapi_call_id = 'call-redelivered'), 1, 'still one row for the call');
SELECT is((SELECT recording_url FROM calls WHERE vapi_call_id = 'call-redelivered'), 'https://storage.vapi.ai/c-mono.wav?X-Amz-Signature=retry',
  'the row holds the newest report');
SELECT is((SELECT cost_cents FROM calls WHERE vapi_call_id = 'call-redelivered'), 22, 'cost unchanged');
SELECT ok((SELECT notes FROM vapi_events WHERE vapi_call_id = 'call-redelivered' ORDER BY id DESC LIMIT 1)::text LIKE '%already applied%',
  'the stale report''s event says why nothing changed');
SELECT is((SELECT array_agg(outcome ORDER BY id) FROM vapi_events WHERE vapi_call_id = 'call-redelivered'),
  ARRAY['ingested', 'duplicate', 'updated', 'duplicate'], 'every delivery is kept in the event store');

SELECT * FROM finish();
ROLLBACK;
