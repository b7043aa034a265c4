-- A catalogue walk over every function of the package's schemas (extensions such as pgTAP
-- aside): none is executable by PUBLIC, and a function created later stays closed too.
BEGIN;
SELECT plan(4);

SELECT cmp_ok(
  (SELECT count(*) FROM golden_record.package_functions()), '>=', 10::bigint,
  'the package''s functions are registered'
);

SELECT is_empty(
  $$SELECT p.oid::regprocedure
      FROM pg_proc p
     WHERE p.pronamespace IN (current_schema()::regnamespace, 'golden_record'::regnamespace)
       AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
       AND EXISTS (SELECT 1 FROM aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
                    WHERE a.grantee = 0 AND a.privilege_type = 'EXECUTE')$$,
  'no function of the package''s schemas is executable by PUBLIC'
);

-- Default privileges: a function the package's owner creates after the install is closed too.
CREATE FUNCTION gr_test_created_later() RETURNS int LANGUAGE sql AS 'SELECT 1';
SELECT ok(
  NOT EXISTS (SELECT 1 FROM aclexplode(coalesce((SELECT proacl FROM pg_proc WHERE oid = 'gr_test_created_later()'::regprocedure),
                                                acldefault('f', current_user::regrole))) a
               WHERE a.grantee = 0 AND a.privilege_type = 'EXECUTE'),
  'a function created after the install is not executable by PUBLIC'
);

SELECT is_empty(
  $$SELECT * FROM golden_record.doctor() WHERE check_name = 'public execute'$$,
  'doctor finds no package function executable by PUBLIC'
);

SELECT * FROM finish();
ROLLBACK;
