BEGIN;
SELECT plan(3);

SELECT is(vapi_extract_tools($${"artifact": {"messages": [
  {"role": "tool_calls", "toolCalls": [
    {"id": "a", "type": "function", "function": {"name": "lookupCustomer", "arguments": "{}"}},
    {"id": "b", "type": "function", "function": {"name": "checkAvailability", "arguments": "{}"}},
    {"id": "c", "type": "function", "function": {"name": "checkInsurance", "arguments": "{}"}}
  ]},
  {"role": "tool_call_result", "toolCallId": "a", "name": "lookupCustomer", "result": "ok"},
  {"role": "tool_call_result", "toolCallId": "b", "name": "checkAvailability", "result": "ok"},
  {"role": "tool_call_result", "toolCallId": "c", "name": "checkInsurance", "result": "ok"}
]}}$$::jsonb), ARRAY['lookupCustomer', 'checkAvailability', 'checkInsurance'], 'several calls in one Vapi message, in their order');

SELECT is(vapi_extract_tools($${"artifact": {"messagesOpenAIFormatted": [
  {"role": "assistant", "tool_calls": [
    {"id": "a", "type": "function", "function": {"name": "checkAvailability", "arguments": "{\"day\": 1}"}},
    {"id": "b", "type": "function", "function": {"name": "checkAvailability", "arguments": "{\"day\": 2}"}},
    {"id": "c", "type": "function", "function": {"name": "bookAppointment", "arguments": "{}"}}
  ]},
  {"role": "tool", "tool_call_id": "a", "content": "ok"},
  {"role": "assistant", "tool_calls": [{"id": "d", "type": "function", "function": {"name": "checkAvailability", "arguments": "{}"}}]}
]}}$$::jsonb), ARRAY['checkAvailability', 'bookAppointment'], 'several OpenAI calls in one message; a name used again is listed once');

SELECT is(vapi_extract_tools($${"artifact": {"messages": [
  {"role": "tool_calls", "toolCalls": [{"id": "a", "type": "function", "function": {"name": "sendSms", "arguments": "{}"}}]},
  {"role": "tool_calls", "toolCalls": [
    {"id": "b", "type": "function", "function": {"name": "bookAppointment", "arguments": "{}"}},
    {"id": "c", "type": "function", "function": {"name": "sendSms", "arguments": "{}"}}
  ]}
]}}$$::jsonb), ARRAY['sendSms', 'bookAppointment'], 'order is the first use across messages');

SELECT * FROM finish();
ROLLBACK;
