/**
 * golden_record.doctor() → setof (check_name text, object_name text, detail text)
 *
 * The security findings of `golden-record doctor`, one row each; no row means nothing to fix.
 * The CLI adds the schema-version checks (pending migrations, stale code layer).
 *
 * | check_name | finding |
 * |---|---|
 * | package role | a package role is missing, or bypasses row-level security |
 * | missing grant / extra grant | privileges differ from `golden_record.expected_grants()` |
 * | public execute | PUBLIC can execute a package function |
 * | row-level security | a package table without row-level security, or not forced where it must be |
 * | policy | a package table without its org policies |
 * | definer search_path | a SECURITY DEFINER function without a pinned search_path, or with pg_temp not last |
 * | definer org check | a SECURITY DEFINER function the reader may execute that never calls current_org_id() |
 * | definer owner | a SECURITY DEFINER function owned by a superuser or BYPASSRLS role, or by another role than the package's owner role |
 * | writable schema | a schema on a definer's pinned path where PUBLIC, or a role that cannot already act as the definer's owner, can create objects; or the application's schema writable by PUBLIC (migrate refuses to run then) |
 * | shadowed built-in | a function or operator of the application's schema named like a pg_catalog one, owned by a role neither superuser nor the package's owner |
 * | reader login | a login with the reader role bound to no org (it sees nothing), or bound but also trusted (the binding restricts nothing) |
 * | binding | an org binding of a role that does not exist |
 * | lost access | a role that could read or write a table before the package switched row-level security on, now limited to current_org_id() |
 * | full access role | a role named for full access that does not exist |
 *
 * Example: `SELECT * FROM golden_record.doctor();`
 */
CREATE OR REPLACE FUNCTION golden_record.doctor()
RETURNS TABLE (check_name text, object_name text, detail text)
LANGUAGE sql
STABLE
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
  WITH
  package_roles AS (
    SELECT pr.purpose, pr.role_name, r.oid, r.rolsuper, r.rolbypassrls, r.rolcreaterole
      FROM golden_record.package_roles pr LEFT JOIN pg_roles r ON r.rolname = pr.role_name
  ),
  secured AS (
    SELECT t.*, c.oid AS table_oid, c.relrowsecurity, c.relforcerowsecurity, c.relowner
      FROM golden_record.secured_tables t JOIN pg_class c ON c.oid = to_regclass(t.table_name)
  ),
  definers AS (
    SELECT f.signature, f.search_path, p.proowner AS owner_oid, o.rolname AS owner_name, o.rolsuper, o.rolbypassrls
      FROM golden_record.package_functions() f
      JOIN pg_proc p ON p.oid = f.function_oid
      JOIN pg_roles o ON o.oid = p.proowner
     WHERE f.security_definer
  )
  SELECT 'package role', pr.role_name::text,
         CASE WHEN pr.oid IS NULL THEN format('the %s role does not exist (create it, or run golden-record migrate up)', pr.purpose)
              WHEN pr.rolsuper OR pr.rolbypassrls
                THEN format('the %s role bypasses row-level security (%s): ALTER ROLE %I NOSUPERUSER NOBYPASSRLS', pr.purpose, CASE WHEN pr.rolsuper THEN 'SUPERUSER' ELSE 'BYPASSRLS' END, pr.role_name)
              ELSE format('the owner role can create roles (CREATEROLE): ALTER ROLE %I NOCREATEROLE', pr.role_name) END
    FROM package_roles pr
   WHERE pr.oid IS NULL OR pr.rolsuper OR pr.rolbypassrls OR (pr.purpose = 'owner' AND pr.rolcreaterole)
  UNION ALL
  SELECT 'definer owner', d.signature,
         CASE WHEN d.rolsuper OR d.rolbypassrls
              THEN format('SECURITY DEFINER owned by %I, which is %s: it runs past row-level security with every right of that role (run golden-record migrate up, which hands it to the owner role)',
                          d.owner_name, CASE WHEN d.rolsuper THEN 'a superuser' ELSE 'BYPASSRLS' END)
              ELSE format('SECURITY DEFINER owned by %I, not by the package''s owner role %I (run golden-record migrate up)', d.owner_name, (SELECT pr.role_name FROM package_roles pr WHERE pr.purpose = 'owner')) END
    FROM definers d
   WHERE d.rolsuper OR d.rolbypassrls
      OR d.owner_oid IS DISTINCT FROM (SELECT pr.oid FROM package_roles pr WHERE pr.purpose = 'owner')
  UNION ALL
  SELECT CASE WHEN d.role_name = 'PUBLIC' THEN 'public execute' ELSE d.change || ' grant' END, d.object_name,
         format('%s on %s %s ', d.privilege, d.object_kind, d.object_name)
         || CASE WHEN d.role_name = 'PUBLIC' THEN 'is granted to PUBLIC (every role)'
                 WHEN d.change = 'missing' THEN format('is not granted to %s', d.role_name)
                 ELSE format('is granted to %s, which does not need it', d.role_name) END
    FROM golden_record.grant_drift() d
  UNION ALL
  SELECT 'row-level security', s.table_name,
         CASE WHEN NOT s.relrowsecurity THEN 'row-level security is off' ELSE 'row-level security is not forced: its owner bypasses the policies' END
    FROM secured s
   WHERE NOT s.relrowsecurity OR (s.force_wanted AND NOT s.relforcerowsecurity)
  UNION ALL
  SELECT 'row-level security', o.table_name, 'created by the package but not under its row-level security (call golden_record.secure_table in the migration that creates it)'
    FROM (SELECT DISTINCT table_name FROM golden_record.tracked_objects WHERE kind = 'table') o
   WHERE to_regclass(o.table_name) IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM golden_record.secured_tables t WHERE t.table_name = o.table_name)
  UNION ALL
  SELECT 'policy', s.table_name, format('policy %s is missing (run golden-record migrate up)', w.policy)
    FROM secured s
   CROSS JOIN unnest(ARRAY['golden_record_org_select', 'golden_record_org_insert', 'golden_record_org_update', 'golden_record_org_delete']) w(policy)
   WHERE EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = s.table_oid AND a.attname = 'org_id' AND NOT a.attisdropped)
     AND NOT EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = s.table_oid AND p.polname = w.policy)
  UNION ALL
  SELECT 'definer search_path', d.signature,
         CASE WHEN d.search_path IS NULL THEN 'SECURITY DEFINER without a pinned search_path'
              ELSE format('SECURITY DEFINER with search_path %s: pg_temp must come last', d.search_path) END
    FROM definers d
   WHERE d.search_path IS NULL OR d.search_path !~ '(^|,)\s*pg_temp\s*$'
  UNION ALL
  SELECT 'definer org check', f.signature,
         'SECURITY DEFINER and executable by the reader role, but never compares its org with current_org_id(): it would show the reader any org'
    FROM golden_record.package_functions() f
    JOIN pg_proc p ON p.oid = f.function_oid
    JOIN package_roles pr ON pr.purpose = 'reader' AND pr.oid IS NOT NULL
   WHERE f.security_definer
     AND has_function_privilege(pr.oid, f.function_oid, 'EXECUTE')
     AND p.prosrc !~ '\mcurrent_org_id\s*\('
  UNION ALL
  SELECT DISTINCT 'writable schema', w.schema_name,
         format('on the pinned search_path of SECURITY DEFINER functions, and %s can create objects in it: a function or operator planted there would run with the definer''s rights (%s)',
                w.writers, w.fix)
    FROM (
      SELECT n.nspname::text AS schema_name,
             CASE WHEN bool_or(r.grantee = 0) THEN 'PUBLIC' ELSE string_agg(DISTINCT quote_ident(r.rolname), ', ') END AS writers,
             CASE WHEN bool_or(r.grantee = 0) THEN format('REVOKE CREATE ON SCHEMA %I FROM PUBLIC', n.nspname)
                  ELSE format('REVOKE CREATE ON SCHEMA %I FROM %s, or make it owned by the package''s owner role', n.nspname, string_agg(DISTINCT quote_ident(r.rolname), ', ')) END AS fix
        FROM definers d
       CROSS JOIN LATERAL unnest(string_to_array(d.search_path, ',')) p(schema_name)
        JOIN pg_namespace n ON n.nspname = btrim(btrim(p.schema_name), '"')
       CROSS JOIN LATERAL (
         -- PUBLIC, or a role that is neither a superuser nor able to act as the definer's owner
         -- already: the owner itself, a member of it, or a CREATEROLE role that may grant
         -- itself the owner (any such role on PostgreSQL 15; from 16 on, one with ADMIN on it,
         -- such as the migrating role that created it).
         SELECT 0::oid AS grantee, NULL::name AS rolname
          WHERE EXISTS (SELECT 1 FROM aclexplode(n.nspacl) a WHERE a.privilege_type = 'CREATE' AND a.grantee = 0)
         UNION ALL
         SELECT r.oid, r.rolname FROM pg_roles r
          WHERE NOT r.rolsuper AND has_schema_privilege(r.oid, n.oid, 'CREATE') AND NOT pg_has_role(r.oid, d.owner_oid, 'MEMBER')
            AND NOT (r.rolcreaterole AND (current_setting('server_version_num')::int < 160000
                                          OR pg_has_role(r.oid, d.owner_oid, 'MEMBER WITH ADMIN OPTION')))
       ) r
       GROUP BY n.nspname
    ) w
  UNION ALL
  SELECT 'writable schema', n.nspname::text,
         format('the application''s schema: PUBLIC can create objects in it, and migrations resolve names there as the migrating role (CVE-2018-1058), so migrate up and down refuse to run; an application function without a pinned search_path would also run what another role plants (REVOKE CREATE ON SCHEMA %I FROM PUBLIC)', n.nspname)
    FROM pg_namespace n
   WHERE n.oid = '@extschema@'::regnamespace
     AND EXISTS (SELECT 1 FROM aclexplode(n.nspacl) a WHERE a.privilege_type = 'CREATE' AND a.grantee = 0)
  UNION ALL
  -- A function or operator of the application's schema named like a built-in, owned by a role
  -- that is neither a superuser nor the package's owner: a plant waiting for the migrating
  -- role (or an application function without a pinned search_path) to call it.
  SELECT 'shadowed built-in', x.identity,
         format('named like the built-in pg_catalog.%s and owned by %I: a call that resolves names in this schema, such as a migration''s, may run it instead (DROP %s %s, unless it is yours)',
                x.name, x.owner, x.kind, x.identity)
    FROM (
      SELECT p.oid::regprocedure::text AS identity, p.proname::text AS name, p.proowner AS owner_oid, pg_get_userbyid(p.proowner) AS owner, 'FUNCTION' AS kind
        FROM pg_proc p
       WHERE p.pronamespace = '@extschema@'::regnamespace
         AND EXISTS (SELECT 1 FROM pg_proc b WHERE b.pronamespace = 'pg_catalog'::regnamespace AND b.proname = p.proname)
      UNION ALL
      SELECT o.oid::regoperator::text, o.oprname::text, o.oprowner, pg_get_userbyid(o.oprowner), 'OPERATOR'
        FROM pg_operator o
       WHERE o.oprnamespace = '@extschema@'::regnamespace
         AND EXISTS (SELECT 1 FROM pg_operator b WHERE b.oprnamespace = 'pg_catalog'::regnamespace AND b.oprname = o.oprname)
    ) x
    JOIN pg_roles r ON r.oid = x.owner_oid
   WHERE NOT r.rolsuper
     AND r.rolname IS DISTINCT FROM (SELECT pr.role_name FROM package_roles pr WHERE pr.purpose = 'owner')
  UNION ALL
  SELECT 'reader login', l.rolname::text,
         CASE WHEN l.trusted_by IS NOT NULL
              THEN format('bound to %s, but a member of the trusted role %I, so it may act for any org (REVOKE %I FROM %I)', l.orgs, l.trusted_by, l.trusted_by, l.rolname)
              ELSE format('a login with the reader role, bound to no org: it sees nothing (golden-record roles grant %s --org ORG)', l.rolname) END
    FROM (
      SELECT r.rolname,
             (SELECT string_agg(DISTINCT b.org_id::text, ', ') FROM golden_record.role_orgs b JOIN pg_roles br ON br.oid = b.role_id
               WHERE pg_has_role(r.oid, br.oid, 'MEMBER')) AS orgs,
             (SELECT min(t.role_name) FROM package_roles t WHERE t.purpose IN ('app', 'owner') AND t.oid IS NOT NULL AND pg_has_role(r.oid, t.oid, 'MEMBER')) AS trusted_by
        FROM pg_roles r JOIN package_roles reader ON reader.purpose = 'reader' AND reader.oid IS NOT NULL
       WHERE r.rolcanlogin AND NOT r.rolsuper AND NOT r.rolbypassrls AND pg_has_role(r.oid, reader.oid, 'MEMBER')
    ) l
   WHERE l.orgs IS NULL OR l.trusted_by IS NOT NULL
  UNION ALL
  SELECT 'binding', b.role_id::oid::text,
         format('a role since dropped (oid %s) was bound to org %s; no role inherits it, even one made under the same name (DELETE FROM golden_record.role_orgs WHERE role_id = %s)', b.role_id::oid, b.org_id, b.role_id::oid)
    FROM golden_record.role_orgs b
   WHERE NOT EXISTS (SELECT 1 FROM pg_roles r WHERE r.oid = b.role_id)
  UNION ALL
  SELECT 'lost access', ab.role_name::text,
         format('had %s on %s before the package switched row-level security on; it now sees only the rows of current_org_id() (to keep full access: SELECT golden_record.grant_full_access(%L))',
                array_to_string(ab.privileges, ', '), ab.table_name, ab.role_name)
    FROM golden_record.access_before ab
    JOIN secured s ON s.table_name = ab.table_name AND s.relrowsecurity
    LEFT JOIN pg_roles r ON r.rolname = ab.role_name
   WHERE (ab.role_name = 'PUBLIC' OR r.oid IS NOT NULL)
     AND NOT coalesce(r.rolsuper OR r.rolbypassrls OR r.oid = s.relowner, false)
     AND ab.role_name NOT IN (SELECT fa.role_name FROM golden_record.full_access_roles fa)
     AND ab.role_name NOT IN (SELECT pr.role_name FROM package_roles pr)
  UNION ALL
  SELECT 'full access role', fa.role_name::text, 'named for full access but the role does not exist'
    FROM golden_record.full_access_roles fa
   WHERE NOT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = fa.role_name)
  ORDER BY 1, 2, 3;
$$;

REVOKE ALL ON FUNCTION golden_record.doctor() FROM PUBLIC;
