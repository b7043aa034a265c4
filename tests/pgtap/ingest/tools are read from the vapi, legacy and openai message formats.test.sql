BEGIN;
SELECT plan(6);

-- Vapi format: role tool_calls with toolCalls[].function.name, results in tool_call_result.
SELECT is(vapi_extract_tools($${"type": "end-of-call-report", "artifact": {"messages": [
  {"role": "bot", "message": "Hello"},
  {"role": "tool_calls", "toolCalls": [{"id": "a", "type": "function", "function": {"name": "lookupCustomer", "arguments": "{}"}}]},
  {"role": "tool_call_result", "toolCallId": "a", "name": "lookupCustomer", "result": "ok"},
  {"role": "tool_calls", "toolCalls": [{"id": "b", "type": "function", "function": {"name": "bookAppointment", "arguments": "{}"}}]},
  {"role": "tool_call_result", "toolCallId": "b", "name": "bookAppointment", "result": "ok"}
]}}$$::jsonb), ARRAY['lookupCustomer', 'bookAppointment'], 'Vapi format: tool_calls messages');

-- Legacy format: role function_call with name (or functionCall.name, function_call.name).
SELECT is(vapi_extract_tools($${"type": "end-of-call-report", "messages": [
  {"role": "function_call", "name": "checkAvailability", "args": "{}"},
  {"role": "function_result", "name": "checkAvailability", "result": "ok"},
  {"role": "function_call", "functionCall": {"name": "bookAppointment", "arguments": "{}"}},
  {"role": "function_result", "name": "bookAppointment", "result": "ok"},
  {"role": "function_call", "function_call": {"name": "sendSms", "arguments": "{}"}}
]}$$::jsonb), ARRAY['checkAvailability', 'bookAppointment', 'sendSms'], 'legacy format: function_call messages, name in any of its three places');

-- OpenAI format: assistant tool_calls[].function.name; role tool has no name.
SELECT is(vapi_extract_tools($${"type": "end-of-call-report", "artifact": {"messagesOpenAIFormatted": [
  {"role": "system", "content": "You book appointments."},
  {"role": "assistant", "content": "", "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "checkAvailability", "arguments": "{}"}}]},
  {"role": "tool", "tool_call_id": "c1", "content": "ok"},
  {"role": "assistant", "content": "", "function_call": {"name": "bookAppointment", "arguments": "{}"}},
  {"role": "function", "name": "bookAppointment", "content": "ok"}
]}}$$::jsonb), ARRAY['checkAvailability', 'bookAppointment'], 'OpenAI format: assistant tool_calls, and its legacy function_call');

SELECT is(vapi_extract_tools($${"messagesOpenAIFormatted": [
  {"role": "assistant", "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "transferCall", "arguments": "{}"}}]}
]}$$::jsonb), ARRAY['transferCall'], 'OpenAI format at the top level of older payloads');

SELECT is(vapi_extract_tools($${"message": {"type": "end-of-call-report", "artifact": {"messages": [
  {"role": "tool_calls", "toolCalls": [{"id": "a", "type": "function", "function": {"name": "endCall", "arguments": "{}"}}]}
]}}}$$::jsonb), ARRAY['endCall'], 'the webhook envelope is accepted as well as the bare message');

SELECT is(
  (ingest_vapi_call($${"message": {"type": "end-of-call-report", "messages": [
     {"role": "function_call", "name": "checkAvailability"}, {"role": "function_result", "name": "checkAvailability", "result": "ok"}
   ], "call": {"id": "call-legacy-tools", "type": "webCall"}}}$$::jsonb, '00000000-0000-0000-0000-0000000000a1'))->>'status',
  'ingested', 'a report in the legacy format is ingested');

SELECT * FROM finish();
ROLLBACK;
