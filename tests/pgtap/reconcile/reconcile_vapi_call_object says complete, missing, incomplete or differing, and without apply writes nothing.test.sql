BEGIN;
SELECT plan(10);

CREATE TEMP TABLE ended_call AS SELECT $${"id": "call-cmp", "status": "ended", "endedReason": "customer-ended-call", "cost": 0.5,
  "artifact": {"messages": [{"role": "tool_calls", "toolCalls": [{"id": "x", "function": {"name": "bookAppointment"}}]}]}}$$::jsonb AS call;
CREATE TEMP TABLE counts AS SELECT (SELECT count(*) FROM calls) AS calls, (SELECT count(*) FROM vapi_events) AS events;

SELECT is((SELECT reconcile_vapi_call_object(call, '00000000-0000-0000-0000-0000000000a1', false)->>'verdict' FROM ended_call), 'missing', 'no row: missing');
SELECT is((SELECT ((SELECT count(*) FROM calls), (SELECT count(*) FROM vapi_events)) FROM counts), (SELECT (calls, events) FROM counts),
  'without apply nothing is written');

SELECT ingest_vapi_call($${"message": {"type": "status-update", "status": "in-progress", "call": {"id": "call-cmp"}}}$$::jsonb, '00000000-0000-0000-0000-0000000000a1');
CREATE TEMP TABLE v AS SELECT reconcile_vapi_call_object(call, '00000000-0000-0000-0000-0000000000a1', false) AS r FROM ended_call;
SELECT is((SELECT r->>'verdict' FROM v), 'incomplete', 'a row that only saw a status-update: incomplete');
SELECT is((SELECT r->'differences'->'cost_cents' FROM v), '{"record": null, "vapi": 50}'::jsonb, 'saying what it lacks');

CREATE TEMP TABLE applied AS SELECT reconcile_vapi_call_object(call, '00000000-0000-0000-0000-0000000000a1', true) AS r FROM ended_call;
SELECT is((SELECT r #>> '{ingest,status}' FROM applied), 'updated', 'with apply the Call is ingested');
SELECT is((SELECT reconcile_vapi_call_object(call, '00000000-0000-0000-0000-0000000000a1', true) - 'org_id' FROM ended_call),
  '{"verdict": "complete", "vapi_call_id": "call-cmp"}'::jsonb, 'then it is complete, and a rerun ingests nothing');

-- A report that holds more than the API (tools the Call lacks) is complete; one that differs is differing.
SELECT ingest_vapi_call($${"message": {"type": "end-of-call-report", "endedReason": "customer-ended-call", "cost": 0.12,
  "artifact": {"messages": [{"role": "tool_calls", "toolCalls": [{"id": "y", "function": {"name": "lookupPatient"}}]}]},
  "call": {"id": "call-more"}}}$$::jsonb, '00000000-0000-0000-0000-0000000000a1');
SELECT is(reconcile_vapi_call_object('{"id": "call-more", "status": "ended", "cost": 0.12}', '00000000-0000-0000-0000-0000000000a1', true)->>'verdict',
  'complete', 'a record holding more than the Call is complete');
CREATE TEMP TABLE d AS SELECT reconcile_vapi_call_object('{"id": "call-more", "status": "ended", "cost": 0.15, "endedReason": "customer-ended-call"}',
  '00000000-0000-0000-0000-0000000000a1', true) AS r;
SELECT is((SELECT (r->>'verdict', r->'differences') FROM d), ('differing'::text, '{"cost_cents": {"record": 12, "vapi": 15}}'::jsonb),
  'a cost that differs from the report''s is differing, with both values');
SELECT ok((SELECT NOT r ? 'ingest' FROM d), 'and is not ingested');
SELECT is(reconcile_vapi_call_object('{"id": "call-running", "status": "in-progress"}', '00000000-0000-0000-0000-0000000000a1', true)->>'verdict',
  'not_ended', 'a Call still running is not compared');

SELECT * FROM finish();
ROLLBACK;
