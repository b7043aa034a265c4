BEGIN;
SELECT plan(8);

CREATE TEMP TABLE results AS
SELECT ingest_vapi_call($$
{"message": {"type": "end-of-call-report", "endedReason": "customer-ended-call", "cost": 0.07,
 "customer": {"number": "+14155550123", "name": "Ma\u0000ria \ud83d\ude00 \ud800x \udc00"},
 "analysis": {"summary": "kept: \\u0000 is text here"},
 "artifact": {"messages": [{"role": "tool_calls", "toolCalls": [{"function": {"name": "book\u0000Appointment"}}]}]},
 "call": {"id": "call-text-repair"}}}$$::text, '00000000-0000-0000-0000-0000000000a1') AS repaired,
       ingest_vapi_call($${"message": {"type": "status-update", "status": "ringing", "call": {"id": "call-text-valid"}}}$$::text,
                        '00000000-0000-0000-0000-0000000000a1') AS valid;

SELECT is((SELECT repaired->>'status' FROM results), 'ingested', 'a body with \u0000 and lone surrogates is ingested after repair');
SELECT is((SELECT caller_name FROM calls WHERE vapi_call_id = 'call-text-repair'), E'Maria \U0001F600 \uFFFDx \uFFFD',
  'NUL dropped, a valid pair kept, lone surrogates replaced by U+FFFD');
SELECT is((SELECT summary FROM calls WHERE vapi_call_id = 'call-text-repair'), 'kept: \u0000 is text here', 'an escaped backslash before u0000 is text, kept');
SELECT is((SELECT tools_used FROM calls WHERE vapi_call_id = 'call-text-repair'), ARRAY['bookAppointment'], 'the tool name without its NUL');
SELECT is((SELECT cost_cents FROM calls WHERE vapi_call_id = 'call-text-repair'), 7, 'the rest is read as usual');
SELECT ok((SELECT notes FROM vapi_events WHERE vapi_call_id = 'call-text-repair')::text LIKE '%repaired before parsing%', 'the event notes the repair');
SELECT is((SELECT payload->'message'->'customer'->>'name' FROM vapi_events WHERE vapi_call_id = 'call-text-repair'), E'Maria \U0001F600 \uFFFDx \uFFFD',
  'the stored body is the repaired one');
SELECT is((SELECT valid->>'status' FROM results), 'ingested', 'valid JSON handed over as text is ingested as it is');

SELECT * FROM finish();
ROLLBACK;
