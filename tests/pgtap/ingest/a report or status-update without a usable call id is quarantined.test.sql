BEGIN;
SELECT plan(6);

CREATE TEMP TABLE results AS
SELECT b.label, ingest_vapi_call(b.body, '00000000-0000-0000-0000-0000000000a1') AS result
FROM (VALUES
  ('no call', $${"message": {"type": "end-of-call-report", "cost": 0.5}}$$::jsonb),
  ('no id', $${"message": {"type": "end-of-call-report", "cost": 0.5, "call": {"type": "webCall"}}}$$::jsonb),
  ('empty id', $${"message": {"type": "status-update", "status": "ringing", "call": {"id": "  "}}}$$::jsonb),
  ('numeric id', $${"message": {"type": "end-of-call-report", "call": {"id": 12345}}}$$::jsonb),
  ('call is a string', $${"message": {"type": "end-of-call-report", "call": "call-1"}}$$::jsonb)
) AS b(label, body);
INSERT INTO results SELECT 'too long', ingest_vapi_call(jsonb_build_object('message',
  jsonb_build_object('type', 'end-of-call-report', 'call', jsonb_build_object('id', repeat('c', 300)))), '00000000-0000-0000-0000-0000000000a1');

SELECT is((SELECT array_agg(DISTINCT result->>'status') FROM results), ARRAY['quarantined'], 'all quarantined');
SELECT is((SELECT array_agg(result->>'reason' ORDER BY label) FROM results WHERE label <> 'too long'),
  ARRAY['missing_call_id', 'missing_call_id', 'missing_call_id', 'missing_call_id', 'missing_call_id'], 'missing, empty or not a string: missing_call_id');
SELECT is((SELECT result->>'reason' FROM results WHERE label = 'too long'), 'invalid_call_id', 'longer than 255 characters: invalid_call_id');
SELECT is((SELECT count(*)::integer FROM vapi_quarantine), 6, 'each kept in vapi_quarantine');
SELECT is((SELECT count(*)::integer FROM vapi_quarantine WHERE org_id = '00000000-0000-0000-0000-0000000000a1' AND payload IS NOT NULL), 6,
  'with its org and its body');
SELECT is((SELECT count(*)::integer FROM calls), 0, 'no row without a call id');

SELECT * FROM finish();
ROLLBACK;
