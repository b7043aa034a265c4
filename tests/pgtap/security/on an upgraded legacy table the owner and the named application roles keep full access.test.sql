-- What the upgrade of a legacy database does to a table the package found, played on a table of
-- this transaction: golden_record.secure_table switches row-level security on without forcing
-- it and records who could use the table before. The table's owner still reads and writes
-- everything; an application role named with golden_record.grant_full_access does too; a role
-- that had access and was not named is what `doctor` lists as having lost it.
BEGIN;
SELECT plan(14);

DO $$
DECLARE
  f regprocedure;
  v_suffix text := pg_backend_pid()::text;
BEGIN
  FOR f IN SELECT d.objid::regprocedure FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
            WHERE e.extname = 'pgtap' AND d.classid = 'pg_proc'::regclass AND d.deptype = 'e' LOOP
    EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO PUBLIC', f);
  END LOOP;
  -- Roles of this transaction only (names unique to the session), as a legacy database has them.
  EXECUTE format('CREATE ROLE %I NOLOGIN', 'gr_test_legacy_owner_' || v_suffix);
  EXECUTE format('CREATE ROLE %I NOLOGIN', 'gr_test_legacy_app_' || v_suffix);
  EXECUTE format('CREATE ROLE %I NOLOGIN', 'gr_test_legacy_report_' || v_suffix);
  EXECUTE format('GRANT USAGE, CREATE ON SCHEMA %I TO %I', current_schema(), 'gr_test_legacy_owner_' || v_suffix);
  EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I, %I', current_schema(), 'gr_test_legacy_app_' || v_suffix, 'gr_test_legacy_report_' || v_suffix);

  CREATE TABLE gr_test_legacy_notes (id serial PRIMARY KEY, org_id uuid NOT NULL, body text);
  EXECUTE format('ALTER TABLE gr_test_legacy_notes OWNER TO %I', 'gr_test_legacy_owner_' || v_suffix);
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON gr_test_legacy_notes TO %I', 'gr_test_legacy_app_' || v_suffix);
  EXECUTE format('GRANT USAGE ON SEQUENCE gr_test_legacy_notes_id_seq TO %I', 'gr_test_legacy_app_' || v_suffix);
  EXECUTE format('GRANT SELECT ON gr_test_legacy_notes TO %I', 'gr_test_legacy_report_' || v_suffix);
END $$;
INSERT INTO gr_test_legacy_notes (org_id, body) VALUES
  ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'note of A'), ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'note of B');

-- The upgrade: what a migration calls for a table it found, then the code layer's policies.
SELECT golden_record.secure_table('gr_test_upgrade', 'gr_test_legacy_notes');
SELECT golden_record.apply_row_security();

SELECT results_eq(
  $$SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE oid = 'gr_test_legacy_notes'::regclass$$,
  $$VALUES (true, false)$$,
  'row-level security is on and not forced on the table the package found'
);
SELECT is(
  (SELECT string_agg(format('%s %s', role_name, privileges), '; ' ORDER BY role_name)
     FROM golden_record.access_before WHERE table_name = 'public.gr_test_legacy_notes'),
  format('gr_test_legacy_app_%s {DELETE,INSERT,SELECT,UPDATE}; gr_test_legacy_report_%s {SELECT}', pg_backend_pid(), pg_backend_pid()),
  'the roles that could use the table before are recorded, the owner aside'
);
SELECT set_eq(
  $$SELECT object_name FROM golden_record.doctor() WHERE check_name = 'lost access'$$,
  ARRAY['gr_test_legacy_app_' || pg_backend_pid(), 'gr_test_legacy_report_' || pg_backend_pid()],
  'doctor lists both as having lost access'
);

SELECT set_config('role', 'gr_test_legacy_owner_' || pg_backend_pid(), true);
SELECT is((SELECT count(*) FROM gr_test_legacy_notes), 2::bigint, 'the owner still reads every org''s rows');
SELECT lives_ok($$INSERT INTO gr_test_legacy_notes (org_id, body) VALUES ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'by owner')$$,
  'the owner still writes rows of any org');
SELECT is_empty($$SELECT 1 FROM gr_test_legacy_notes WHERE body = 'by owner' AND org_id <> 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'$$,
  'and reads back what it wrote');
RESET ROLE;

SELECT set_config('role', 'gr_test_legacy_app_' || pg_backend_pid(), true);
SELECT throws_ok($$SELECT count(*) FROM gr_test_legacy_notes$$, '42501', NULL,
  'before it is named, the application role is refused (it acts for no org)');
RESET ROLE;

SELECT golden_record.grant_full_access(('gr_test_legacy_app_' || pg_backend_pid())::name);
SELECT set_config('role', 'gr_test_legacy_app_' || pg_backend_pid(), true);
SELECT is((SELECT count(*) FROM gr_test_legacy_notes), 3::bigint, 'once named, the application role reads every org''s rows');
SELECT lives_ok($$INSERT INTO gr_test_legacy_notes (org_id, body) VALUES ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'by app')$$,
  'it inserts rows of any org without saying which org it acts for');
SELECT results_eq($$WITH u AS (UPDATE gr_test_legacy_notes SET body = body || '!' RETURNING org_id) SELECT count(*), count(DISTINCT org_id) FROM u$$,
  $$VALUES (4::bigint, 2::bigint)$$, 'it updates the rows of every org');
RESET ROLE;
SELECT is(
  (SELECT array_agg(object_name ORDER BY object_name) FROM golden_record.doctor() WHERE check_name = 'lost access'),
  ARRAY['gr_test_legacy_report_' || pg_backend_pid()],
  'doctor no longer lists the named role, only the one left unnamed'
);
SELECT is_empty($$SELECT * FROM golden_record.doctor() WHERE check_name IN ('missing grant', 'extra grant', 'policy')$$,
  'the full-access policy and the grant it needs are in place');

SELECT golden_record.revoke_full_access(('gr_test_legacy_app_' || pg_backend_pid())::name);
SELECT golden_record.grant_org(('gr_test_legacy_app_' || pg_backend_pid())::name, 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa');
SELECT set_config('role', 'gr_test_legacy_app_' || pg_backend_pid(), true);
SELECT set_config('golden_record.org_id', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', true);
SELECT is((SELECT count(*) FROM gr_test_legacy_notes), 2::bigint, 'taken off the list and bound to org A, it sees only the rows of org A');
RESET ROLE;

SELECT golden_record.unsecure_tables('gr_test_upgrade');
SELECT results_eq(
  $$SELECT relrowsecurity, relforcerowsecurity, (SELECT count(*) FROM pg_policy WHERE polrelid = 'gr_test_legacy_notes'::regclass)
      FROM pg_class WHERE oid = 'gr_test_legacy_notes'::regclass$$,
  $$VALUES (false, false, 0::bigint)$$,
  'the down migration gives the table back as it was: no row-level security, no policy'
);

SELECT * FROM finish();
ROLLBACK;
