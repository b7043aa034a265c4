-- A catalogue walk over the package's SECURITY DEFINER functions: each pins search_path, with
-- pg_temp last (so a caller's temporary objects cannot shadow the package's), and doctor says
-- so; a definer without a pinned path is reported, and so is one the reader may run that never
-- checks its org against current_org_id().
BEGIN;
SELECT plan(6);

SELECT cmp_ok(
  (SELECT count(*) FROM pg_proc p WHERE p.prosecdef AND p.pronamespace = current_schema()::regnamespace), '>=', 1::bigint,
  'the package has SECURITY DEFINER functions to check'
);

SELECT is_empty(
  $$SELECT p.oid::regprocedure, p.proconfig
      FROM pg_proc p
     WHERE p.prosecdef
       AND p.pronamespace IN (current_schema()::regnamespace, 'golden_record'::regnamespace)
       AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
       AND NOT EXISTS (SELECT 1 FROM unnest(p.proconfig) c WHERE c ~ '^search_path=.*\mpg_temp$')$$,
  'every SECURITY DEFINER function of the package pins search_path with pg_temp last'
);

SELECT is_empty(
  $$SELECT p.oid::regprocedure, p.proconfig
      FROM pg_proc p
     WHERE p.oid IN (SELECT to_regprocedure(c.signature) FROM golden_record.code_layer_functions c)
       AND NOT 'search_path=pg_catalog, golden_record, pg_temp' = ANY (p.proconfig)$$,
  'every function of sql/ pins search_path = pg_catalog, golden_record, pg_temp: never the application''s schema, which another role may create in'
);

SELECT is_empty(
  $$SELECT * FROM golden_record.doctor() WHERE check_name IN ('definer search_path', 'writable schema')$$,
  'doctor finds no definer without a pinned path, and no writable schema on one'
);

CREATE FUNCTION golden_record.gr_test_unpinned_definer() RETURNS int LANGUAGE sql SECURITY DEFINER AS 'SELECT 1';
SELECT results_eq(
  $$SELECT object_name, detail FROM golden_record.doctor() WHERE check_name = 'definer search_path'$$,
  $$VALUES ('golden_record.gr_test_unpinned_definer()'::text, 'SECURITY DEFINER without a pinned search_path'::text)$$,
  'doctor reports a definer function without a pinned search_path'
);

-- A definer the reader may run bypasses row-level security: it must check the org itself.
CREATE FUNCTION golden_record.gr_test_reader_definer(p_org_id uuid) RETURNS bigint LANGUAGE sql SECURITY DEFINER
  SET search_path = public, pg_temp AS 'SELECT count(*) FROM calls WHERE org_id = p_org_id';
DO $$
BEGIN
  EXECUTE format('GRANT EXECUTE ON FUNCTION golden_record.gr_test_reader_definer(uuid) TO %I',
                 (SELECT role_name FROM golden_record.package_roles WHERE purpose = 'reader'));
END $$;
SELECT results_eq(
  $$SELECT object_name FROM golden_record.doctor() WHERE check_name = 'definer org check'$$,
  $$VALUES ('golden_record.gr_test_reader_definer(uuid)'::text)$$,
  'doctor reports a definer the reader may execute that never checks current_org_id()'
);

SELECT * FROM finish();
ROLLBACK;
