BEGIN;
SELECT plan(7);

-- Early 2024 reports: no message.cost, no costBreakdown, and a call snapshot taken while it rang.
CREATE TEMP TABLE body AS SELECT $${"message": {"type": "end-of-call-report", "endedReason": "customer-ended-call",
  "call": {"id": "ID", "status": "ringing", "cost": 0}}}$$::text AS ringing,
  $${"message": {"type": "end-of-call-report", "call": {"id": "ID", "status": "in-progress", "endedAt": "2024-03-01T10:05:00.000Z", "cost": 0.0713}}}$$::text AS ended_at_set,
  $${"message": {"type": "end-of-call-report", "call": {"id": "ID", "status": "ended", "cost": 0.25}}}$$::text AS ended;

CREATE TEMP TABLE results AS
SELECT 'single' AS form, ingest_vapi_call(replace(ringing, '"ID"', '"snapshot-single"')::jsonb, '00000000-0000-0000-0000-0000000000a1') AS result FROM body
UNION ALL
SELECT 'text', ingest_vapi_call(replace(ringing, '"ID"', '"snapshot-text"'), '00000000-0000-0000-0000-0000000000a1') FROM body;
SELECT * FROM ingest_vapi_calls((SELECT ARRAY[replace(ringing, '"ID"', '"snapshot-set"')::jsonb,
                                              replace(ended_at_set, '"ID"', '"snapshot-ended-at"')::jsonb,
                                              replace(ended, '"ID"', '"snapshot-ended"')::jsonb] FROM body),
                                '00000000-0000-0000-0000-0000000000a1');

SELECT is((SELECT count(*)::integer FROM calls WHERE vapi_call_id IN ('snapshot-single', 'snapshot-text', 'snapshot-set') AND cost_cents IS NULL), 3,
  'a ringing snapshot''s cost of 0 is not a cost: NULL in the single, text and set forms');
SELECT is((SELECT status FROM calls WHERE vapi_call_id = 'snapshot-single'), 'ended', 'the report still ends the call');
SELECT ok((SELECT bool_and(result->'notes' @? '$[*] ? (@ like_regex "snapshot of the call before it ended")') FROM results),
  'the result notes why the cost was left NULL');
SELECT is((SELECT count(*)::integer FROM vapi_events WHERE vapi_call_id IN ('snapshot-single', 'snapshot-text', 'snapshot-set')
            AND array_to_string(notes, ' ') LIKE '%call.status ringing%'), 3, 'so does each stored event, naming the status');
SELECT is((SELECT cost_cents FROM calls WHERE vapi_call_id = 'snapshot-ended-at'), 8, 'a snapshot with endedAt set counts (0.0713 is 8 cents)');
SELECT is((SELECT cost_cents FROM calls WHERE vapi_call_id = 'snapshot-ended'), 25, 'a snapshot with status ended counts');
SELECT is((SELECT cost_cents FROM calls WHERE vapi_call_id = 'snapshot-ended' AND array_length(
  (SELECT notes FROM vapi_events WHERE vapi_call_id = 'snapshot-ended'), 1) IS NULL), 25, 'and is not noted');

SELECT * FROM finish();
ROLLBACK;
