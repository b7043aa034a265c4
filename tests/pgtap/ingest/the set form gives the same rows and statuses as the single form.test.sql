BEGIN;
SELECT plan(4);

-- One stream of deliveries: two calls, each with status-updates, a report, a redelivery, a late
-- update and noise, plus bodies to quarantine. Handed once one by one, once as one array.
CREATE TEMP TABLE stream (n integer, body jsonb);
INSERT INTO stream VALUES
  (1, '{"message": {"type": "status-update", "status": "ringing", "call": {"id": "S-1", "type": "inboundPhoneCall", "customer": {"number": "+15550000001"}}}}'),
  (2, '{"message": {"type": "status-update", "status": "in-progress", "call": {"id": "S-2", "type": "outboundPhoneCall"}}}'),
  (3, '{"message": {"type": "conversation-update", "call": {"id": "S-1"}}}'),
  (4, '{"message": {"type": "status-update", "status": "in-progress", "call": {"id": "S-1"}}}'),
  (5, '{"message": {"type": "end-of-call-report", "timestamp": 1000, "cost": "0.42", "endedReason": "customer-ended-call", "startedAt": "2025-01-01T10:00:00Z", "endedAt": "2025-01-01T10:01:00Z", "artifact": {"messages": [{"role": "tool_calls", "toolCalls": [{"function": {"name": "bookAppointment"}}]}]}, "call": {"id": "S-1"}}}'),
  (6, '{"message": {"type": "end-of-call-report", "timestamp": 2000, "cost": 0.42, "endedReason": "customer-ended-call", "artifact": {"recordingUrl": "https://r/2"}, "call": {"id": "S-1"}}}'),
  (7, '{"message": {"type": "end-of-call-report", "timestamp": 1000, "cost": "0.42", "endedReason": "customer-ended-call", "call": {"id": "S-1"}}}'),
  (8, '{"message": {"type": "status-update", "status": "ended", "endedReason": "silence-timed-out", "call": {"id": "S-1"}}}'),
  (9, '{"message": {"type": "end-of-call-report", "cost": 0, "endedReason": "customer-busy", "call": {"id": "S-2"}}}'),
  (10, '{"message": {"type": "end-of-call-report", "call": {}}}'),
  (11, '[1, 2]'),
  (12, '{"message": {"type": "status-update", "status": "queued", "call": {"id": "S-2"}}}');

CREATE TEMP TABLE single AS
SELECT n, ingest_vapi_call(body, '00000000-0000-0000-0000-0000000000c1') AS result FROM stream ORDER BY n;
CREATE TEMP TABLE single_calls AS
SELECT vapi_call_id, direction, phone_number, status, started_at, ended_at, duration_seconds, cost_cents, cost_breakdown,
       ended_reason, tools_used, recording_url, metadata, report_sent_at
FROM calls WHERE org_id = '00000000-0000-0000-0000-0000000000c1';
CREATE TEMP TABLE single_events AS
SELECT vapi_call_id, message_type, outcome, notes FROM vapi_events WHERE org_id = '00000000-0000-0000-0000-0000000000c1';

DELETE FROM vapi_events;
DELETE FROM vapi_quarantine;
DELETE FROM calls;

CREATE TEMP TABLE bulk AS
SELECT * FROM ingest_vapi_calls((SELECT array_agg(body ORDER BY n) FROM stream), '00000000-0000-0000-0000-0000000000c1');

SELECT results_eq(
  $$SELECT ord, status, reason FROM bulk ORDER BY ord$$,
  $$SELECT n, result->>'status', result->>'reason' FROM single ORDER BY n$$,
  'each payload gets the status (and reason) the single form gave it');
SELECT set_eq(
  $$SELECT vapi_call_id, direction, phone_number, status, started_at, ended_at, duration_seconds, cost_cents, cost_breakdown,
           ended_reason, tools_used, recording_url, metadata, report_sent_at FROM calls$$,
  $$SELECT * FROM single_calls$$,
  'the calls rows are the same');
SELECT set_eq($$SELECT vapi_call_id, message_type, outcome, notes FROM vapi_events$$, $$SELECT * FROM single_events$$,
  'the event store holds the same deliveries, outcomes and notes');
SELECT is((SELECT count(*)::integer FROM vapi_quarantine), 2, 'and the same two are quarantined');

SELECT * FROM finish();
ROLLBACK;
