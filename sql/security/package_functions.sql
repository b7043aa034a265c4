/**
 * golden_record.package_functions() → setof (function_oid oid, signature text, security_definer boolean, search_path text)
 *
 * The package's functions: those the last install of sql/ wrote (golden_record.code_layer_functions)
 * and those of the golden_record schema. An application's own functions in a shared schema
 * (a legacy `public`) are not among them, so grants and `doctor` leave them alone.
 *
 * | column | meaning |
 * |---|---|
 * | function_oid | the function |
 * | signature | schema-qualified name and argument types, as GRANT takes it |
 * | security_definer | whether it runs with its owner's rights |
 * | search_path | the pinned search_path, NULL when none is pinned |
 *
 * Example: `SELECT signature FROM golden_record.package_functions() WHERE security_definer;`
 */
CREATE OR REPLACE FUNCTION golden_record.package_functions()
RETURNS TABLE (function_oid oid, signature text, security_definer boolean, search_path text)
LANGUAGE sql
STABLE
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
  SELECT f.oid, f.signature, f.prosecdef,
         (SELECT substr(c, length('search_path=') + 1) FROM unnest(f.proconfig) c WHERE c LIKE 'search_path=%')
    FROM (
      SELECT p.oid, p.prosecdef, p.proconfig, n.nspname,
             format('%I.%I(%s)', n.nspname, p.proname, oidvectortypes(p.proargtypes)) AS signature
        FROM pg_proc p
        JOIN pg_namespace n ON n.oid = p.pronamespace
       WHERE NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
    ) f
   WHERE f.nspname = 'golden_record'
      OR f.signature IN (SELECT signature FROM golden_record.code_layer_functions);
$$;

REVOKE ALL ON FUNCTION golden_record.package_functions() FROM PUBLIC;
