BEGIN;
SELECT plan(6);

CREATE TEMP TABLE results AS
SELECT b.body, ingest_vapi_call(b.body, '00000000-0000-0000-0000-0000000000a1') AS result
FROM unnest(ARRAY['[{"message": {"type": "end-of-call-report"}}]', '"end-of-call-report"', '42', 'true', 'null']::jsonb[]) AS b(body);
INSERT INTO results SELECT NULL, ingest_vapi_call(NULL::jsonb, '00000000-0000-0000-0000-0000000000a1');

SELECT is((SELECT array_agg(DISTINCT result->>'status') FROM results), ARRAY['quarantined'], 'arrays, strings, numbers, booleans, null: quarantined');
SELECT is((SELECT array_agg(DISTINCT result->>'reason') FROM results), ARRAY['not_an_object'], 'reason not_an_object');
SELECT is((SELECT count(*)::integer FROM vapi_quarantine WHERE reason = 'not_an_object'), 6, 'one quarantine row each');
SELECT set_eq($$SELECT payload FROM vapi_quarantine$$,
  $$SELECT coalesce(body, 'null') FROM results$$, 'each body is kept whole (a SQL NULL as JSON null)');
SELECT is((SELECT detail FROM vapi_quarantine WHERE payload = '42'), 'the body is number, not a JSON object', 'the detail says what it was');
SELECT is((SELECT count(*)::integer FROM vapi_events) + (SELECT count(*)::integer FROM calls), 0, 'nothing else is written');

SELECT * FROM finish();
ROLLBACK;
