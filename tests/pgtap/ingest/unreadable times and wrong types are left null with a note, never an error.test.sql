BEGIN;
SELECT plan(7);

CREATE TEMP TABLE results AS
SELECT ingest_vapi_call($${"message": {"type": "end-of-call-report", "timestamp": "yesterday",
         "startedAt": "2025-02-30T10:00:00Z", "endedAt": "now", "durationSeconds": -5,
         "endedReason": {"code": 1}, "customer": {"number": 14155550123, "name": ["x"]}, "analysis": {"summary": 42},
         "artifact": {"transcript": {"text": "x"}, "recordingUrl": false, "messages": [{"role": "tool_calls", "toolCalls": {"a": 1}}]},
         "costBreakdown": "cheap", "costs": "many", "call": {"id": "call-wrong-types", "type": 3, "metadata": "m"}}}$$::jsonb,
         '00000000-0000-0000-0000-0000000000a1') AS result;

SELECT is((SELECT result->>'status' FROM results), 'ingested', 'wrong types everywhere: still ingested');
SELECT is((SELECT (started_at, ended_at) FROM calls WHERE vapi_call_id = 'call-wrong-types'), (NULL::timestamptz, NULL::timestamptz),
  'February 30th and "now" are not times');
SELECT ok((SELECT notes FROM vapi_events WHERE vapi_call_id = 'call-wrong-types')::text LIKE '%2025-02-30%not a time%', 'the bad startedAt is noted');
SELECT is((SELECT duration_seconds FROM calls WHERE vapi_call_id = 'call-wrong-types'), NULL, 'a negative duration is left NULL');
SELECT is((SELECT (ended_reason, phone_number, caller_name, summary, transcript, recording_url, direction)
           FROM calls WHERE vapi_call_id = 'call-wrong-types'),
  (NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, NULL::text), 'values that are not strings are no values');
SELECT is((SELECT (cost_breakdown, tools_used, metadata) FROM calls WHERE vapi_call_id = 'call-wrong-types'),
  (NULL::jsonb, '{}'::text[], '{}'::jsonb), 'a breakdown, tools or metadata of the wrong type are empty');
SELECT ok((SELECT report_sent_at IS NOT NULL FROM calls WHERE vapi_call_id = 'call-wrong-types'), 'an unreadable report timestamp falls back to the time received');

SELECT * FROM finish();
ROLLBACK;
