/**
 * calls_org_ids(max integer) → SETOF uuid
 *
 * The distinct orgs of the calls the caller can see, lowest first, at most `max` of them. Skips
 * through the (org_id, ...) index one org at a time, so it costs `max` index probes, not a scan
 * of the calls. The CLI reports on the only org when `calls_org_ids(2)` returns one row. Runs
 * as the caller: row-level security applies.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | max | integer | how many orgs to return at most |
 *
 * Example: `SELECT * FROM calls_org_ids(2);`
 */
CREATE OR REPLACE FUNCTION @extschema@.calls_org_ids(p_max integer)
RETURNS SETOF uuid
LANGUAGE sql
STABLE
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
  WITH RECURSIVE org AS (
    (SELECT c.org_id FROM @extschema@.calls c ORDER BY c.org_id LIMIT 1)
    UNION ALL
    SELECT (SELECT c.org_id FROM @extschema@.calls c WHERE c.org_id > org.org_id ORDER BY c.org_id LIMIT 1)
      FROM org
     WHERE org.org_id IS NOT NULL
  )
  SELECT org.org_id FROM org WHERE org.org_id IS NOT NULL LIMIT p_max;
$$;

REVOKE ALL ON FUNCTION @extschema@.calls_org_ids(integer) FROM PUBLIC;
