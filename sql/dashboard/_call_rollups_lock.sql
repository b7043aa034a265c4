/**
 * _call_rollups_lock(org_id uuid, exclusive boolean) → void
 *
 * Private. The transaction-level advisory lock that keeps an org's rollups exact: every write
 * of calls takes it shared before it adds its deltas (`_call_rollups_add`), a (re)build takes
 * it exclusive (`_call_rollups_build`). A build therefore waits for the writers in flight and
 * sees their calls, and a writer that comes during a build waits and then reads the new time
 * zone. Writers do not block each other here (they serialize only on the rollup rows they bump).
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | org_id | uuid | the org |
 * | exclusive | boolean | true for a build, false for a writer |
 *
 * Example: `PERFORM _call_rollups_lock(v_org_id, false);`
 */
CREATE OR REPLACE FUNCTION _call_rollups_lock(p_org_id uuid, p_exclusive boolean)
RETURNS void
LANGUAGE plpgsql
VOLATILE
SET search_path FROM CURRENT
AS $$
DECLARE
  v_key bigint := hashtextextended('golden_record.call_rollups:' || p_org_id::text, 0);
BEGIN
  IF p_exclusive THEN
    PERFORM pg_advisory_xact_lock(v_key);
  ELSE
    PERFORM pg_advisory_xact_lock_shared(v_key);
  END IF;
END;
$$;

REVOKE ALL ON FUNCTION _call_rollups_lock(uuid, boolean) FROM PUBLIC;
