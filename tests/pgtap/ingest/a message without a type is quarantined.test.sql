BEGIN;
SELECT plan(3);

CREATE TEMP TABLE results AS
SELECT ingest_vapi_call(b.body, '00000000-0000-0000-0000-0000000000a1') AS result
FROM unnest(ARRAY[
  '{"message": {"call": {"id": "call-untyped"}, "cost": 1}}',
  '{"message": {"type": 7, "call": {"id": "call-untyped"}}}',
  '{}'
]::jsonb[]) AS b(body);

SELECT is((SELECT array_agg(result->>'reason') FROM results), ARRAY['missing_message_type', 'missing_message_type', 'missing_message_type'],
  'no type, a type that is not a string, an empty object: missing_message_type');
SELECT is((SELECT count(*)::integer FROM vapi_quarantine WHERE reason = 'missing_message_type'), 3, 'kept in quarantine');
SELECT is((SELECT count(*)::integer FROM calls), 0, 'no call row');

SELECT * FROM finish();
ROLLBACK;
