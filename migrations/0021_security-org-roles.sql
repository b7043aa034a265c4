-- Up Migration
-- Roles bound to orgs, the trusted backend role and opaque linking cursors (SPEC §5).
--
-- golden_record.role_orgs: which orgs a role (and every role that is a member of it) may act
-- for; current_org_id() reads it, golden_record.grant_org / revoke_org (DBA only) write it.
-- The trusted backend role (setting golden_record.app_role, default golden_record_app) may act
-- for any org with SET LOCAL golden_record.org_id; a role neither bound nor trusted sees nothing.

-- By the role's oid, not its name: a role dropped, or renamed, and another made under the bound
-- name inherits nothing. A dropped role's binding stays, matching no role, until revoked.
CREATE TABLE IF NOT EXISTS golden_record.role_orgs (
  role_id regrole NOT NULL,
  org_id uuid NOT NULL,
  granted_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (role_id, org_id)
);
-- current_org_id() runs with the querying role's rights and reads this table: a role sees the
-- bindings of the roles it is a member of, and nobody else's. (The table's owner, the
-- package's owner role, is not bound by it: it acts for any org anyway.)
ALTER TABLE golden_record.role_orgs ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS golden_record_own_bindings ON golden_record.role_orgs;
CREATE POLICY golden_record_own_bindings ON golden_record.role_orgs FOR SELECT
  USING (EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.oid = role_orgs.role_id AND pg_catalog.pg_has_role(r.oid, 'MEMBER')));

-- Where a link_appointments run stands: the cursor it returns is this row's random token, so the
-- caller (the ingest role) never sees a call id or a time.
CREATE TABLE IF NOT EXISTS golden_record.link_cursors (
  token uuid PRIMARY KEY,
  org_id uuid NOT NULL,
  after_created_at timestamptz NOT NULL,
  after_call_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

DO $$
DECLARE
  v_app name := coalesce(nullif(btrim(current_setting('golden_record.app_role', true)), ''), 'golden_record_app');
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = v_app) THEN
    BEGIN
      PERFORM golden_record.track('0021_security-org-roles', 'role', NULL, v_app);
      EXECUTE format('CREATE ROLE %I NOLOGIN', v_app);
    EXCEPTION
      WHEN duplicate_object OR unique_violation THEN NULL;
      WHEN insufficient_privilege THEN
        RAISE EXCEPTION 'cannot create role % (the migrating role needs CREATEROLE)', v_app
          USING HINT = format('create it first (CREATE ROLE %I NOLOGIN), or name an existing role with the setting golden_record.app_role', v_app);
    END;
  END IF;
  INSERT INTO golden_record.package_roles (purpose, role_name) VALUES ('app', v_app)
    ON CONFLICT (purpose) DO UPDATE SET role_name = EXCLUDED.role_name;
END
$$;

-- Down Migration
DELETE FROM golden_record.package_roles WHERE purpose = 'app';
SELECT golden_record.untrack('0021_security-org-roles');
-- The package's own bookkeeping tables, which no application reads.
-- squawk-ignore ban-drop-table
DROP TABLE IF EXISTS golden_record.link_cursors;
-- squawk-ignore ban-drop-table
DROP TABLE IF EXISTS golden_record.role_orgs;
