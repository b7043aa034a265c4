BEGIN;
SELECT plan(8);

-- A Call as GET /call answers it, after the call ended (fields from Vapi's API reference).
CREATE TEMP TABLE api_call AS SELECT $${
  "id": "call-api-1", "orgId": "vapi-org-1", "type": "inboundPhoneCall", "status": "ended",
  "endedReason": "customer-ended-call", "createdAt": "2026-11-20T09:59:58.000Z", "updatedAt": "2026-11-20T10:03:00.000Z",
  "startedAt": "2026-11-20T10:00:00.000Z", "endedAt": "2026-11-20T10:02:30.000Z", "cost": 0.1207,
  "costs": [{"type": "transport", "cost": 0.012}, {"type": "model", "cost": 0.1087}],
  "costBreakdown": {"transport": 0.012, "llm": 0.1087, "total": 0.1207},
  "analysis": {"summary": "Booked a cleaning for Tuesday."},
  "artifact": {"transcript": "AI: Hello\nUser: I need a cleaning", "recordingUrl": "https://storage.example/rec-1.wav",
               "messages": [{"role": "tool_calls", "toolCalls": [{"id": "tc1", "function": {"name": "checkAvailability"}}]},
                            {"role": "tool_call_result", "name": "checkAvailability", "toolCallId": "tc1"},
                            {"role": "tool_calls", "toolCalls": [{"id": "tc2", "function": {"name": "bookAppointment"}}]}]},
  "customer": {"number": "+13105550111", "name": "Dana"}, "assistantId": "asst-1", "phoneNumberId": "pn-1",
  "assistantOverrides": {"metadata": {"clinic": "north"}}
}$$::jsonb AS call;

SELECT ingest_vapi_call($${"message": {"type": "status-update", "status": "in-progress", "timestamp": 1763632801000,
  "call": {"id": "call-api-1", "type": "inboundPhoneCall", "customer": {"number": "+13105550111"}}}}$$::jsonb,
  '00000000-0000-0000-0000-0000000000a1');

CREATE TEMP TABLE result AS SELECT ingest_vapi_call_object(call, '00000000-0000-0000-0000-0000000000a1') AS r FROM api_call;

SELECT is((SELECT r->>'status' FROM result), 'updated', 'the Call object updates the row the status-update created');
SELECT is((SELECT (status, cost_cents, ended_reason) FROM calls WHERE vapi_call_id = 'call-api-1'),
  ('ended'::text, 13, 'customer-ended-call'::text), 'ended, with exact cents (ceil of 12.07) and the ended reason');
SELECT is((SELECT tools_used FROM calls WHERE vapi_call_id = 'call-api-1'), ARRAY['checkAvailability', 'bookAppointment'],
  'tools from artifact.messages, in order of first use, a result not counted twice');
SELECT is((SELECT (duration_seconds, summary, recording_url, caller_name) FROM calls WHERE vapi_call_id = 'call-api-1'),
  (150, 'Booked a cleaning for Tuesday.'::text, 'https://storage.example/rec-1.wav'::text, 'Dana'::text),
  'duration, summary, recording and the caller''s name filled from the Call');
SELECT is((SELECT cost_breakdown->'costs'->1->>'type' FROM calls WHERE vapi_call_id = 'call-api-1'), 'model', 'the per-component costs are kept');
SELECT is((SELECT report_sent_at FROM calls WHERE vapi_call_id = 'call-api-1'), NULL::timestamptz,
  'the row is not marked as reported: a Call object is not a report');
SELECT is((SELECT (message_type, outcome, payload #>> '{message,call,id}') FROM vapi_events WHERE id = (SELECT (r->>'event_id')::bigint FROM result)),
  ('api-call'::text, 'updated'::text, 'call-api-1'::text), 'the event store keeps the Call whole, as message type api-call');
SELECT is((SELECT ingest_vapi_call_object(call, '00000000-0000-0000-0000-0000000000a1')->>'status' FROM api_call), 'duplicate',
  'the same Call again changes nothing');

SELECT * FROM finish();
ROLLBACK;
