BEGIN;
SELECT plan(6);

CREATE TEMP TABLE delivery AS
SELECT ingest_vapi_call($${"message": {"type": "end-of-call-report", "cost": "0.42", "call": {"id": "call-cost-string"}}}$$::jsonb,
                        '00000000-0000-0000-0000-0000000000a1') AS a,
       ingest_vapi_call($${"message": {"type": "end-of-call-report", "cost": "twelve cents", "call": {"id": "call-cost-words"}}}$$::jsonb,
                        '00000000-0000-0000-0000-0000000000a1') AS b,
       ingest_vapi_call($${"message": {"type": "end-of-call-report", "cost": {"usd": 1}, "call": {"id": "call-cost-object"}}}$$::jsonb,
                        '00000000-0000-0000-0000-0000000000a1') AS c;

SELECT is((SELECT cost_cents FROM calls WHERE vapi_call_id = 'call-cost-string'), 42, '"0.42" is read as 0.42 dollars');
SELECT ok((SELECT notes FROM vapi_events WHERE vapi_call_id = 'call-cost-string')::text LIKE '%cost read from the string%0.42%', 'and the event notes it');
SELECT is((SELECT a->'notes'->>0 FROM delivery), 'cost read from the string "0.42"', 'the result carries the note too');
SELECT is((SELECT cost_cents FROM calls WHERE vapi_call_id = 'call-cost-words'), NULL, 'a string that is not a number leaves the cost NULL');
SELECT ok((SELECT notes FROM vapi_events WHERE vapi_call_id = 'call-cost-words')::text LIKE '%twelve cents%is not a number%', 'with a note naming the value');
SELECT is((SELECT cost_cents FROM calls WHERE vapi_call_id = 'call-cost-object'), NULL, 'an object is no cost either');

SELECT * FROM finish();
ROLLBACK;
