BEGIN;
SELECT plan(4);

CREATE TEMP TABLE handed (n integer, form text);

INSERT INTO handed
SELECT b.n, 'jsonb' FROM (
  SELECT n, ingest_vapi_call(body, CASE WHEN n % 5 = 0 THEN NULL ELSE '00000000-0000-0000-0000-0000000000a1'::uuid END)
  FROM unnest(ARRAY[
    '{"message": {"type": "end-of-call-report", "cost": 0.1, "call": {"id": "N-1"}}}',
    '{"message": {"type": "end-of-call-report", "cost": 0.1, "call": {"id": "N-1"}}}',
    '{"message": {"type": "status-update", "status": "ringing", "call": {"id": "N-2"}}}',
    '{"message": {"type": "speech-update", "call": {"id": "N-2"}}}',
    '{"message": {"type": "status-update", "status": "ringing", "call": {"id": "N-3"}}}',
    '{"message": {"type": "end-of-call-report"}}',
    '"text"',
    '{}'
  ]::jsonb[]) WITH ORDINALITY AS p(body, n)
) AS b;

INSERT INTO handed
SELECT b.ord, 'jsonb[]' FROM ingest_vapi_calls(ARRAY[
  '{"message": {"type": "end-of-call-report", "cost": 0.2, "call": {"id": "N-4"}}}',
  '{"message": {"type": "end-of-call-report", "cost": 0.2, "call": {"id": "N-4"}}}',
  '{"message": {"type": "hang", "call": {"id": "N-4"}}}',
  'null',
  '{"message": {"type": "status-update", "call": {"id": "N-5"}}}'
]::jsonb[], '00000000-0000-0000-0000-0000000000a1') AS b;

INSERT INTO handed
SELECT b.ord, 'text[]' FROM ingest_vapi_calls(ARRAY[
  '{"message": {"type": "end-of-call-report", "cost": 0.3, "call": {"id": "N-6"}}}',
  '{"message": {"type": "end-of-call-report", "call": {"id": "N-6"}, "customer": {"name": "A\u0000B"}}}',
  '{"message": {"type": "end-of-call-report", "call": {"id": "N-',
  '',
  NULL
]::text[], '00000000-0000-0000-0000-0000000000a1') AS b;

INSERT INTO handed SELECT 1, 'text' FROM (SELECT ingest_vapi_call('not json at all'::text)) AS t;

SELECT is((SELECT count(*)::integer FROM handed), 19, '19 deliveries handed in through the four forms');
SELECT is((SELECT count(*)::integer FROM vapi_events) + (SELECT count(*)::integer FROM vapi_quarantine), 19,
  'rows in vapi_events + vapi_quarantine = deliveries handed in');
SELECT is((SELECT count(*)::integer FROM vapi_events WHERE outcome = 'ignored'), 2, 'ignored deliveries are counted in too');
SELECT is((SELECT count(*)::integer FROM vapi_quarantine WHERE payload IS NULL AND payload_text IS NULL), 0, 'no quarantine row without its body');

SELECT * FROM finish();
ROLLBACK;
