BEGIN;
SELECT plan(6);

SELECT is(vapi_extract_tools($${"artifact": {
  "messages": [{"role": "tool_calls", "toolCalls": [{"function": {"name": "bookAppointment"}}]}],
  "messagesOpenAIFormatted": [{"role": "assistant", "tool_calls": [{"function": {"name": "bookAppointment"}}, {"function": {"name": "sendSms"}}]}]
}, "messages": [{"role": "function_call", "name": "legacyOnly"}]}$$::jsonb),
  ARRAY['bookAppointment'], 'artifact.messages wins; the copies of the same history are never added up');

SELECT is(vapi_extract_tools($${"artifact": {"messages": []}, "messages": [{"role": "function_call", "name": "legacyOnly"}]}$$::jsonb),
  ARRAY['legacyOnly'], 'an empty artifact.messages (real mid-2024 reports) is skipped for the top-level messages');

SELECT is(vapi_extract_tools($${"artifact": {"messages": "not an array"}, "messages": [{"role": "function_call", "name": "fromMessages"}]}$$::jsonb),
  ARRAY['fromMessages'], 'a value that is not an array is skipped for the next one');

SELECT is(vapi_extract_tools($${"artifact": {"messages": {"role": "tool_calls"}}}$$::jsonb), '{}'::text[], 'no array anywhere: no tools, no error');

SELECT is(vapi_extract_tools($${"artifact": {"messages": [
  1, "text", null, [], {"role": "tool_calls", "toolCalls": "nope"}, {"role": "tool_calls", "toolCalls": [{"function": {"name": 42}}, {"function": "x"}, null]},
  {"role": "tool_calls", "toolCalls": [{"function": {"name": "   "}}, {"function": {"name": "  checkAvailability  "}}]}
]}}$$::jsonb), ARRAY['checkAvailability'], 'junk inside the array is skipped; names are trimmed, empty ones dropped');

CREATE TEMP TABLE delivery AS SELECT ingest_vapi_call($${"message": {"type": "end-of-call-report", "artifact": {"messages": 17},
  "call": {"id": "call-messages-not-array"}}}$$::jsonb, '00000000-0000-0000-0000-0000000000a1');
SELECT is((SELECT tools_used FROM calls WHERE vapi_call_id = 'call-messages-not-array'), '{}'::text[],
  'a report whose messages are not an array is ingested with no tools');

SELECT * FROM finish();
ROLLBACK;
