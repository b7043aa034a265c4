/**
 * golden_record.grant_drift() → setof (change text, role_name name, object_kind text, object_name text, privilege text)
 *
 * How the privileges in the database differ from `golden_record.expected_grants()`:
 * `missing` rows are expected privileges not granted; `extra` rows are privileges the
 * package's roles hold on the package's schemas, tables, views, sequences and functions beyond
 * the expected ones, and EXECUTE that PUBLIC holds on a package function. Read by
 * `golden_record.apply_grants()` and `golden-record doctor`.
 *
 * | column | meaning |
 * |---|---|
 * | change | missing or extra |
 * | role_name | the grantee (PUBLIC for every role) |
 * | object_kind | schema, table or function |
 * | object_name | the schema name, the qualified relation, or the function's signature |
 * | privilege | the privilege, as aclexplode() names it |
 *
 * Example: `SELECT * FROM golden_record.grant_drift();` (no row: the grants are as they should be)
 */
CREATE OR REPLACE FUNCTION golden_record.grant_drift()
RETURNS TABLE (change text, role_name name, object_kind text, object_name text, privilege text)
LANGUAGE sql
STABLE
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
  WITH
  expected AS (
    SELECT e.role_name, e.object_kind, e.object_name, e.privilege FROM golden_record.expected_grants() e
  ),
  schemas AS (
    SELECT oid, nspname, nspacl, nspowner FROM pg_namespace WHERE nspname IN ('@extschema@'::text, 'golden_record')
  ),
  actual AS (
    SELECT a.grantee, 'schema' AS object_kind, s.nspname::text AS object_name, a.privilege_type AS privilege
      FROM schemas s CROSS JOIN LATERAL aclexplode(s.nspacl) a
     WHERE a.grantee <> s.nspowner
    UNION ALL
    SELECT a.grantee, 'table', format('%I.%I', s.nspname, c.relname), a.privilege_type
      FROM pg_class c JOIN schemas s ON s.oid = c.relnamespace CROSS JOIN LATERAL aclexplode(c.relacl) a
     WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND a.grantee <> c.relowner
    UNION ALL
    SELECT a.grantee, 'function', f.signature, a.privilege_type
      FROM golden_record.package_functions() f
      JOIN pg_proc p ON p.oid = f.function_oid
      CROSS JOIN LATERAL aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
     WHERE a.grantee <> p.proowner
  ),
  granted AS (
    SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END::name AS role_name,
           a.grantee, a.object_kind, a.object_name, a.privilege
      FROM actual a
  )
  (SELECT 'missing', e.role_name, e.object_kind, e.object_name, e.privilege FROM expected e
   EXCEPT
   SELECT 'missing', g.role_name, g.object_kind, g.object_name, g.privilege FROM granted g)
  UNION ALL
  (SELECT 'extra', g.role_name, g.object_kind, g.object_name, g.privilege
     FROM granted g
    WHERE g.role_name IN (SELECT pr.role_name FROM golden_record.package_roles pr)
       OR (g.grantee = 0 AND g.object_kind = 'function')
   EXCEPT
   SELECT 'extra', e.role_name, e.object_kind, e.object_name, e.privilege FROM expected e)
  ORDER BY 1, 3, 4, 2, 5;
$$;

REVOKE ALL ON FUNCTION golden_record.grant_drift() FROM PUBLIC;
