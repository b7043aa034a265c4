BEGIN;
SELECT plan(4);

-- A mid-2024 report: artifact.messages is empty, the whole history (tool calls included) sits
-- in the top-level messages. Handed through the single, text, set and text-set forms.
CREATE TEMP TABLE body AS SELECT $${"message": {"type": "end-of-call-report", "endedReason": "customer-ended-call",
  "artifact": {"messages": [], "transcript": "AI: Hello"},
  "messages": [{"role": "system", "message": "You are a receptionist"},
               {"role": "tool_calls", "toolCalls": [{"id": "t1", "function": {"name": "checkAvailability", "arguments": "{}"}}]},
               {"role": "tool_call_result", "name": "checkAvailability", "toolCallId": "t1", "result": "free"},
               {"role": "tool_calls", "toolCalls": [{"id": "t2", "function": {"name": "bookAppointment", "arguments": "{}"}}]}],
  "messagesOpenAIFormatted": [{"role": "assistant", "tool_calls": [{"function": {"name": "bookAppointment"}}]}],
  "call": {"id": "ID"}}}$$::text AS template;

SELECT ingest_vapi_call(replace(template, '"ID"', '"empty-artifact-single"')::jsonb, '00000000-0000-0000-0000-0000000000a1') FROM body;
SELECT ingest_vapi_call(replace(template, '"ID"', '"empty-artifact-text"'), '00000000-0000-0000-0000-0000000000a1') FROM body;
SELECT * FROM ingest_vapi_calls(ARRAY[(SELECT replace(template, '"ID"', '"empty-artifact-set"')::jsonb FROM body)], '00000000-0000-0000-0000-0000000000a1');
SELECT * FROM ingest_vapi_calls(ARRAY[(SELECT replace(template, '"ID"', '"empty-artifact-text-set"') FROM body)], '00000000-0000-0000-0000-0000000000a1');

SELECT is((SELECT tools_used FROM calls WHERE vapi_call_id = 'empty-artifact-single'), ARRAY['checkAvailability', 'bookAppointment'],
  'single form: the tools of the top-level messages, in order, the OpenAI copy not added');
SELECT is((SELECT tools_used FROM calls WHERE vapi_call_id = 'empty-artifact-text'), ARRAY['checkAvailability', 'bookAppointment'], 'text form: the same');
SELECT is((SELECT tools_used FROM calls WHERE vapi_call_id = 'empty-artifact-set'), ARRAY['checkAvailability', 'bookAppointment'], 'set form: the same');
SELECT is((SELECT tools_used FROM calls WHERE vapi_call_id = 'empty-artifact-text-set'), ARRAY['checkAvailability', 'bookAppointment'], 'text set form: the same');

SELECT * FROM finish();
ROLLBACK;
