/**
 * _without_default_zeros(row jsonb, columns text[]) → jsonb
 *
 * Private. A legacy row (`to_jsonb(l)`) without the keys of `columns` (the columns whose
 * default is 0, from _zero_default_columns) that hold 0: such a 0 says nothing is known, so the
 * value is left out and what reads the row falls back to other evidence, else NULL. A value
 * above 0 is kept.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | row | jsonb | the row |
 * | columns | text[] | its columns whose default is 0 |
 *
 * Example: `SELECT _without_default_zeros('{"total_cost": 0.0000, "duration_seconds": 12}', '{total_cost}');` → {"duration_seconds": 12}
 */
CREATE OR REPLACE FUNCTION golden_record._without_default_zeros(p_row jsonb, p_columns text[])
RETURNS jsonb
LANGUAGE sql
IMMUTABLE
PARALLEL SAFE
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
  SELECT p_row - ARRAY(SELECT c FROM unnest(p_columns) AS c WHERE _vapi_numeric(p_row -> c) = 0);
$$;

REVOKE ALL ON FUNCTION golden_record._without_default_zeros(jsonb, text[]) FROM PUBLIC;
