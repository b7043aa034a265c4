-- Up Migration
-- The package's two roles (docs/contract.md, Security), the record of every grant the package makes, and closed
-- defaults for new functions. sql/security/ grants to the roles at every install; the down
-- migration revokes exactly what was recorded, so a legacy database gets its own ACLs back.
--
-- Role names: the settings golden_record.ingest_role and golden_record.reader_role, read once,
-- when this migration runs (default golden_record_ingest, golden_record_reader). Set them for
-- the migrate command's session, e.g.
--   PGOPTIONS='-c golden_record.ingest_role=clinic_ingest -c golden_record.reader_role=clinic_reader' golden-record migrate up
-- or with ALTER DATABASE ... SET golden_record.ingest_role = '...'. Missing roles are created
-- NOLOGIN (the migrating role needs CREATEROLE then); grant them to your login roles.

-- Which role plays which part; sql/security/ and `golden-record doctor` read it.
CREATE TABLE IF NOT EXISTS golden_record.package_roles (
  purpose text PRIMARY KEY CONSTRAINT package_roles_purpose_check CHECK (purpose IN ('ingest', 'reader')),
  role_name name NOT NULL CONSTRAINT package_roles_role_name_key UNIQUE
);

-- Every privilege sql/security/ granted (a grant that was already there is not recorded), so
-- the down migration revokes those and nothing the database had before.
CREATE TABLE IF NOT EXISTS golden_record.package_grants (
  role_name name NOT NULL,
  object_kind text NOT NULL CONSTRAINT package_grants_object_kind_check CHECK (object_kind IN ('schema', 'table', 'function')),
  object_name text NOT NULL,
  privilege text NOT NULL,
  granted_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (role_name, object_kind, object_name, privilege)
);

-- The functions of sql/, as the last install wrote them (sql/security/finish_install.sql), so grants
-- and `golden-record doctor` tell the package's functions from an application's in a shared schema.
CREATE TABLE IF NOT EXISTS golden_record.code_layer_functions (
  signature text PRIMARY KEY
);

-- Roles whose new functions this migration closed to PUBLIC; the down migration reopens them.
CREATE TABLE IF NOT EXISTS golden_record.closed_function_defaults (
  role_name name PRIMARY KEY
);

DO $$
DECLARE
  r record;
BEGIN
  FOR r IN
    SELECT purpose, coalesce(nullif(btrim(current_setting('golden_record.' || purpose || '_role', true)), ''), 'golden_record_' || purpose) AS role_name
      FROM unnest(ARRAY['ingest', 'reader']) AS purpose
  LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r.role_name) THEN
      BEGIN
        PERFORM golden_record.track('0012_security-roles', 'role', NULL, r.role_name);
        EXECUTE format('CREATE ROLE %I NOLOGIN', r.role_name);
      EXCEPTION
        -- Another database of the cluster created it at the same moment: it is not ours.
        WHEN duplicate_object OR unique_violation THEN NULL;
        WHEN insufficient_privilege THEN
          RAISE EXCEPTION 'cannot create role % (the migrating role needs CREATEROLE)', r.role_name
            USING HINT = format('create it first (CREATE ROLE %I NOLOGIN), or name an existing role with the setting golden_record.%s_role', r.role_name, r.purpose);
      END;
    END IF;
    INSERT INTO golden_record.package_roles (purpose, role_name) VALUES (r.purpose, r.role_name)
      ON CONFLICT (purpose) DO UPDATE SET role_name = EXCLUDED.role_name;
  END LOOP;
END
$$;

-- New functions of the migrating role are not executable by PUBLIC. Only the global form can
-- revoke a built-in default (a per-schema default adds to it), so this holds in every schema.
DO $$
BEGIN
  IF NOT EXISTS (
    SELECT 1 FROM pg_default_acl d
     WHERE d.defaclrole = current_user::regrole AND d.defaclnamespace = 0 AND d.defaclobjtype = 'f'
       AND NOT EXISTS (SELECT 1 FROM aclexplode(d.defaclacl) a WHERE a.grantee = 0 AND a.privilege_type = 'EXECUTE')
  ) THEN
    ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
    INSERT INTO golden_record.closed_function_defaults (role_name) VALUES (current_user) ON CONFLICT DO NOTHING;
  END IF;
END
$$;

-- Down Migration
-- Revoke what the package granted, reopen the function defaults it closed, then drop the roles
-- it created. A role still used by another database of the cluster (its grants there, or a
-- clone of this one) cannot be dropped: it is left in place with a warning.
DO $$
DECLARE
  g golden_record.package_grants;
  r record;
BEGIN
  FOR g IN SELECT * FROM golden_record.package_grants LOOP
    CONTINUE WHEN NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = g.role_name);
    IF g.object_kind = 'schema' AND to_regnamespace(quote_ident(g.object_name)) IS NOT NULL THEN
      EXECUTE format('REVOKE %s ON SCHEMA %I FROM %I', g.privilege, g.object_name, g.role_name);
    ELSIF g.object_kind = 'table' AND to_regclass(g.object_name) IS NOT NULL THEN
      EXECUTE format('REVOKE %s ON TABLE %s FROM %I', g.privilege, g.object_name, g.role_name);
    ELSIF g.object_kind = 'function' AND to_regprocedure(g.object_name) IS NOT NULL THEN
      EXECUTE format('REVOKE %s ON FUNCTION %s FROM %I', g.privilege, g.object_name, g.role_name);
    END IF;
  END LOOP;

  FOR r IN SELECT role_name FROM golden_record.closed_function_defaults WHERE role_name IN (SELECT rolname FROM pg_roles) LOOP
    EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I GRANT EXECUTE ON FUNCTIONS TO PUBLIC', r.role_name);
  END LOOP;

END
$$;
SELECT golden_record.untrack('0012_security-roles');
-- The package's own bookkeeping tables, which no application reads.
-- squawk-ignore ban-drop-table
DROP TABLE IF EXISTS golden_record.closed_function_defaults;
-- squawk-ignore ban-drop-table
DROP TABLE IF EXISTS golden_record.code_layer_functions;
-- squawk-ignore ban-drop-table
DROP TABLE IF EXISTS golden_record.package_grants;
-- squawk-ignore ban-drop-table
DROP TABLE IF EXISTS golden_record.package_roles;
