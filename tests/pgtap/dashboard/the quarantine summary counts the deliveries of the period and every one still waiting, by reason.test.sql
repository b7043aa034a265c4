-- quarantine_summary: per reason, the deliveries received in [from, to) and those not replayed
-- yet whenever they arrived; deliveries of no known org apart; other orgs' deliveries never.
BEGIN;
SELECT plan(4);

-- Period [2025-01-01, 2025-02-01):
--   q1 org A  invalid_json     in the period  waiting
--   q2 org A  invalid_json     in the period  replayed
--   q3 org A  missing_call_id  before         waiting   (waits still: counted as waiting only)
--   q4 org A  missing_call_id  before         replayed  (neither)
--   q5 no org unknown_org      in the period  waiting
--   q6 org B  invalid_json     in the period  waiting   (another org: never)
INSERT INTO vapi_quarantine (org_id, received_at, reason, payload, replayed_at, replay_outcome) VALUES
  ('a0000000-0000-4000-8000-00000000000a', '2025-01-02 10:00+00', 'invalid_json', '{"q": 1}', NULL, NULL),
  ('a0000000-0000-4000-8000-00000000000a', '2025-01-03 10:00+00', 'invalid_json', '{"q": 2}', '2025-01-04 10:00+00', 'ingested'),
  ('a0000000-0000-4000-8000-00000000000a', '2024-12-01 10:00+00', 'missing_call_id', '{"q": 3}', NULL, NULL),
  ('a0000000-0000-4000-8000-00000000000a', '2024-12-02 10:00+00', 'missing_call_id', '{"q": 4}', '2024-12-03 10:00+00', 'ignored'),
  (NULL, '2025-01-02 11:00+00', 'unknown_org', '{"q": 5}', NULL, NULL),
  ('b0000000-0000-4000-8000-00000000000b', '2025-01-02 12:00+00', 'invalid_json', '{"q": 6}', NULL, NULL);

SELECT is(
  quarantine_summary('a0000000-0000-4000-8000-00000000000a', '2025-01-01 00:00+00', '2025-02-01 00:00+00') -> 'org',
  '{"deliveries": 2, "waiting": 2, "reasons": [
     {"reason": "invalid_json", "deliveries": 2, "waiting": 1},
     {"reason": "missing_call_id", "deliveries": 0, "waiting": 1}]}'::jsonb,
  'the org: two deliveries in the period, two waiting (one from before the period), by reason, most waiting first'
);
SELECT is(
  quarantine_summary('a0000000-0000-4000-8000-00000000000a', '2025-01-01 00:00+00', '2025-02-01 00:00+00') -> 'without_org',
  '{"deliveries": 1, "waiting": 1, "reasons": [{"reason": "unknown_org", "deliveries": 1, "waiting": 1}]}'::jsonb,
  'deliveries of no known org are counted apart (the owner sees them)'
);
SELECT is(
  quarantine_summary('c0000000-0000-4000-8000-00000000000c', '2025-01-01 00:00+00', '2025-02-01 00:00+00') -> 'org',
  '{"deliveries": 0, "waiting": 0, "reasons": []}'::jsonb,
  'an org with no quarantined delivery: zeros and no reason'
);
SELECT is(
  quarantine_summary('a0000000-0000-4000-8000-00000000000a', '2026-01-01 00:00+00', '2026-02-01 00:00+00') -> 'org',
  '{"deliveries": 0, "waiting": 2, "reasons": [
     {"reason": "invalid_json", "deliveries": 0, "waiting": 1},
     {"reason": "missing_call_id", "deliveries": 0, "waiting": 1}]}'::jsonb,
  'a later period with nothing received still shows what waits'
);

SELECT * FROM finish();
ROLLBACK;
