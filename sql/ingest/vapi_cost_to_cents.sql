/**
 * vapi_cost_to_cents(cost numeric) → integer
 *
 * Vapi's cost in US dollars as whole cents, rounded up: `ceil(cost * 100)`, computed in
 * numeric (float8 would turn 0.07 into 8 cents). NULL stays NULL (no cost is not a cost of 0)
 * and 0 stays 0. A cost whose cents do not fit an integer, NaN or infinity gives NULL, never an
 * overflow error.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | cost | numeric | dollars, as Vapi sends them (`message.cost`) |
 *
 * Example: `SELECT vapi_cost_to_cents(0.07);` → 7; `SELECT vapi_cost_to_cents(0.0712);` → 8
 */
CREATE OR REPLACE FUNCTION @extschema@.vapi_cost_to_cents(p_cost numeric)
RETURNS integer
LANGUAGE plpgsql
IMMUTABLE
PARALLEL SAFE
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
BEGIN
  -- NaN sorts above every number and infinity is out of range: both fail the test.
  RETURN CASE WHEN p_cost * 100 > -2147483649 AND p_cost * 100 <= 2147483647 THEN ceil(p_cost * 100)::integer END;
END;
$$;

REVOKE ALL ON FUNCTION @extschema@.vapi_cost_to_cents(numeric) FROM PUBLIC;
