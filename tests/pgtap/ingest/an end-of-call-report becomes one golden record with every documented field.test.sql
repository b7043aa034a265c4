BEGIN;
SELECT plan(21);

CREATE TEMP TABLE delivery AS
SELECT ingest_vapi_call($${"message": {
  "type": "end-of-call-report",
  "timestamp": 1741255331512,
  "endedReason": "customer-ended-call",
  "cost": 0.2173,
  "costs": [{"type": "model", "cost": 0.0523}, {"type": "vapi", "cost": 0.1065}],
  "costBreakdown": {"transport": 0.0171, "llm": 0.0523, "vapi": 0.1065, "total": 0.2173},
  "startedAt": "2025-03-06T10:00:04.210Z",
  "endedAt": "2025-03-06T10:02:12.018Z",
  "durationSeconds": 127.808,
  "customer": {"number": "+14155550123", "name": "Maria Alvarez"},
  "analysis": {"summary": "Maria booked a cleaning for Tuesday."},
  "artifact": {
    "transcript": "AI: Sunset Dental, this is Ava.\nUser: I'd like a cleaning.",
    "recordingUrl": "https://storage.vapi.ai/call-eocr-1-mono.wav",
    "messages": [
      {"role": "system", "message": "You are Ava."},
      {"role": "tool_calls", "toolCalls": [{"id": "t1", "type": "function", "function": {"name": "checkAvailability", "arguments": "{}"}}]},
      {"role": "tool_call_result", "toolCallId": "t1", "name": "checkAvailability", "result": "ok"},
      {"role": "tool_calls", "toolCalls": [{"id": "t2", "type": "function", "function": {"name": "bookAppointment", "arguments": "{}"}}]},
      {"role": "tool_call_result", "toolCallId": "t2", "name": "bookAppointment", "result": "booked"}
    ]
  },
  "assistant": {"id": "asst-1", "metadata": {"team": "front-desk"}},
  "call": {"id": "call-eocr-1", "type": "inboundPhoneCall", "status": "in-progress",
           "assistantOverrides": {"metadata": {"clinic": "sunset"}}}
}}$$::jsonb, '00000000-0000-0000-0000-0000000000a1') AS result;

SELECT is((SELECT result->>'status' FROM delivery), 'ingested', 'the first report of a call is ingested');
SELECT is((SELECT count(*)::integer FROM calls WHERE vapi_call_id = 'call-eocr-1'), 1, 'one row for the call');
SELECT is((SELECT id FROM calls WHERE vapi_call_id = 'call-eocr-1'), (SELECT (result->>'call_id')::uuid FROM delivery), 'the result names the row');
SELECT is((SELECT org_id FROM calls WHERE vapi_call_id = 'call-eocr-1'), '00000000-0000-0000-0000-0000000000a1'::uuid, 'org_id is the argument');
SELECT is((SELECT direction FROM calls WHERE vapi_call_id = 'call-eocr-1'), 'inbound', 'inboundPhoneCall is inbound');
SELECT is((SELECT phone_number FROM calls WHERE vapi_call_id = 'call-eocr-1'), '+14155550123', 'phone_number from customer.number');
SELECT is((SELECT caller_name FROM calls WHERE vapi_call_id = 'call-eocr-1'), 'Maria Alvarez', 'caller_name from customer.name');
SELECT is((SELECT status FROM calls WHERE vapi_call_id = 'call-eocr-1'), 'ended', 'status is ended, not the in-progress snapshot of message.call');
SELECT is((SELECT started_at FROM calls WHERE vapi_call_id = 'call-eocr-1'), '2025-03-06T10:00:04.210Z'::timestamptz, 'started_at from startedAt');
SELECT is((SELECT ended_at FROM calls WHERE vapi_call_id = 'call-eocr-1'), '2025-03-06T10:02:12.018Z'::timestamptz, 'ended_at from endedAt');
SELECT is((SELECT duration_seconds FROM calls WHERE vapi_call_id = 'call-eocr-1'), 128, 'duration_seconds is durationSeconds rounded');
SELECT is((SELECT cost_cents FROM calls WHERE vapi_call_id = 'call-eocr-1'), 22, 'cost_cents is ceil(0.2173 * 100)');
SELECT is((SELECT cost_breakdown FROM calls WHERE vapi_call_id = 'call-eocr-1'),
  '{"transport": 0.0171, "llm": 0.0523, "vapi": 0.1065, "total": 0.2173, "costs": [{"type": "model", "cost": 0.0523}, {"type": "vapi", "cost": 0.1065}]}'::jsonb,
  'cost_breakdown keeps costBreakdown and the per-component costs');
SELECT is((SELECT ended_reason FROM calls WHERE vapi_call_id = 'call-eocr-1'), 'customer-ended-call', 'ended_reason from endedReason');
SELECT is((SELECT tools_used FROM calls WHERE vapi_call_id = 'call-eocr-1'), ARRAY['checkAvailability', 'bookAppointment'], 'tools_used in order of first use');
SELECT is((SELECT recording_url FROM calls WHERE vapi_call_id = 'call-eocr-1'), 'https://storage.vapi.ai/call-eocr-1-mono.wav', 'recording_url from artifact.recordingUrl');
SELECT is((SELECT transcript FROM calls WHERE vapi_call_id = 'call-eocr-1'), E'AI: Sunset Dental, this is Ava.\nUser: I''d like a cleaning.', 'transcript from artifact.transcript');
SELECT is((SELECT summary FROM calls WHERE vapi_call_id = 'call-eocr-1'), 'Maria booked a cleaning for Tuesday.', 'summary from analysis.summary');
SELECT is((SELECT metadata FROM calls WHERE vapi_call_id = 'call-eocr-1'), '{"team": "front-desk", "clinic": "sunset"}'::jsonb,
  'metadata merges assistant.metadata and call.assistantOverrides.metadata');
SELECT is((SELECT report_sent_at FROM calls WHERE vapi_call_id = 'call-eocr-1'), to_timestamp(1741255331.512), 'the row records the report it holds (Vapi''s timestamp)');
SELECT results_eq(
  $$SELECT outcome, message_type, vapi_call_id, call_id, payload->'message'->'call'->>'id' FROM vapi_events$$,
  $$SELECT 'ingested', 'end-of-call-report', 'call-eocr-1', (SELECT id FROM calls WHERE vapi_call_id = 'call-eocr-1'), 'call-eocr-1'$$,
  'the raw delivery is stored whole in vapi_events, linked to the call');

SELECT * FROM finish();
ROLLBACK;
