/**
 * tg_calls__rollup_truncate() → trigger
 *
 * Private. AFTER TRUNCATE trigger function of `calls` (trigger `calls_rollup_truncate`): no call
 * is left, so no rollup is either; each org's rollups are built again with its next call.
 * SECURITY DEFINER: TRUNCATE is the owner's and ignores row-level security, as the calls' did.
 *
 * Example: `TRUNCATE calls CASCADE;`
 */
CREATE OR REPLACE FUNCTION tg_calls__rollup_truncate()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path FROM CURRENT
AS $$
BEGIN
  TRUNCATE call_rollups, call_rollup_orgs;
  RETURN NULL;
END;
$$;

REVOKE ALL ON FUNCTION tg_calls__rollup_truncate() FROM PUBLIC;
