/**
 * current_org_id() → uuid
 *
 * The org the session acts for; every row-level security policy of the package reads it (as
 * `(SELECT current_org_id())`, once per statement, with the querying role's rights). The one
 * place that decides the acting org:
 *
 * - a trusted role acts for the org of the setting `golden_record.org_id` (set per transaction
 *   with `SET LOCAL golden_record.org_id = '<uuid>'`): the package's owner role (its SECURITY
 *   DEFINER functions, through `_act_for_org`), the trusted backend role (package_roles purpose
 *   `app`, default golden_record_app), a role that is a member of either, a superuser or a
 *   BYPASSRLS role;
 * - any other role acts only for the orgs bound to it or to a role it is a member of
 *   (`golden_record.grant_org`): the setting chooses among them (unset: the only one, when
 *   there is exactly one), and a setting outside them gives NULL. The role is `current_user`,
 *   so `SET ROLE` to another of its roles changes the orgs to that role's, never beyond what
 *   the session's login may act as;
 * - a role neither bound nor trusted acts for no org: NULL, and the policies match no row.
 *
 * A setting that is not a uuid gives NULL for everyone.
 *
 * | returns | meaning |
 * |---|---|
 * | uuid | the acting org, or NULL (then policies match no row) |
 *
 * Example: `SET LOCAL golden_record.org_id = '9f1c...'; SELECT current_org_id();`
 */
CREATE OR REPLACE FUNCTION @extschema@.current_org_id()
RETURNS uuid
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
DECLARE
  v_setting text := nullif(current_setting('golden_record.org_id', true), '');
  v_wanted uuid;
  v_orgs uuid[];
BEGIN
  BEGIN
    v_wanted := v_setting::uuid;
  EXCEPTION WHEN invalid_text_representation THEN
    RETURN NULL;
  END;
  -- The package's owner (every SECURITY DEFINER function) and the backend role first: every
  -- policy of every statement they run evaluates this. (A superuser is a member of any role.)
  -- to_regrole: a recorded role that no longer exists trusts nobody.
  IF EXISTS (SELECT 1 FROM golden_record.package_roles pr
              WHERE pr.purpose IN ('owner', 'app') AND pg_has_role(to_regrole(quote_ident(pr.role_name)), 'MEMBER'))
     OR EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = current_user AND (r.rolsuper OR r.rolbypassrls)) THEN
    RETURN v_wanted;
  END IF;
  SELECT array_agg(DISTINCT b.org_id) INTO v_orgs
    FROM golden_record.role_orgs b JOIN pg_roles r ON r.oid = b.role_id
   WHERE pg_has_role(r.oid, 'MEMBER');
  IF v_wanted IS NULL THEN
    RETURN CASE WHEN cardinality(v_orgs) = 1 THEN v_orgs[1] END;
  END IF;
  RETURN CASE WHEN v_wanted = ANY (v_orgs) THEN v_wanted END;
END;
$$;

REVOKE ALL ON FUNCTION @extschema@.current_org_id() FROM PUBLIC;
