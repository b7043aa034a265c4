BEGIN;
SELECT plan(6);

CREATE TEMP TABLE results AS
SELECT ingest_vapi_call($${"message": {"type": "end-of-call-report", "cost": 0.1,
  "costs": [{"type": "model", "cost": 0.06}, {"type": "voice", "cost": 0.0449}], "call": {"id": "ledger-within"}}}$$::jsonb,
  '00000000-0000-0000-0000-0000000000a1') AS within,
       ingest_vapi_call($${"message": {"type": "end-of-call-report", "cost": 0.1,
  "costs": [{"type": "model", "cost": 0.06}, {"type": "voice", "cost": 0.0341}], "call": {"id": "ledger-short"}}}$$,
  '00000000-0000-0000-0000-0000000000a1') AS short;
SELECT * FROM ingest_vapi_calls(ARRAY[$${"message": {"type": "end-of-call-report", "cost": 0.2,
  "costBreakdown": {"llm": 0.1, "tts": 0.15, "total": 0.2}, "call": {"id": "ledger-over"}}}$$::jsonb,
  $${"message": {"type": "end-of-call-report", "cost": 0.2, "call": {"id": "ledger-no-components"}}}$$::jsonb],
  '00000000-0000-0000-0000-0000000000a1');

SELECT is((SELECT cost_ledger_gap FROM calls WHERE vapi_call_id = 'ledger-within'), 0.0049, 'components 0.0049 over the cost: within half a cent');
SELECT is((SELECT notes FROM vapi_events WHERE vapi_call_id = 'ledger-within'), '{}'::text[], 'and not noted');
SELECT ok((SELECT within->'notes' = '[]' AND short->'notes' @? '$[*] ? (@ like_regex "add up to 0.0941 dollars, the cost is 0.1 dollars")' FROM results),
  'components 0.0059 short (more than half a cent): the result says so');
SELECT is((SELECT count(*)::integer FROM vapi_events WHERE array_to_string(notes, ' ') LIKE '%cost components add up to%'), 2,
  'the events of both reports that do not add up are noted (text and set forms)');
SELECT set_eq($$SELECT vapi_call_id FROM calls WHERE abs(cost_ledger_gap) > 0.005$$, ARRAY['ledger-short', 'ledger-over'],
  'a query lists the calls whose components do not add up');
SELECT is((SELECT cost_ledger_gap FROM calls WHERE vapi_call_id = 'ledger-no-components'), NULL, 'a call without components has no gap');

SELECT * FROM finish();
ROLLBACK;
