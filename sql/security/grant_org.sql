/**
 * golden_record.grant_org(role_name name, org_id uuid) → void
 *
 * Binds a role to an org: from then on that role, and every role that is a member of it, may
 * act for that org (current_org_id()), and only for the orgs bound to it, whatever settings it
 * changes. This is how a person, a BI tool or a clinic's own login gets access: a login that is
 * a member of the reader role, bound to its org. For the DBA: EXECUTE is granted to nobody
 * (superusers and members of the package's owner role run it). Binding twice is a no-op.
 * CLI: `golden-record roles grant ROLE --org UUID`.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | role_name | name | an existing role |
 * | org_id | uuid | the org it may act for |
 *
 * Errors: 22023 for a NULL org, 42704 for a role that does not exist.
 *
 * Example: `SELECT golden_record.grant_org('clinic_a_bi', '9f1c...');`
 */
CREATE OR REPLACE FUNCTION golden_record.grant_org(p_role_name name, p_org_id uuid)
RETURNS void
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
DECLARE
  -- Bound by oid: a role later dropped and made again under this name is not bound.
  v_role regrole;
BEGIN
  IF p_org_id IS NULL THEN
    RAISE EXCEPTION 'grant_org: org_id is required' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  SELECT oid INTO v_role FROM pg_roles WHERE rolname = p_role_name;
  IF v_role IS NULL THEN
    RAISE EXCEPTION 'grant_org: role "%" does not exist', p_role_name USING ERRCODE = 'undefined_object';
  END IF;
  INSERT INTO golden_record.role_orgs (role_id, org_id) VALUES (v_role, p_org_id) ON CONFLICT DO NOTHING;
END;
$$;

REVOKE ALL ON FUNCTION golden_record.grant_org(name, uuid) FROM PUBLIC;
