BEGIN;
SELECT plan(3);

SELECT is(vapi_extract_tools($${"artifact": {"messages": [
  {"role": "tool_calls", "toolCalls": [{"id": "a", "type": "function", "function": {"name": "bookAppointment", "arguments": "{}"}}]},
  {"role": "tool_call_result", "toolCallId": "a", "name": "bookAppointment", "result": "ok"},
  {"role": "tool_calls", "toolCalls": [{"id": "b", "type": "function", "function": {"name": "transferCall", "arguments": "{}"}}]}
]}}$$::jsonb), ARRAY['bookAppointment', 'transferCall'], 'transferCall without a result counts; the result of bookAppointment adds nothing');

SELECT is(vapi_extract_tools($${"artifact": {"messages": [
  {"role": "tool_call_result", "toolCallId": "x", "name": "orphanResult", "result": "ok"},
  {"role": "function_result", "name": "legacyResult", "result": "ok"},
  {"role": "tool", "tool_call_id": "y", "content": "ok"}
]}}$$::jsonb), '{}'::text[], 'results alone are no use of a tool');

SELECT is(vapi_extract_tools($${"artifact": {"messages": [
  {"role": "tool_calls", "toolCalls": [{"id": "e", "type": "function", "function": {"name": "endCall", "arguments": "{}"}}]}
]}}$$::jsonb), ARRAY['endCall'], 'endCall, which never has a result, counts');

SELECT * FROM finish();
ROLLBACK;
