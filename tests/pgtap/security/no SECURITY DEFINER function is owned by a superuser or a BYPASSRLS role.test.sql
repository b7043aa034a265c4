-- A catalogue walk: every SECURITY DEFINER function of the package (both schemas) is owned by
-- the package's owner role, a NOLOGIN role that is neither superuser nor BYPASSRLS nor
-- CREATEROLE, so forced row-level security binds the definers and a flaw in one reaches no
-- further than the package.
BEGIN;
SELECT plan(3);

SELECT cmp_ok(
  (SELECT count(*) FROM pg_proc p WHERE p.prosecdef AND p.pronamespace IN (current_schema()::regnamespace, 'golden_record'::regnamespace)),
  '>=', 8::bigint, 'the package has SECURITY DEFINER functions to walk');
SELECT is_empty(
  $$SELECT p.oid::regprocedure, r.rolname
      FROM pg_proc p JOIN pg_roles r ON r.oid = p.proowner
     WHERE p.prosecdef AND p.pronamespace IN (current_schema()::regnamespace, 'golden_record'::regnamespace)
       AND (r.rolsuper OR r.rolbypassrls OR r.rolcanlogin OR r.rolcreaterole
            OR r.rolname <> (SELECT role_name FROM golden_record.package_roles WHERE purpose = 'owner'))$$,
  'every definer is owned by the owner role, which is NOLOGIN and neither superuser, BYPASSRLS nor CREATEROLE');
SELECT is_empty($$SELECT * FROM golden_record.doctor() WHERE check_name IN ('definer owner', 'package role')$$,
  'doctor agrees');

SELECT * FROM finish();
ROLLBACK;
