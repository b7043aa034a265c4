-- current_org_id() for each kind of role, each acting as itself (SET SESSION AUTHORIZATION
-- changes session_user too, as a login would have it): a role bound to org A acts for A only,
-- whatever it sets and whichever of its roles it SETs ROLE to; a role bound to nothing acts for
-- no org; the trusted backend role acts for the org it sets; only the DBA binds.
BEGIN;
SELECT plan(13);

DO $$
DECLARE f regprocedure;
BEGIN
  FOR f IN SELECT d.objid::regprocedure FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
            WHERE e.extname = 'pgtap' AND d.classid = 'pg_proc'::regclass AND d.deptype = 'e' LOOP
    EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO PUBLIC', f);
  END LOOP;
  EXECUTE format('CREATE ROLE gr_test_team_%s IN ROLE %I', pg_backend_pid(), (SELECT role_name FROM golden_record.package_roles WHERE purpose = 'reader'));
  EXECUTE format('CREATE ROLE gr_test_bound_%s LOGIN IN ROLE %I, gr_test_team_%s', pg_backend_pid(), (SELECT role_name FROM golden_record.package_roles WHERE purpose = 'reader'), pg_backend_pid());
  EXECUTE format('CREATE ROLE gr_test_two_orgs_%s LOGIN IN ROLE %I', pg_backend_pid(), (SELECT role_name FROM golden_record.package_roles WHERE purpose = 'reader'));
  EXECUTE format('CREATE ROLE gr_test_unbound_%s LOGIN IN ROLE %I', pg_backend_pid(), (SELECT role_name FROM golden_record.package_roles WHERE purpose = 'reader'));
  EXECUTE format('CREATE ROLE gr_test_backend_%s LOGIN IN ROLE %I', pg_backend_pid(), (SELECT role_name FROM golden_record.package_roles WHERE purpose = 'app'));
  PERFORM golden_record.grant_org(('gr_test_bound_' || pg_backend_pid())::name, 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa');
  PERFORM golden_record.grant_org(('gr_test_two_orgs_' || pg_backend_pid())::name, 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa');
  PERFORM golden_record.grant_org(('gr_test_two_orgs_' || pg_backend_pid())::name, 'cccccccc-cccc-4ccc-8ccc-cccccccccccc');
END $$;
CREATE TEMP TABLE acting (who text, org uuid);
GRANT INSERT ON acting TO PUBLIC;
-- Runs as whoever the session is: the org current_org_id() gives after `setting`.
CREATE FUNCTION pg_temp.note(p_who text, p_setting text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_config('golden_record.org_id', p_setting, true);
  INSERT INTO acting VALUES (p_who, current_org_id());
END $$;
GRANT EXECUTE ON FUNCTION pg_temp.note(text, text) TO PUBLIC;

DO $$ BEGIN EXECUTE format('SET LOCAL SESSION AUTHORIZATION gr_test_bound_%s', pg_backend_pid()); END $$;
SELECT pg_temp.note('bound, nothing set', '');
SELECT pg_temp.note('bound, sets B', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb');
SELECT pg_temp.note('bound, sets garbage', 'not-a-uuid');
DO $$ BEGIN EXECUTE format('SET LOCAL ROLE gr_test_team_%s', pg_backend_pid()); END $$;
SELECT pg_temp.note('bound, SET ROLE to its team, sets A', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa');
RESET ROLE;
RESET SESSION AUTHORIZATION;
DO $$ BEGIN EXECUTE format('SET LOCAL SESSION AUTHORIZATION gr_test_two_orgs_%s', pg_backend_pid()); END $$;
SELECT pg_temp.note('two orgs, nothing set', '');
SELECT pg_temp.note('two orgs, sets C', 'cccccccc-cccc-4ccc-8ccc-cccccccccccc');
SELECT pg_temp.note('two orgs, sets B', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb');
RESET SESSION AUTHORIZATION;
DO $$ BEGIN EXECUTE format('SET LOCAL SESSION AUTHORIZATION gr_test_unbound_%s', pg_backend_pid()); END $$;
SELECT pg_temp.note('unbound, sets A', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa');
RESET SESSION AUTHORIZATION;
DO $$ BEGIN EXECUTE format('SET LOCAL SESSION AUTHORIZATION gr_test_backend_%s', pg_backend_pid()); END $$;
SELECT pg_temp.note('backend, sets B', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb');
SELECT pg_temp.note('backend, nothing set', '');
RESET SESSION AUTHORIZATION;

SELECT is((SELECT org FROM acting WHERE who = 'bound, nothing set'), 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'::uuid, 'a role bound to one org acts for it without setting anything');
SELECT is((SELECT org FROM acting WHERE who = 'bound, sets B'), NULL::uuid, 'setting another org does not widen it: no org');
SELECT is((SELECT org FROM acting WHERE who = 'bound, sets garbage'), NULL::uuid, 'a setting that is not a uuid: no org');
SELECT is((SELECT org FROM acting WHERE who = 'bound, SET ROLE to its team, sets A'), NULL::uuid, 'SET ROLE to another of its roles, bound to nothing: no org, even setting A');
SELECT is((SELECT org FROM acting WHERE who = 'two orgs, nothing set'), NULL::uuid, 'a role bound to two orgs must choose one');
SELECT is((SELECT org FROM acting WHERE who = 'two orgs, sets C'), 'cccccccc-cccc-4ccc-8ccc-cccccccccccc'::uuid, 'the setting chooses among its orgs');
SELECT is((SELECT org FROM acting WHERE who = 'two orgs, sets B'), NULL::uuid, 'but never beyond them');
SELECT is((SELECT org FROM acting WHERE who = 'unbound, sets A'), NULL::uuid, 'a reader bound to nothing acts for no org');
SELECT is((SELECT org FROM acting WHERE who = 'backend, sets B'), 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'::uuid, 'the trusted backend role acts for the org it sets');
SELECT is((SELECT org FROM acting WHERE who = 'backend, nothing set'), NULL::uuid, 'and for none when it sets none');

SELECT is(
  (SELECT array_agg(r.purpose ORDER BY r.purpose) FROM golden_record.package_roles r
    WHERE has_function_privilege(r.role_name, 'golden_record.grant_org(name, uuid)', 'EXECUTE')
       OR has_function_privilege(r.role_name, 'golden_record.revoke_org(name, uuid)', 'EXECUTE')),
  ARRAY['owner'], 'of the package''s roles only the owner may bind or unbind (not the reader, ingest or backend role)'
);
SELECT throws_ok($$SELECT golden_record.grant_org('gr_test_no_such_role', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa')$$, '42704', NULL, 'binding a role that does not exist is refused');
SELECT golden_record.revoke_org(('gr_test_bound_' || pg_backend_pid())::name, 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa');
SELECT is((SELECT count(*) FROM golden_record.role_orgs b JOIN pg_roles r ON r.oid = b.role_id WHERE r.rolname = 'gr_test_bound_' || pg_backend_pid()), 0::bigint, 'revoke_org removes the binding');

SELECT * FROM finish();
ROLLBACK;
