BEGIN;
SELECT plan(5);

CREATE TEMP TABLE results AS
SELECT ingest_vapi_call($${"message": {"type": "end-of-call-report", "cost": 0.5, "endedReason": "customer-ended-call",
         "call": {"id": "call-shared-id"}}}$$::jsonb, '00000000-0000-0000-0000-0000000000a1') AS first,
       ingest_vapi_call($${"message": {"type": "end-of-call-report", "cost": 9.5, "endedReason": "hijacked",
         "call": {"id": "call-shared-id"}}}$$::jsonb, '00000000-0000-0000-0000-0000000000a2') AS other_org;
CREATE TEMP TABLE set_results AS
SELECT * FROM ingest_vapi_calls(ARRAY[$${"message": {"type": "status-update", "status": "ringing",
  "call": {"id": "call-shared-id"}}}$$::jsonb], '00000000-0000-0000-0000-0000000000a2');

SELECT is((SELECT other_org->>'status' FROM results), 'quarantined', 'the same call id from another org is quarantined');
SELECT is((SELECT other_org->>'reason' FROM results), 'call_of_another_org', 'reason call_of_another_org');
SELECT is((SELECT (status, reason) FROM set_results), ('quarantined'::text, 'call_of_another_org'::text), 'the set form quarantines it too');
SELECT is((SELECT (org_id, cost_cents, ended_reason) FROM calls WHERE vapi_call_id = 'call-shared-id'),
  ('00000000-0000-0000-0000-0000000000a1'::uuid, 50, 'customer-ended-call'::text), 'the first org''s row is untouched');
SELECT is((SELECT count(*)::integer FROM vapi_quarantine WHERE reason = 'call_of_another_org' AND org_id = '00000000-0000-0000-0000-0000000000a2'), 2,
  'both deliveries are kept under the org that sent them');

SELECT * FROM finish();
ROLLBACK;
