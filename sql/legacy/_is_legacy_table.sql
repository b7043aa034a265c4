/**
 * _is_legacy_table(name text) → boolean
 *
 * Private. Whether the table `name` (in the package's schema) was there before the package:
 * it exists and no migration recorded creating it. The legacy triggers and the backfill act
 * only on such tables.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | name | text | a table name, e.g. 'calls' |
 *
 * Example: `SELECT _is_legacy_table('calls');`
 */
CREATE OR REPLACE FUNCTION golden_record._is_legacy_table(p_name text)
RETURNS boolean
LANGUAGE sql
STABLE
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
  SELECT to_regclass(format('%I.%I', '@extschema@'::text, p_name)) IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM golden_record.tracked_objects
                      WHERE kind = 'table' AND table_name = format('%I.%I', '@extschema@'::text, p_name));
$$;

REVOKE ALL ON FUNCTION golden_record._is_legacy_table(text) FROM PUBLIC;
