BEGIN;
SELECT plan(4);

CREATE TEMP TABLE results AS
SELECT ingest_vapi_call($${"type": "end-of-call-report", "endedReason": "assistant-ended-call", "cost": 0.07,
  "call": {"id": "call-bare", "type": "webCall"}}$$::jsonb, '00000000-0000-0000-0000-0000000000a1') AS bare,
       ingest_vapi_call($${"message": "not an object", "type": "status-update", "status": "ringing",
  "call": {"id": "call-bare-2"}}$$::jsonb, '00000000-0000-0000-0000-0000000000a1') AS message_not_object;

SELECT is((SELECT bare->>'status' FROM results), 'ingested', 'a bare end-of-call-report is ingested');
SELECT is((SELECT (cost_cents, direction, ended_reason) FROM calls WHERE vapi_call_id = 'call-bare'), (7, 'web'::text, 'assistant-ended-call'::text), 'and read like an enveloped one');
SELECT is((SELECT message_not_object->>'status' FROM results), 'ingested', 'a "message" that is not an object does not hide the bare message');
SELECT is((SELECT payload FROM vapi_events WHERE vapi_call_id = 'call-bare'),
  $${"type": "end-of-call-report", "endedReason": "assistant-ended-call", "cost": 0.07, "call": {"id": "call-bare", "type": "webCall"}}$$::jsonb,
  'the body is stored as delivered');

SELECT * FROM finish();
ROLLBACK;
