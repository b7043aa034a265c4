BEGIN;
SELECT plan(9);

CREATE TEMP TABLE results (n integer, result jsonb);
INSERT INTO results SELECT 1, ingest_vapi_call($${"message": {"type": "end-of-call-report", "timestamp": 1741255331000,
  "endedReason": "customer-ended-call", "cost": 0.2173, "startedAt": "2025-03-06T10:00:04Z", "endedAt": "2025-03-06T10:02:12Z",
  "customer": {"number": "+14155550123", "name": "Maria Alvarez"},
  "artifact": {"messages": [{"role": "tool_calls", "toolCalls": [{"function": {"name": "bookAppointment"}}]}]},
  "call": {"id": "call-late-status", "type": "inboundPhoneCall"}}}$$::jsonb, '00000000-0000-0000-0000-0000000000a1');
CREATE TEMP TABLE after_report AS SELECT * FROM calls WHERE vapi_call_id = 'call-late-status';

-- Late status-updates: one saying ended with another reason and a snapshot cost, one from earlier in the call.
INSERT INTO results SELECT 2, ingest_vapi_call($${"message": {"type": "status-update", "status": "ended",
  "endedReason": "silence-timed-out", "endedAt": "2025-03-06T10:05:00Z",
  "call": {"id": "call-late-status", "type": "outboundPhoneCall", "cost": 9.99, "customer": {"number": "+19999999999", "name": "Someone Else"}}}}$$::jsonb,
  '00000000-0000-0000-0000-0000000000a1');
INSERT INTO results SELECT 3, ingest_vapi_call($${"message": {"type": "status-update", "status": "in-progress",
  "call": {"id": "call-late-status", "type": "inboundPhoneCall"}}}$$::jsonb, '00000000-0000-0000-0000-0000000000a1');

SELECT is((SELECT result->>'status' FROM results WHERE n = 2), 'duplicate', 'the late ended status-update changes nothing');
SELECT is((SELECT result->>'status' FROM results WHERE n = 3), 'duplicate', 'the late in-progress status-update changes nothing');
SELECT is((SELECT status FROM calls WHERE vapi_call_id = 'call-late-status'), 'ended', 'status stays ended');
SELECT is((SELECT ended_reason FROM calls WHERE vapi_call_id = 'call-late-status'), 'customer-ended-call', 'ended_reason is the report''s');
SELECT is((SELECT cost_cents FROM calls WHERE vapi_call_id = 'call-late-status'), 22, 'cost_cents is the report''s');
SELECT is((SELECT tools_used FROM calls WHERE vapi_call_id = 'call-late-status'), ARRAY['bookAppointment'], 'tools_used is the report''s');
SELECT is((SELECT ended_at FROM calls WHERE vapi_call_id = 'call-late-status'), '2025-03-06T10:02:12Z'::timestamptz, 'ended_at is the report''s');
SELECT is((SELECT (direction, phone_number, caller_name) FROM calls WHERE vapi_call_id = 'call-late-status'),
  ('inbound'::text, '+14155550123'::text, 'Maria Alvarez'::text), 'the caller is the report''s');
SELECT ok((SELECT c *= a FROM calls c, after_report a WHERE c.vapi_call_id = 'call-late-status'), 'the row is exactly as the report left it');

SELECT * FROM finish();
ROLLBACK;
