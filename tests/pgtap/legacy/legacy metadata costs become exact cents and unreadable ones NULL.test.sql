BEGIN;
SELECT plan(15);

SELECT is(golden_record._legacy_cost_cents('{"cost": 0.07}'), 7, '0.07 dollars is 7 cents (float8 would say 8)');
SELECT is(golden_record._legacy_cost_cents('{"cost": 0.0700000001}'), 8, 'any fraction of a cent rounds up');
SELECT is(golden_record._legacy_cost_cents('{"cost": 0.30000000000000004}'), 31, 'a float sum the app stored is read exactly as written');
SELECT is(golden_record._legacy_cost_cents('{"cost": 12.3456789}'), 1235, 'many decimals');
SELECT is(golden_record._legacy_cost_cents('{"cost": 0}'), 0, 'a stored 0 stays 0');
SELECT is(golden_record._legacy_cost_cents('{"cost": " 0.42 "}'), 42, 'a numeric string is read');
SELECT is(golden_record._legacy_cost_cents('{"cost": null}'), NULL::integer, 'JSON null is no cost');
SELECT is(golden_record._legacy_cost_cents('{"cost": "$1.20"}'), NULL::integer, 'garbage is no cost');
SELECT is(golden_record._legacy_cost_cents('{"cost": {"amount": 1}}'), NULL::integer, 'an object is no cost');
SELECT is(golden_record._legacy_cost_cents('{"assistant_id": "a"}'), NULL::integer, 'a missing key is no cost, not 0');
SELECT is(golden_record._legacy_cost_cents('"{\"cost\": 1}"'), NULL::integer, 'metadata that is not an object has no cost');
SELECT is(golden_record._legacy_cost_cents('{"vapi_cost": 0.1234}'), 13, 'vapi_cost (rows copied from call_logs) when there is no cost');
SELECT is(golden_record._legacy_cost_cents('{"cost": "N/A", "vapi_cost": "1.5"}'), 150, 'vapi_cost when cost is unreadable');
SELECT is(golden_record._legacy_cost_cents('{"cost": 0.5, "vapi_cost": 9}'), 50, 'cost comes before vapi_cost');
SELECT is(golden_record._legacy_ended_reason('{"ended_reason": "  ", "vapi_end_reason": " voicemail "}'), 'voicemail', 'the first non-blank end reason, trimmed');

SELECT * FROM finish();
ROLLBACK;
