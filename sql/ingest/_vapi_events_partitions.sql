/**
 * _vapi_events_partitions() → setof (partition regclass, lower_bound timestamptz, upper_bound timestamptz, is_default boolean)
 *
 * Private. The partitions of `vapi_events` with their `received_at` range, read from the
 * catalogue (`-infinity` for MINVALUE; NULL bounds for the default partition). Nothing when the
 * event store is not partitioned.
 *
 * | column | meaning |
 * |---|---|
 * | partition | the partition |
 * | lower_bound, upper_bound | its range [lower, upper) |
 * | is_default | the default partition, for rows no other partition takes |
 *
 * Example: `SELECT * FROM _vapi_events_partitions() ORDER BY lower_bound;`
 */
CREATE OR REPLACE FUNCTION golden_record._vapi_events_partitions()
RETURNS TABLE (partition regclass, lower_bound timestamptz, upper_bound timestamptz, is_default boolean)
LANGUAGE sql
STABLE
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
  SELECT c.oid::regclass,
         CASE WHEN b.bound ~ 'FROM \(MINVALUE\)' THEN '-infinity'::timestamptz
              ELSE substring(b.bound FROM 'FROM \(''([^'']+)''\)')::timestamptz END,
         substring(b.bound FROM 'TO \(''([^'']+)''\)')::timestamptz,
         b.bound = 'DEFAULT'
    FROM pg_inherits i
    JOIN pg_class c ON c.oid = i.inhrelid
   CROSS JOIN LATERAL (SELECT pg_get_expr(c.relpartbound, c.oid) AS bound) b
   WHERE i.inhparent = to_regclass('@extschema@.vapi_events');
$$;

REVOKE ALL ON FUNCTION golden_record._vapi_events_partitions() FROM PUBLIC;
