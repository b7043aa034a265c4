BEGIN;
SELECT plan(9);

SELECT is(vapi_cost_to_cents(0.07), 7, '0.07 dollars is 7 cents (float8 would say 8)');
SELECT is(vapi_cost_to_cents(0.0701), 8, 'a fraction of a cent rounds up');
SELECT is(vapi_cost_to_cents(0.123456789012345678901234567890), 13, 'many decimals');
SELECT is(vapi_cost_to_cents(1.1), 110, '1.1 dollars is 110 cents');
SELECT is(vapi_cost_to_cents(12.34), 1234, 'whole cents stay as they are');
SELECT is(vapi_cost_to_cents(NULL), NULL, 'no cost is NULL');
SELECT is(vapi_cost_to_cents(0), 0, 'zero is zero');

CREATE TEMP TABLE delivery AS
SELECT ingest_vapi_call($${"message": {"type": "end-of-call-report", "cost": 0.07, "call": {"id": "call-cost-007"}}}$$::jsonb,
                        '00000000-0000-0000-0000-0000000000a1') AS a,
       ingest_vapi_call($${"message": {"type": "end-of-call-report", "cost": 0.29000000000000004, "call": {"id": "call-cost-float"}}}$$::jsonb,
                        '00000000-0000-0000-0000-0000000000a1') AS b;
SELECT is((SELECT cost_cents FROM calls WHERE vapi_call_id = 'call-cost-007'), 7, 'a report costing 0.07 is stored as 7 cents');
SELECT is((SELECT cost_cents FROM calls WHERE vapi_call_id = 'call-cost-float'), 30, 'a float artefact above a whole cent rounds up, as ceil says');

SELECT * FROM finish();
ROLLBACK;
