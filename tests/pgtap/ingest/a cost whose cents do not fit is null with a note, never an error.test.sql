BEGIN;
SELECT plan(8);

SELECT is(vapi_cost_to_cents(1e308), NULL, '1e308 dollars: NULL, no overflow');
SELECT is(vapi_cost_to_cents(9223372036854775808), NULL, '2^63 dollars: NULL');
SELECT is(vapi_cost_to_cents(21474836.47), 2147483647, 'the largest cost that fits');
SELECT is(vapi_cost_to_cents(21474836.471), NULL, 'a fraction of a cent above it does not fit');
SELECT is(vapi_cost_to_cents('NaN'), NULL, 'NaN is no cost');

CREATE TEMP TABLE delivery AS
SELECT ingest_vapi_call($${"message": {"type": "end-of-call-report", "cost": 1e308, "call": {"id": "call-cost-huge"}}}$$::jsonb,
                        '00000000-0000-0000-0000-0000000000a1') AS a,
       ingest_vapi_call($${"message": {"type": "end-of-call-report", "cost": "9223372036854775808", "call": {"id": "call-cost-2-63"}}}$$::jsonb,
                        '00000000-0000-0000-0000-0000000000a1') AS b;

SELECT is((SELECT array_agg(a->>'status') || array_agg(b->>'status') FROM delivery), ARRAY['ingested', 'ingested'], 'both reports are ingested');
SELECT is((SELECT count(*)::integer FROM calls WHERE vapi_call_id IN ('call-cost-huge', 'call-cost-2-63') AND cost_cents IS NULL), 2, 'with cost_cents NULL');
SELECT is((SELECT count(*)::integer FROM vapi_events WHERE vapi_call_id IN ('call-cost-huge', 'call-cost-2-63')
           AND notes::text LIKE '%does not fit cost_cents%'), 2, 'and a note on each event');

SELECT * FROM finish();
ROLLBACK;
