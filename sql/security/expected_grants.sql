/**
 * golden_record.expected_grants() → setof (role_name name, object_kind text, object_name text, privilege text)
 *
 * Every privilege the package's roles should hold, and nothing more (least privilege):
 *
 * - both roles: USAGE on the package's schema;
 * - the ingest role: EXECUTE on the ingest and linking entry points (`ingest_vapi_call`,
 *   `ingest_vapi_calls`, `link_appointments`, `vapi_cost_to_cents`, `vapi_extract_tools`), no
 *   table privilege at all: those functions are SECURITY DEFINER and act for one org;
 * - the reader role: SELECT on every table under row-level security and on the view
 *   `calls_with_caller_names`, EXECUTE on `current_org_id` and the dashboard entry points
 *   (`calls_dashboard_list`, `calls_dashboard_detail`, `calls_dashboard_find`, `calls_org_ids`,
 *   `call_analytics`, `call_analytics_default_from`);
 * - each full-access role: EXECUTE on `current_org_id`, which the policies call with the
 *   querying role's rights.
 *
 * A SECURITY INVOKER entry point runs the package functions it calls with the caller's rights,
 * so those are expected too, found by reading its body, down to any SECURITY DEFINER function.
 *
 * | column | meaning |
 * |---|---|
 * | role_name | the grantee |
 * | object_kind | schema, table (tables and views) or function |
 * | object_name | the schema name, the qualified table, or the function's signature |
 * | privilege | USAGE, SELECT or EXECUTE |
 *
 * Example: `SELECT * FROM golden_record.expected_grants() WHERE object_kind = 'function';`
 */
CREATE OR REPLACE FUNCTION golden_record.expected_grants()
RETURNS TABLE (role_name name, object_kind text, object_name text, privilege text)
LANGUAGE sql
STABLE
SET search_path FROM CURRENT
AS $$
  WITH RECURSIVE
  roles AS (
    SELECT pr.purpose, pr.role_name FROM golden_record.package_roles pr JOIN pg_roles r ON r.rolname = pr.role_name
  ),
  functions AS (
    SELECT f.function_oid, f.signature, f.security_definer, p.proname, p.prosrc
      FROM golden_record.package_functions() f
      JOIN pg_proc p ON p.oid = f.function_oid
     WHERE p.pronamespace = current_schema()::regnamespace
  ),
  entry_points (purpose, name) AS (
    VALUES ('ingest', 'ingest_vapi_call'), ('ingest', 'ingest_vapi_calls'), ('ingest', 'link_appointments'),
           ('ingest', 'vapi_cost_to_cents'), ('ingest', 'vapi_extract_tools'),
           ('reader', 'current_org_id'), ('reader', 'calls_dashboard_list'), ('reader', 'calls_dashboard_detail'),
           ('reader', 'call_analytics'), ('reader', 'call_analytics_default_from'), ('reader', 'calls_dashboard_find'),
           ('reader', 'calls_org_ids')
  ),
  reachable (purpose, function_oid) AS (
    SELECT e.purpose, f.function_oid FROM entry_points e JOIN functions f ON f.proname = e.name
    UNION
    SELECT r.purpose, callee.function_oid
      FROM reachable r
      JOIN functions caller ON caller.function_oid = r.function_oid AND NOT caller.security_definer
      JOIN functions callee ON caller.prosrc ~ ('\m' || callee.proname || '\s*\(')
  )
  SELECT ro.role_name, 'schema', current_schema()::text, 'USAGE' FROM roles ro
  UNION ALL
  SELECT ro.role_name, 'table', t.table_name, 'SELECT'
    FROM roles ro CROSS JOIN golden_record.secured_tables t
   WHERE ro.purpose = 'reader' AND to_regclass(t.table_name) IS NOT NULL
  UNION ALL
  SELECT ro.role_name, 'table', format('%I.%I', current_schema(), 'calls_with_caller_names'), 'SELECT'
    FROM roles ro
   WHERE ro.purpose = 'reader' AND to_regclass('calls_with_caller_names') IS NOT NULL
  UNION ALL
  SELECT ro.role_name, 'function', f.signature, 'EXECUTE'
    FROM reachable r JOIN roles ro USING (purpose) JOIN functions f USING (function_oid)
  UNION ALL
  SELECT fa.role_name, 'function', f.signature, 'EXECUTE'
    FROM golden_record.full_access_roles fa
    JOIN pg_roles r ON r.rolname = fa.role_name
    JOIN functions f ON f.proname = 'current_org_id';
$$;

REVOKE ALL ON FUNCTION golden_record.expected_grants() FROM PUBLIC;
