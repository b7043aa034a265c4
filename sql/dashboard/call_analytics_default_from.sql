/**
 * call_analytics_default_from(to timestamptz) → timestamptz
 *
 * The start of `call_analytics`'s default period: 30 days before `to`. It is `call_analytics`'s
 * default `from` (with `to` = now()), and what a caller passes as `from` when it has only `to`.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | to | timestamptz | the end of the period |
 *
 * Example: `SELECT call_analytics(org, call_analytics_default_from('2025-02-01'), '2025-02-01');`
 */
CREATE OR REPLACE FUNCTION @extschema@.call_analytics_default_from(p_to timestamptz)
RETURNS timestamptz
LANGUAGE sql
IMMUTABLE
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
  SELECT p_to - interval '30 days';
$$;

REVOKE ALL ON FUNCTION @extschema@.call_analytics_default_from(timestamptz) FROM PUBLIC;
