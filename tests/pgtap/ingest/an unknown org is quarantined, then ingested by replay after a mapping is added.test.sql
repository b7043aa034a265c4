BEGIN;
SELECT plan(11);

CREATE TEMP TABLE first AS
SELECT ingest_vapi_call($${"message": {"type": "end-of-call-report", "cost": 0.31, "endedReason": "customer-ended-call",
  "call": {"id": "call-unmapped", "assistantId": "asst-unmapped", "phoneNumberId": "pn-unmapped", "orgId": "vapi-org-unmapped"}}}$$::jsonb) AS result,
       ingest_vapi_call($${"message": {"type": "hang", "call": {"id": "call-unmapped", "assistantId": "asst-unmapped"}}}$$::jsonb) AS noise,
       ingest_vapi_call($${"message": {"type": "status-update", "status": "ringing", "call": {"id": "call-elsewhere", "assistantId": "asst-nobody"}}}$$::jsonb) AS other;

SELECT is((SELECT result->>'status' FROM first), 'quarantined', 'no org argument and no mapping: quarantined');
SELECT is((SELECT result->>'reason' FROM first), 'unknown_org', 'reason unknown_org');
SELECT is((SELECT noise->>'reason' FROM first), 'unknown_org', 'an in-call message of an unknown org too (vapi_events rows need an org)');
SELECT is((SELECT count(*)::integer FROM calls), 0, 'no call row yet');
SELECT is((SELECT org_id FROM vapi_quarantine WHERE vapi_call_id = 'call-unmapped' AND message_type = 'end-of-call-report'), NULL, 'kept with no org');

INSERT INTO vapi_org_mappings (vapi_id_kind, vapi_id, org_id) VALUES ('assistant', 'asst-unmapped', '00000000-0000-0000-0000-0000000000a1');
CREATE TEMP TABLE replay AS SELECT replay_quarantined('unknown_org') AS counts;

SELECT is((SELECT counts FROM replay),
  '{"replayed": 3, "ingested": 1, "updated": 0, "duplicate": 0, "ignored": 1, "quarantined": 1}'::jsonb, 'the replay counts each outcome');
SELECT is((SELECT (org_id, cost_cents) FROM calls WHERE vapi_call_id = 'call-unmapped'), ('00000000-0000-0000-0000-0000000000a1'::uuid, 31),
  'the report is now the call of the mapped org');
SELECT is((SELECT count(*)::integer FROM vapi_events WHERE vapi_call_id = 'call-unmapped'), 2, 'both deliveries are now in vapi_events');
SELECT is((SELECT array_agg(replay_outcome ORDER BY id) FROM vapi_quarantine WHERE replayed_at IS NOT NULL),
  ARRAY['ingested', 'ignored', 'quarantined'], 'the replayed rows record what became of them');
SELECT is((SELECT count(*)::integer FROM vapi_quarantine WHERE replay_outcome IS NULL AND vapi_call_id = 'call-elsewhere'), 1,
  'a delivery still unmapped waits again, in a new quarantine row');
SELECT is((SELECT replay_quarantined('unknown_org')->>'replayed'), '1', 'a second replay only retries what still waits');

SELECT * FROM finish();
ROLLBACK;
