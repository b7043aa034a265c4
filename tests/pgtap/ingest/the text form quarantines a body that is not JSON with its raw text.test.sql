BEGIN;
SELECT plan(6);

CREATE TEMP TABLE results AS
SELECT b.body, ingest_vapi_call(b.body, '00000000-0000-0000-0000-0000000000a1') AS result
FROM unnest(ARRAY[
  '{"message": {"type": "end-of-call-report", "call": {"id": "call-truncated"',
  'this is not json',
  '',
  $${"message": {"type": "end-of-call-report", "call": {"id": "x"}}} trailing$$,
  $${"message": {"bad escape": "\q"}}$$
]) AS b(body);

SELECT is((SELECT array_agg(DISTINCT result->>'status') FROM results), ARRAY['quarantined'], 'broken, empty or trailing-garbage bodies are quarantined');
SELECT is((SELECT array_agg(DISTINCT result->>'reason') FROM results), ARRAY['invalid_json'], 'reason invalid_json');
SELECT set_eq($$SELECT payload_text FROM vapi_quarantine$$, $$SELECT body FROM results$$, 'each raw text is kept exactly');
SELECT is((SELECT count(*)::integer FROM vapi_quarantine WHERE payload IS NULL AND org_id = '00000000-0000-0000-0000-0000000000a1'), 5,
  'as payload_text, with the org it was handed with');
SELECT ok((SELECT bool_and(detail LIKE 'invalid input syntax for type json%') FROM vapi_quarantine), 'the detail is the parser''s message');
SELECT is((SELECT ingest_vapi_call(NULL::text)->>'reason'), 'not_an_object', 'a SQL NULL is kept too');

SELECT * FROM finish();
ROLLBACK;
