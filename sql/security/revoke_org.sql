/**
 * golden_record.revoke_org(role_name name, org_id uuid) → boolean
 *
 * Unbinds a role from an org (see `golden_record.grant_org`): its next statement no longer
 * sees that org. For the DBA, like grant_org. CLI: `golden-record roles revoke ROLE --org UUID`.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | role_name | name | the role |
 * | org_id | uuid | the org |
 *
 * | returns | meaning |
 * |---|---|
 * | boolean | true when the binding existed |
 *
 * Example: `SELECT golden_record.revoke_org('clinic_a_bi', '9f1c...');`
 */
CREATE OR REPLACE FUNCTION golden_record.revoke_org(p_role_name name, p_org_id uuid)
RETURNS boolean
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
BEGIN
  DELETE FROM golden_record.role_orgs WHERE role_id = (SELECT oid FROM pg_roles WHERE rolname = p_role_name) AND org_id = p_org_id;
  RETURN FOUND;
END;
$$;

REVOKE ALL ON FUNCTION golden_record.revoke_org(name, uuid) FROM PUBLIC;
