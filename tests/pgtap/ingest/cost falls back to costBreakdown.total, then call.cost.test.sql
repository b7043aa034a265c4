BEGIN;
SELECT plan(4);

CREATE TEMP TABLE delivery AS
SELECT ingest_vapi_call($${"message": {"type": "end-of-call-report", "cost": 0.11, "costBreakdown": {"total": 0.22},
         "call": {"id": "call-cost-first", "cost": 0.33}}}$$::jsonb, '00000000-0000-0000-0000-0000000000a1') AS a,
       ingest_vapi_call($${"message": {"type": "end-of-call-report", "costBreakdown": {"total": 0.22},
         "call": {"id": "call-cost-breakdown", "cost": 0.33}}}$$::jsonb, '00000000-0000-0000-0000-0000000000a1') AS b,
       ingest_vapi_call($${"message": {"type": "end-of-call-report", "costBreakdown": {"llm": 0.1},
         "call": {"id": "call-cost-call", "status": "ended", "cost": 0.33}}}$$::jsonb, '00000000-0000-0000-0000-0000000000a1') AS c,
       ingest_vapi_call($${"message": {"type": "end-of-call-report", "cost": "n/a", "costBreakdown": {"total": 0.22},
         "call": {"id": "call-cost-unreadable-first"}}}$$::jsonb, '00000000-0000-0000-0000-0000000000a1') AS d;

SELECT is((SELECT cost_cents FROM calls WHERE vapi_call_id = 'call-cost-first'), 11, 'message.cost comes first');
SELECT is((SELECT cost_cents FROM calls WHERE vapi_call_id = 'call-cost-breakdown'), 22, 'then costBreakdown.total');
SELECT is((SELECT cost_cents FROM calls WHERE vapi_call_id = 'call-cost-call'), 33, 'then call.cost, from a snapshot of the ended call');;
SELECT is((SELECT cost_cents FROM calls WHERE vapi_call_id = 'call-cost-unreadable-first'), 22, 'an unreadable cost is skipped (and noted) for the next source');

SELECT * FROM finish();
ROLLBACK;
