/**
 * _act_for_org(org_id uuid) → text
 *
 * Private. Makes the rest of the transaction act for `org_id`, so that forced row-level
 * security lets a SECURITY DEFINER function of the package read and write that org's rows.
 * Returns the previous setting; the caller puts it back with `_act_for_org_restore(previous)`
 * before it returns, so the caller's session is left as it was.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | org_id | uuid | the org to act for (NULL: no org) |
 *
 * Example: `v_previous := _act_for_org(v_org_id); ... PERFORM _act_for_org_restore(v_previous);`
 */
CREATE OR REPLACE FUNCTION golden_record._act_for_org(p_org_id uuid)
RETURNS text
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
DECLARE
  v_previous text := current_setting('golden_record.org_id', true);
BEGIN
  PERFORM set_config('golden_record.org_id', coalesce(p_org_id::text, ''), true);
  RETURN v_previous;
END;
$$;

REVOKE ALL ON FUNCTION golden_record._act_for_org(uuid) FROM PUBLIC;
