/**
 * org_settings_rebuild_call_rollups (trigger on org_settings)
 *
 * AFTER INSERT, UPDATE OF time_zone, org_id or DELETE: rebuilds the org's rollups in its new
 * time zone, see `tg_org_settings__rebuild_call_rollups`.
 */
CREATE OR REPLACE TRIGGER org_settings_rebuild_call_rollups
AFTER INSERT OR UPDATE OF time_zone, org_id OR DELETE ON @extschema@.org_settings
FOR EACH ROW EXECUTE FUNCTION golden_record.tg_org_settings__rebuild_call_rollups();
