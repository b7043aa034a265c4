/**
 * golden_record.grant_full_access(role_name name) → void
 *
 * Names an application role that keeps full access to every table under the package's
 * row-level security: all rows of all orgs, read and write, as far as its own table privileges
 * go. Meant for an upgraded legacy database, whose existing application does not say which org
 * it acts for; the policies change at once. The same list can be given at migration time with
 * the setting golden_record.full_access_roles (comma-separated). The table owner needs no
 * naming on a legacy table (row-level security is not forced there).
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | role_name | name | an existing role (members of it get the same access) |
 *
 * Example: `SELECT golden_record.grant_full_access('clinic_app');`
 */
CREATE OR REPLACE FUNCTION golden_record.grant_full_access(p_role_name name)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_role_name) THEN
    RAISE EXCEPTION 'golden_record.grant_full_access: role "%" does not exist', p_role_name USING ERRCODE = 'undefined_object';
  END IF;
  INSERT INTO golden_record.full_access_roles (role_name) VALUES (p_role_name) ON CONFLICT DO NOTHING;
  PERFORM golden_record.apply_row_security();
  PERFORM golden_record.apply_grants();
END;
$$;

REVOKE ALL ON FUNCTION golden_record.grant_full_access(name) FROM PUBLIC;
