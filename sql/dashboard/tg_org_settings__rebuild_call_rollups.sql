/**
 * tg_org_settings__rebuild_call_rollups() → trigger
 *
 * Private. AFTER INSERT, UPDATE OF time_zone or DELETE row trigger function of `org_settings`
 * (trigger `org_settings_rebuild_call_rollups`): when the org's time zone is no longer the
 * one its rollups' days are cut in, rebuilds them (`_call_rollups_build`, one scan of the
 * org's calls, in the same transaction as the change). An org without rollups is left alone.
 * SECURITY DEFINER, acting for the org.
 *
 * Example: `UPDATE org_settings SET time_zone = 'Europe/Paris' WHERE org_id = $1;`
 */
CREATE OR REPLACE FUNCTION golden_record.tg_org_settings__rebuild_call_rollups()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
DECLARE
  v_previous text := current_setting('golden_record.org_id', true);
  v_org_id uuid;
BEGIN
  -- Both orgs when an update moves the settings row to another org.
  FOR v_org_id IN
    SELECT DISTINCT o.org_id
      FROM (VALUES (CASE WHEN TG_OP <> 'INSERT' THEN OLD.org_id END), (CASE WHEN TG_OP <> 'DELETE' THEN NEW.org_id END)) o(org_id)
     WHERE o.org_id IS NOT NULL
  LOOP
    PERFORM _act_for_org(v_org_id);
    PERFORM _call_rollups_build(v_org_id)
      FROM @extschema@.call_rollup_orgs r
     WHERE r.org_id = v_org_id AND r.time_zone IS DISTINCT FROM _org_time_zone(v_org_id);
  END LOOP;
  PERFORM _act_for_org_restore(v_previous);
  RETURN NULL;
END;
$$;

REVOKE ALL ON FUNCTION golden_record.tg_org_settings__rebuild_call_rollups() FROM PUBLIC;
