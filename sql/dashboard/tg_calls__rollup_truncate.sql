/**
 * tg_calls__rollup_truncate() → trigger
 *
 * Private. AFTER TRUNCATE trigger function of `calls` (trigger `calls_rollup_truncate`): no call
 * is left, so no rollup is either; each org's rollups are built again with its next call.
 * SECURITY DEFINER: TRUNCATE is the owner's and ignores row-level security, as the calls' did.
 *
 * Example: `TRUNCATE calls CASCADE;`
 */
CREATE OR REPLACE FUNCTION golden_record.tg_calls__rollup_truncate()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
BEGIN
  TRUNCATE @extschema@.call_rollups, @extschema@.call_rollup_orgs, @extschema@.call_rollup_changes;
  RETURN NULL;
END;
$$;

REVOKE ALL ON FUNCTION golden_record.tg_calls__rollup_truncate() FROM PUBLIC;
