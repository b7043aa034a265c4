/**
 * golden_record.revoke_full_access(role_name name) → void
 *
 * Takes a role off the full-access list (see `golden_record.grant_full_access`): from now on it
 * sees and writes only the rows of `current_org_id()`. The policies change at once.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | role_name | name | a role named before |
 *
 * Example: `SELECT golden_record.revoke_full_access('clinic_app');`
 */
CREATE OR REPLACE FUNCTION golden_record.revoke_full_access(p_role_name name)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
BEGIN
  DELETE FROM golden_record.full_access_roles WHERE role_name = p_role_name;
  PERFORM golden_record.apply_row_security();
  PERFORM golden_record.apply_grants();
END;
$$;

REVOKE ALL ON FUNCTION golden_record.revoke_full_access(name) FROM PUBLIC;
