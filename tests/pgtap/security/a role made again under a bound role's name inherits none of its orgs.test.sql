-- Bindings are by role oid: a role bound to org A, dropped, and another role made under its
-- name (by mistake, or by someone allowed to create roles) acts for no org; doctor names the
-- orphaned binding by the dropped role's oid and how to remove it.
BEGIN;
SELECT plan(4);

DO $$
DECLARE f regprocedure;
BEGIN
  FOR f IN SELECT d.objid::regprocedure FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
            WHERE e.extname = 'pgtap' AND d.classid = 'pg_proc'::regclass AND d.deptype = 'e' LOOP
    EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO PUBLIC', f);
  END LOOP;
  EXECUTE format('CREATE ROLE gr_test_rebound_%s IN ROLE %I', pg_backend_pid(), (SELECT role_name FROM golden_record.package_roles WHERE purpose = 'reader'));
  PERFORM golden_record.grant_org(('gr_test_rebound_' || pg_backend_pid())::name, 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa');
END $$;
CREATE TEMP TABLE dropped AS SELECT oid FROM pg_roles WHERE rolname = 'gr_test_rebound_' || pg_backend_pid();
GRANT SELECT ON dropped TO PUBLIC;
CREATE TEMP TABLE acting (org uuid);
GRANT INSERT, SELECT ON acting TO PUBLIC;

DO $$ BEGIN EXECUTE format('SET LOCAL ROLE gr_test_rebound_%s', pg_backend_pid()); END $$;
SELECT set_config('golden_record.org_id', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', true);
INSERT INTO acting SELECT current_org_id();
RESET ROLE;
SELECT is((SELECT org FROM acting), 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'::uuid, 'the bound role acts for its org');

DO $$
BEGIN
  EXECUTE format('DROP ROLE gr_test_rebound_%s', pg_backend_pid());
  EXECUTE format('CREATE ROLE gr_test_rebound_%s IN ROLE %I', pg_backend_pid(), (SELECT role_name FROM golden_record.package_roles WHERE purpose = 'reader'));
END $$;
DELETE FROM acting;
DO $$ BEGIN EXECUTE format('SET LOCAL ROLE gr_test_rebound_%s', pg_backend_pid()); END $$;
INSERT INTO acting SELECT current_org_id();
SELECT is_empty($$SELECT 1 FROM golden_record.role_orgs$$, 'the role made again sees no binding');
RESET ROLE;
SELECT is((SELECT org FROM acting), NULL::uuid, 'the role made again under the name acts for no org');

SELECT results_eq(
  $$SELECT object_name, detail FROM golden_record.doctor() WHERE check_name = 'binding'$$,
  $$SELECT oid::text, format('a role since dropped (oid %s) was bound to org aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa; no role inherits it, even one made under the same name (DELETE FROM golden_record.role_orgs WHERE role_id = %s)', oid, oid) FROM dropped$$,
  'doctor names the orphaned binding by the dropped role''s oid, with the statement that removes it');

SELECT * FROM finish();
ROLLBACK;
