/**
 * _legacy_cost_cents(metadata jsonb) → integer
 *
 * Private. The cost a legacy `calls.metadata` holds, in cents: `metadata.cost`, else
 * `metadata.vapi_cost` (rows the old application copied from call_logs), both in US dollars,
 * rounded up in numeric by vapi_cost_to_cents. A JSON number or a numeric string is read (see
 * _vapi_numeric); JSON null, garbage, a missing key or a metadata that is not an object give
 * NULL. A stored 0 gives 0.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | metadata | jsonb | the legacy `calls.metadata` |
 *
 * Example: `SELECT _legacy_cost_cents('{"cost": "0.07"}');` → 7
 */
CREATE OR REPLACE FUNCTION golden_record._legacy_cost_cents(p_metadata jsonb)
RETURNS integer
LANGUAGE sql
IMMUTABLE
PARALLEL SAFE
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
  SELECT coalesce(@extschema@.vapi_cost_to_cents(_vapi_numeric(p_metadata -> 'cost')),
                  @extschema@.vapi_cost_to_cents(_vapi_numeric(p_metadata -> 'vapi_cost')));
$$;

REVOKE ALL ON FUNCTION golden_record._legacy_cost_cents(jsonb) FROM PUBLIC;
