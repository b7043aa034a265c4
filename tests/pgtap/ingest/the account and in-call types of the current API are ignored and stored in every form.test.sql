BEGIN;
SELECT plan(5);

CREATE TEMP TABLE bodies AS
SELECT t.type, jsonb_build_object('message', jsonb_build_object('type', t.type, 'timestamp', 1767225600000) || t.extra) AS body
FROM (VALUES
  ('chat.created', '{"chat": {"id": "chat-1"}}'::jsonb),
  ('chat.deleted', '{"chat": {"id": "chat-1"}}'),
  ('session.created', '{"session": {"id": "s-1"}}'),
  ('session.updated', '{"session": {"id": "s-1"}}'),
  ('session.deleted', '{"session": {"id": "s-1"}}'),
  ('call.deleted', '{"call": {"id": "noise-call"}}'),
  ('call.delete.failed', '{"call": {"id": "noise-call"}}'),
  ('call.artifact.upload', '{"call": {"id": "noise-call"}, "artifact": {"recordingUrl": "https://r/1"}}'),
  ('campaign.predial', '{"call": {"id": "noise-call"}}'),
  ('handoff-destination-request', '{"call": {"id": "noise-call"}}'),
  ('assistant.speechStarted', '{"call": {"id": "noise-call"}}'),
  ('function-call', '{"call": {"id": "noise-call"}, "functionCall": {"name": "bookAppointment", "parameters": {}}}'),
  ('conversation-update', '{"call": {"id": "noise-call"}, "conversation": [{"role": "assistant", "content": "hi"}]}')
) AS t(type, extra);

CREATE TEMP TABLE results AS
SELECT type, ingest_vapi_call(body, '00000000-0000-0000-0000-0000000000a1') AS result FROM bodies
UNION ALL
SELECT type, ingest_vapi_call(body::text, '00000000-0000-0000-0000-0000000000a1') FROM bodies;
CREATE TEMP TABLE bulk AS SELECT * FROM ingest_vapi_calls((SELECT array_agg(body ORDER BY type) FROM bodies), '00000000-0000-0000-0000-0000000000a1');

SELECT is((SELECT array_agg(DISTINCT result->>'status') FROM results), ARRAY['ignored'], 'single and text forms: every type is ignored');
SELECT is((SELECT array_agg(DISTINCT status) FROM bulk), ARRAY['ignored'], 'set form: every type is ignored');
SELECT is((SELECT count(*)::integer FROM vapi_events WHERE outcome = 'ignored'), 39, 'each delivery is stored as an event');
SELECT set_eq($$SELECT DISTINCT message_type FROM vapi_events$$, $$SELECT type FROM bodies$$, 'under its own message type');
SELECT is((SELECT count(*)::integer FROM calls) + (SELECT count(*)::integer FROM vapi_quarantine), 0, 'no call is made, nothing quarantined');

SELECT * FROM finish();
ROLLBACK;
