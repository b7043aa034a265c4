BEGIN;
SELECT plan(7);

-- The report arrived: cost, tools, summary. The API's Call holds less (no messages, no
-- analysis) and a different cost.
SELECT ingest_vapi_call($${"message": {"type": "end-of-call-report", "timestamp": 1763632950000,
  "endedReason": "assistant-ended-call", "cost": 0.25, "summary": "Rescheduled.",
  "artifact": {"messages": [{"role": "tool_calls", "toolCalls": [{"id": "a", "function": {"name": "rescheduleAppointment"}}]}]},
  "call": {"id": "call-report-first", "type": "outboundPhoneCall"}}}$$::jsonb, '00000000-0000-0000-0000-0000000000a1');
CREATE TEMP TABLE before AS SELECT * FROM calls WHERE vapi_call_id = 'call-report-first';

CREATE TEMP TABLE result AS SELECT ingest_vapi_call_object($${"id": "call-report-first", "type": "outboundPhoneCall", "status": "ended",
  "endedReason": "customer-ended-call", "cost": 0.31, "createdAt": "2026-11-20T10:00:00.000Z",
  "artifact": {"messages": []}, "customer": {"number": "+13105550122"}}$$::jsonb, '00000000-0000-0000-0000-0000000000a1') AS r;

SELECT is((SELECT (cost_cents, ended_reason, tools_used, summary) FROM calls WHERE vapi_call_id = 'call-report-first'),
  (25, 'assistant-ended-call'::text, ARRAY['rescheduleAppointment'], 'Rescheduled.'::text),
  'cost, ended reason, tools and summary are the report''s');
SELECT is((SELECT report_sent_at FROM calls WHERE vapi_call_id = 'call-report-first'), (SELECT report_sent_at FROM before), 'still marked with the report');
SELECT is((SELECT phone_number FROM calls WHERE vapi_call_id = 'call-report-first'), '+13105550122', 'what the report lacked is filled');
SELECT is((SELECT r->>'status' FROM result), 'updated', 'so the Call updated the row');

-- The other way round: the Call came first (the report was late), then the report arrives.
SELECT ingest_vapi_call_object($${"id": "call-api-first", "status": "ended", "endedReason": "silence-timed-out", "cost": 0.02,
  "artifact": {"messages": []}}$$::jsonb, '00000000-0000-0000-0000-0000000000a1');
CREATE TEMP TABLE late AS SELECT ingest_vapi_call($${"message": {"type": "end-of-call-report", "timestamp": 1763633000000,
  "endedReason": "customer-ended-call", "cost": 0.04,
  "artifact": {"messages": [{"role": "tool_calls", "toolCalls": [{"id": "b", "function": {"name": "transferCall"}}]}]},
  "call": {"id": "call-api-first"}}}$$::jsonb, '00000000-0000-0000-0000-0000000000a1') AS r;
SELECT is((SELECT r->>'status' FROM late), 'updated', 'a report after the Call object is applied');
SELECT is((SELECT (cost_cents, ended_reason, tools_used) FROM calls WHERE vapi_call_id = 'call-api-first'),
  (4, 'customer-ended-call'::text, ARRAY['transferCall']), 'and writes everything it carries over what the Call filled');
SELECT ok((SELECT report_sent_at IS NOT NULL FROM calls WHERE vapi_call_id = 'call-api-first'), 'the row is now marked as reported');

SELECT * FROM finish();
ROLLBACK;
