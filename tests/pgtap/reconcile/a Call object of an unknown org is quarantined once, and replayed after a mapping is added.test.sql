BEGIN;
SELECT plan(5);

CREATE TEMP TABLE api_call AS SELECT $${"id": "call-nowhere", "orgId": "vapi-org-9", "assistantId": "asst-9", "status": "ended", "cost": 0.33}$$::jsonb AS call;

SELECT is((SELECT reconcile_vapi_call_object(call, NULL, true) #>> '{ingest,reason}' FROM api_call), 'unknown_org', 'quarantined as unknown_org');
SELECT is((SELECT reconcile_vapi_call_object(call, NULL, true) FROM api_call), '{"verdict": "unknown_org", "vapi_call_id": "call-nowhere", "org_id": null}'::jsonb,
  'a rerun says so again without filing it twice');
SELECT is((SELECT (count(*), min(message_type), min(payload #>> '{message,call,id}')) FROM vapi_quarantine WHERE vapi_call_id = 'call-nowhere'),
  (1::bigint, 'api-call'::text, 'call-nowhere'::text), 'one quarantine row, with the Call whole');

INSERT INTO vapi_org_mappings (vapi_id_kind, vapi_id, org_id) VALUES ('vapi_org', 'vapi-org-9', '00000000-0000-0000-0000-0000000000b2');
SELECT is(replay_quarantined('unknown_org')->>'ingested', '1', 'replay ingests it once the mapping exists');
SELECT is((SELECT (org_id, cost_cents) FROM calls WHERE vapi_call_id = 'call-nowhere'),
  ('00000000-0000-0000-0000-0000000000b2'::uuid, 33), 'under the mapped org, with its cost');

SELECT * FROM finish();
ROLLBACK;
