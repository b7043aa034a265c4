/**
 * golden_record.expected_grants() → setof (role_name name, object_kind text, object_name text, privilege text)
 *
 * Every privilege the package's roles should hold, and nothing more (least privilege):
 *
 * - both roles: USAGE on the package's schema;
 * - the ingest role: EXECUTE on the ingest and linking entry points (`ingest_vapi_call`,
 *   `ingest_vapi_calls`, `ingest_vapi_call_object`, `link_appointments`, `vapi_cost_to_cents`,
 *   `vapi_extract_tools`), no table privilege at all: those functions are SECURITY DEFINER and act for one org;
 * - the reader role: SELECT on every table under row-level security and on the view
 *   `calls_with_caller_names`, EXECUTE on `current_org_id` and the dashboard entry points
 *   (`calls_dashboard_list`, `calls_dashboard_detail`, `calls_dashboard_find`, `calls_org_ids`,
 *   `call_analytics`, `call_analytics_default_from`, `quarantine_summary`, `call_report`);
 * - each full-access role: EXECUTE on `current_org_id`, which the policies call with the
 *   querying role's rights;
 * - the owner role (which owns the package's functions and the tables it created): USAGE and
 *   CREATE on both schemas (a migrating role that is not a superuser can hand an object to it
 *   only then), and on a table it does not own (a legacy one) exactly what the SECURITY DEFINER
 *   functions do there: SELECT, INSERT, UPDATE on calls, vapi_events and vapi_quarantine;
 *   SELECT, UPDATE on appointments; SELECT on contacts, vapi_org_mappings and org_settings.
 *
 * A SECURITY INVOKER entry point runs the package functions it calls with the caller's rights,
 * so those are expected too (and USAGE on golden_record when one lives there), found by
 * reading its body, down to any SECURITY DEFINER function.
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
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
  WITH RECURSIVE
  roles AS (
    -- The trusted backend role (app) holds what the reader and the ingest role hold.
    SELECT p.purpose, pr.role_name
      FROM golden_record.package_roles pr
      JOIN pg_roles r ON r.rolname = pr.role_name
     CROSS JOIN LATERAL unnest(CASE WHEN pr.purpose = 'app' THEN ARRAY['reader', 'ingest'] ELSE ARRAY[pr.purpose] END) p(purpose)
  ),
  functions AS (
    SELECT f.function_oid, f.signature, f.security_definer, p.proname, p.prosrc, p.pronamespace
      FROM golden_record.package_functions() f
      JOIN pg_proc p ON p.oid = f.function_oid
     WHERE f.signature IN (SELECT c.signature FROM golden_record.code_layer_functions c)
  ),
  entry_points (purpose, name) AS (
    VALUES ('ingest', 'ingest_vapi_call'), ('ingest', 'ingest_vapi_calls'), ('ingest', 'ingest_vapi_call_object'), ('ingest', 'link_appointments'),
           ('ingest', 'vapi_cost_to_cents'), ('ingest', 'vapi_extract_tools'),
           ('reader', 'current_org_id'), ('reader', 'calls_dashboard_list'), ('reader', 'calls_dashboard_detail'),
           ('reader', 'call_analytics'), ('reader', 'call_analytics_default_from'), ('reader', 'calls_dashboard_find'),
           ('reader', 'calls_org_ids'), ('reader', 'quarantine_summary'), ('reader', 'call_report')
  ),
  reachable (purpose, function_oid) AS (
    SELECT e.purpose, f.function_oid FROM entry_points e JOIN functions f ON f.proname = e.name AND f.pronamespace = '@extschema@'::regnamespace
    UNION
    SELECT r.purpose, callee.function_oid
      FROM reachable r
      JOIN functions caller ON caller.function_oid = r.function_oid AND NOT caller.security_definer
      JOIN functions callee ON caller.prosrc ~ ('\m' || callee.proname || '\s*\(')
  ),
  grants AS (
    SELECT ro.role_name, 'schema' AS object_kind, '@extschema@'::text AS object_name, 'USAGE' AS privilege FROM roles ro
    UNION
    SELECT ro.role_name, 'schema', 'golden_record', 'USAGE'
      FROM reachable r JOIN roles ro USING (purpose) JOIN functions f USING (function_oid)
     WHERE f.pronamespace = 'golden_record'::regnamespace
    UNION ALL
    SELECT ro.role_name, 'schema', s.schema_name, s.privilege
      FROM roles ro
     CROSS JOIN (VALUES ('@extschema@', 'CREATE'), ('golden_record', 'USAGE'), ('golden_record', 'CREATE')) s(schema_name, privilege)
     WHERE ro.purpose = 'owner'
    UNION ALL
    SELECT ro.role_name, 'table', format('%I.%I', '@extschema@'::text, t.table_name), t.privilege
      FROM roles ro
     CROSS JOIN (VALUES ('calls', 'SELECT'), ('calls', 'INSERT'), ('calls', 'UPDATE'),
                        ('vapi_events', 'SELECT'), ('vapi_events', 'INSERT'), ('vapi_events', 'UPDATE'),
                        ('vapi_quarantine', 'SELECT'), ('vapi_quarantine', 'INSERT'), ('vapi_quarantine', 'UPDATE'),
                        ('appointments', 'SELECT'), ('appointments', 'UPDATE'),
                        ('contacts', 'SELECT'), ('vapi_org_mappings', 'SELECT'), ('org_settings', 'SELECT')) t(table_name, privilege)
      JOIN pg_class c ON c.oid = to_regclass(format('%I.%I', '@extschema@'::text, t.table_name))
     WHERE ro.purpose = 'owner'
       AND c.oid NOT IN (SELECT to_regclass(o.table_name) FROM golden_record.tracked_objects o WHERE o.kind = 'table')
    UNION ALL
    SELECT ro.role_name, 'table', t.table_name, 'SELECT'
      FROM roles ro CROSS JOIN golden_record.secured_tables t
     WHERE ro.purpose = 'reader' AND to_regclass(t.table_name) IS NOT NULL
    UNION ALL
    SELECT ro.role_name, 'table', format('%I.%I', '@extschema@'::text, 'calls_with_caller_names'), 'SELECT'
      FROM roles ro
     WHERE ro.purpose = 'reader' AND to_regclass('@extschema@.calls_with_caller_names') IS NOT NULL
    UNION ALL
    SELECT ro.role_name, 'function', f.signature, 'EXECUTE'
      FROM reachable r JOIN roles ro USING (purpose) JOIN functions f USING (function_oid)
    UNION ALL
    SELECT fa.role_name, 'function', f.signature, 'EXECUTE'
      FROM golden_record.full_access_roles fa
      JOIN pg_roles r ON r.rolname = fa.role_name
      JOIN functions f ON f.proname = 'current_org_id'
  )
  SELECT DISTINCT g.role_name, g.object_kind, g.object_name, g.privilege FROM grants g
  UNION
  -- current_org_id() runs with the caller's rights and reads who is trusted and who is bound.
  SELECT g.role_name, x.object_kind, x.object_name, x.privilege
    FROM grants g
    JOIN functions f ON f.signature = g.object_name AND f.proname = 'current_org_id'
   CROSS JOIN (VALUES ('schema', 'golden_record', 'USAGE'), ('table', 'golden_record.role_orgs', 'SELECT'),
                      ('table', 'golden_record.package_roles', 'SELECT')) x(object_kind, object_name, privilege);
$$;

REVOKE ALL ON FUNCTION golden_record.expected_grants() FROM PUBLIC;
