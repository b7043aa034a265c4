/**
 * _org_time_zone(org_id uuid) → text
 *
 * Private. The org's IANA time zone from `org_settings`, else 'UTC'. Reads as the caller
 * (row-level security applies), so an org the caller cannot see gets UTC.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | org_id | uuid | the org |
 *
 * Example: `SELECT _org_time_zone('6f1c...'::uuid);  -- 'Europe/Paris' or 'UTC'`
 */
CREATE OR REPLACE FUNCTION golden_record._org_time_zone(p_org_id uuid)
RETURNS text
LANGUAGE sql
STABLE
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
  SELECT coalesce((SELECT s.time_zone FROM @extschema@.org_settings s WHERE s.org_id = p_org_id), 'UTC');
$$;

REVOKE ALL ON FUNCTION golden_record._org_time_zone(uuid) FROM PUBLIC;
