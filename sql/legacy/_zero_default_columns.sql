/**
 * _zero_default_columns(tbl regclass) → text[]
 *
 * Private. The number columns of a table whose default is the constant 0 (`DEFAULT 0`, `0.0`,
 * `'0'::numeric`, `(0)::bigint`...). In such a column a 0 is what every writer that did not know
 * the value left there (a legacy `call_logs.total_cost numeric DEFAULT 0` of a call whose cost
 * never arrived), so the backfill reads it as unknown, not as a real 0 (see
 * _without_default_zeros). Read from the catalogue, so it holds for any column of any shape.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | tbl | regclass | the table |
 *
 * Example: `SELECT _zero_default_columns('call_logs');` → {total_cost}
 */
CREATE OR REPLACE FUNCTION golden_record._zero_default_columns(p_table regclass)
RETURNS text[]
LANGUAGE sql
STABLE
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
  SELECT coalesce(array_agg(a.attname::text ORDER BY a.attnum), '{}')
    FROM pg_attribute a
    JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
   WHERE a.attrelid = p_table AND a.attnum > 0 AND NOT a.attisdropped
     AND a.atttypid IN ('numeric'::regtype, 'smallint'::regtype, 'integer'::regtype, 'bigint'::regtype, 'real'::regtype, 'double precision'::regtype)
     AND pg_get_expr(d.adbin, d.adrelid) ~ '^\(?''?[+-]?(0+\.?0*|\.0+)''?\)?(::[a-z ]+(\([0-9, ]+\))?)?$';
$$;

REVOKE ALL ON FUNCTION golden_record._zero_default_columns(regclass) FROM PUBLIC;
