BEGIN;
SELECT plan(5);

-- Vapi sends end-of-call-reports for chats: message.chat instead of message.call.
CREATE TEMP TABLE body AS SELECT $${"message": {"type": "end-of-call-report", "timestamp": 1767225600000, "endedReason": "assistant-ended-chat",
  "chat": {"id": "chat-7", "orgId": "vapi-org-1", "assistantId": "asst-1", "messages": [{"role": "user", "message": "hi"}]},
  "cost": 0.002, "costs": [{"type": "chat", "cost": 0.002}]}}$$::jsonb AS report;

CREATE TEMP TABLE results AS
SELECT 'single' AS form, ingest_vapi_call(report, '00000000-0000-0000-0000-0000000000a1') AS status FROM body
UNION ALL
SELECT 'text', ingest_vapi_call(report::text, '00000000-0000-0000-0000-0000000000a1') FROM body;
CREATE TEMP TABLE bulk AS SELECT * FROM ingest_vapi_calls(ARRAY[(SELECT report FROM body)], '00000000-0000-0000-0000-0000000000a1');

SELECT is((SELECT array_agg(DISTINCT status->>'status') FROM results), ARRAY['ignored'], 'single and text forms: ignored');
SELECT is((SELECT status FROM bulk), 'ignored', 'set form: ignored');
SELECT is((SELECT count(*)::integer FROM vapi_quarantine), 0, 'nothing lands in the quarantine');
SELECT is((SELECT count(*)::integer FROM vapi_events WHERE outcome = 'ignored' AND message_type = 'end-of-call-report'
            AND array_to_string(notes, ' ') LIKE '%of a chat%'), 3, 'each is stored, noted as a chat');
SELECT is((SELECT count(*)::integer FROM calls), 0, 'no call record is made');

SELECT * FROM finish();
ROLLBACK;
