-- Up Migration
-- A least-privilege owner for the package's functions and tables (SPEC §5): NOLOGIN, not a
-- superuser, no BYPASSRLS, no CREATEROLE. The SECURITY DEFINER functions run as it, so forced
-- row-level security binds them, and a flaw in one reaches no further than the package's
-- tables. Its name comes from the setting golden_record.owner_role (default
-- golden_record_owner), like the other roles'. sql/security/take_ownership.sql hands it the
-- objects at every install.

ALTER TABLE golden_record.package_roles DROP CONSTRAINT IF EXISTS package_roles_purpose_check;
-- The package's own table of a few rows, which no application writes: validated at once.
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE golden_record.package_roles ADD CONSTRAINT package_roles_purpose_check CHECK (purpose IN ('ingest', 'reader', 'owner', 'app'));

DO $$
DECLARE
  v_owner name := coalesce(nullif(btrim(current_setting('golden_record.owner_role', true)), ''), 'golden_record_owner');
  v_role pg_roles;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = v_owner) THEN
    BEGIN
      PERFORM golden_record.track('0018_security-owner-role', 'role', NULL, v_owner);
      EXECUTE format('CREATE ROLE %I NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB NOINHERIT', v_owner);
    EXCEPTION
      WHEN duplicate_object OR unique_violation THEN NULL;
      WHEN insufficient_privilege THEN
        RAISE EXCEPTION 'cannot create role % (the migrating role needs CREATEROLE)', v_owner
          USING HINT = format('create it first (CREATE ROLE %I NOLOGIN), or name an existing role with the setting golden_record.owner_role', v_owner);
    END;
  END IF;
  SELECT * INTO v_role FROM pg_roles WHERE rolname = v_owner;
  IF v_role.rolsuper OR v_role.rolbypassrls OR v_role.rolcreaterole THEN
    RAISE EXCEPTION 'role % cannot own the package: it is SUPERUSER, BYPASSRLS or CREATEROLE', v_owner
      USING HINT = format('ALTER ROLE %I NOSUPERUSER NOBYPASSRLS NOCREATEROLE, or name another role with the setting golden_record.owner_role', v_owner);
  END IF;
  -- A migrating role that is not a superuser hands objects to the owner with ALTER ... OWNER,
  -- which needs membership in it (CREATEROLE lets it grant that on a role it created).
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AND NOT pg_has_role(current_user, v_owner, 'USAGE') THEN
    BEGIN
      EXECUTE format('GRANT %I TO %I', v_owner, current_user);
    EXCEPTION WHEN insufficient_privilege THEN
      RAISE EXCEPTION 'role % cannot hand the package''s objects to %', current_user, v_owner
        USING HINT = format('as an administrator: GRANT %I TO %I', v_owner, current_user);
    END;
  END IF;
  INSERT INTO golden_record.package_roles (purpose, role_name) VALUES ('owner', v_owner)
    ON CONFLICT (purpose) DO UPDATE SET role_name = EXCLUDED.role_name;
END
$$;

-- Down Migration
-- Objects go back to the migrating role, then the role goes when the package created it.
DO $$
DECLARE
  v_owner name := (SELECT role_name FROM golden_record.package_roles WHERE purpose = 'owner');
  g golden_record.package_grants;
  r record;
BEGIN
  -- What the package granted the owner role (on legacy tables, on the schemas) goes first.
  FOR g IN SELECT * FROM golden_record.package_grants WHERE role_name = v_owner LOOP
    CONTINUE WHEN NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = g.role_name);
    IF g.object_kind = 'schema' AND to_regnamespace(quote_ident(g.object_name)) IS NOT NULL THEN
      EXECUTE format('REVOKE %s ON SCHEMA %I FROM %I', g.privilege, g.object_name, g.role_name);
    ELSIF g.object_kind = 'table' AND to_regclass(g.object_name) IS NOT NULL THEN
      EXECUTE format('REVOKE %s ON TABLE %s FROM %I', g.privilege, g.object_name, g.role_name);
    END IF;
  END LOOP;
  IF v_owner IS NOT NULL AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = v_owner) THEN
    FOR r IN
      SELECT format('ALTER %s %s OWNER TO %I', CASE WHEN c.relkind = 'v' THEN 'VIEW' ELSE 'TABLE' END, c.oid::regclass, current_user) AS statement
        FROM pg_class c
       WHERE c.relowner = v_owner::regrole AND c.relkind IN ('r', 'p', 'v')
      UNION ALL
      SELECT format('ALTER ROUTINE %s OWNER TO %I', p.oid::regprocedure, current_user)
        FROM pg_proc p
       WHERE p.proowner = v_owner::regrole
    LOOP
      EXECUTE r.statement;
    END LOOP;
    DELETE FROM golden_record.package_grants WHERE role_name = v_owner;
  END IF;
  DELETE FROM golden_record.package_roles WHERE purpose = 'owner';
END
$$;
SELECT golden_record.untrack('0018_security-owner-role');
ALTER TABLE golden_record.package_roles DROP CONSTRAINT IF EXISTS package_roles_purpose_check;
-- The package's own table of a few rows, which no application writes: validated at once.
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE golden_record.package_roles ADD CONSTRAINT package_roles_purpose_check CHECK (purpose IN ('ingest', 'reader'));
