BEGIN;
SELECT plan(5);

CREATE TEMP TABLE delivery AS
SELECT ingest_vapi_call($${"message": {"type": "end-of-call-report", "endedReason": "customer-did-not-answer", "cost": 0,
         "costBreakdown": {"total": 0}, "call": {"id": "call-free"}}}$$::jsonb, '00000000-0000-0000-0000-0000000000a1') AS free,
       ingest_vapi_call($${"message": {"type": "end-of-call-report", "endedReason": "customer-ended-call",
         "call": {"id": "call-no-cost", "status": "in-progress"}}}$$::jsonb, '00000000-0000-0000-0000-0000000000a1') AS missing,
       ingest_vapi_call($${"message": {"type": "end-of-call-report", "cost": null, "costBreakdown": {"total": null},
         "call": {"id": "call-null-cost", "cost": null}}}$$::jsonb, '00000000-0000-0000-0000-0000000000a1') AS nulls;

SELECT is((SELECT cost_cents FROM calls WHERE vapi_call_id = 'call-free'), 0, 'a cost of 0 is stored as 0 (failed calls are often free)');
SELECT is((SELECT cost_cents FROM calls WHERE vapi_call_id = 'call-no-cost'), NULL, 'no cost anywhere is NULL, not 0');
SELECT is((SELECT cost_cents FROM calls WHERE vapi_call_id = 'call-null-cost'), NULL, 'JSON nulls are no cost');
SELECT is((SELECT cost_breakdown FROM calls WHERE vapi_call_id = 'call-no-cost'), NULL, 'no breakdown is NULL');
SELECT is((SELECT notes FROM vapi_events WHERE vapi_call_id = 'call-no-cost'), '{}'::text[], 'a missing cost is not worth a note');

SELECT * FROM finish();
ROLLBACK;
