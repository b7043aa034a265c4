BEGIN;
SELECT plan(9);

CREATE TEMP TABLE results (n integer, result jsonb);
INSERT INTO results SELECT 1, ingest_vapi_call($${"message": {"type": "status-update", "status": "in-progress", "timestamp": 1741255200000,
  "call": {"id": "call-status-first", "type": "outboundPhoneCall", "customer": {"number": "+13105550147"},
           "assistantOverrides": {"metadata": {"campaign": "recall", "source": "status"}}}}}$$::jsonb, '00000000-0000-0000-0000-0000000000a1');
CREATE TEMP TABLE after_status AS SELECT * FROM calls WHERE vapi_call_id = 'call-status-first';
INSERT INTO results SELECT 2, ingest_vapi_call($${"message": {"type": "end-of-call-report", "endedReason": "customer-ended-call", "cost": 0.05,
  "startedAt": "2025-03-06T10:00:00Z", "endedAt": "2025-03-06T10:01:00Z", "assistant": {"metadata": {"source": "report"}},
  "call": {"id": "call-status-first", "type": "outboundPhoneCall"}}}$$::jsonb, '00000000-0000-0000-0000-0000000000a1');

SELECT is((SELECT result->>'status' FROM results WHERE n = 1), 'ingested', 'a status-update for a new call creates the row');
SELECT is((SELECT (status, direction, phone_number) FROM after_status), ('in-progress'::text, 'outbound'::text, '+13105550147'::text), 'with its status and the call''s identity');
SELECT is((SELECT (cost_cents, tools_used, report_sent_at) FROM after_status), (NULL::integer, '{}'::text[], NULL::timestamptz), 'and nothing a report owns');
SELECT is((SELECT result->>'status' FROM results WHERE n = 2), 'updated', 'the report then updates the same row');
SELECT is((SELECT result->>'call_id' FROM results WHERE n = 1), (SELECT result->>'call_id' FROM results WHERE n = 2), 'same call_id');
SELECT is((SELECT (status, cost_cents, duration_seconds) FROM calls WHERE vapi_call_id = 'call-status-first'), ('ended'::text, 5, 60), 'ended, with the report''s cost and duration');
SELECT is((SELECT phone_number FROM calls WHERE vapi_call_id = 'call-status-first'), '+13105550147', 'what only the status-update knew is kept');
SELECT is((SELECT metadata FROM calls WHERE vapi_call_id = 'call-status-first'), '{"campaign": "recall", "source": "report"}'::jsonb,
  'metadata is merged, the report''s keys win');
SELECT ok((SELECT report_sent_at IS NOT NULL FROM calls WHERE vapi_call_id = 'call-status-first'), 'the row now records that a report was applied');

SELECT * FROM finish();
ROLLBACK;
