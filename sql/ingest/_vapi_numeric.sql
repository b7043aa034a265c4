/**
 * _vapi_numeric(value jsonb) → numeric
 *
 * Private. A JSON number, or a string holding a plain decimal number (`"0.42"`, `" 1e-3 "`), as
 * numeric; anything else (other strings, NaN, objects, null) gives NULL, never an error.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | value | jsonb | a value of the payload, e.g. `message->'cost'` |
 *
 * Example: `SELECT _vapi_numeric('"0.42"');` → 0.42
 */
CREATE OR REPLACE FUNCTION golden_record._vapi_numeric(p_value jsonb)
RETURNS numeric
LANGUAGE plpgsql
IMMUTABLE
PARALLEL SAFE
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
BEGIN
  RETURN CASE jsonb_typeof(p_value)
    WHEN 'number' THEN p_value::numeric
    -- The exponent is bounded so the cast cannot overflow numeric.
    WHEN 'string' THEN CASE WHEN p_value #>> '{}' ~ '^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d{1,4})?\s*$' THEN (p_value #>> '{}')::numeric END
  END;
END;
$$;

REVOKE ALL ON FUNCTION golden_record._vapi_numeric(jsonb) FROM PUBLIC;
