-- golden_record.doctor() (what `golden-record doctor` prints): empty on a fresh install; each
-- rule broken by hand shows up; golden_record.apply_grants() puts the grants back.
BEGIN;
SELECT plan(13);

SELECT is_empty($$SELECT * FROM golden_record.doctor()$$, 'doctor finds nothing on a fresh install');

CREATE TEMP TABLE roles AS SELECT purpose, role_name FROM golden_record.package_roles;
DO $$
BEGIN
  EXECUTE format('REVOKE SELECT ON calls FROM %I', (SELECT role_name FROM roles WHERE purpose = 'reader'));
  EXECUTE format('GRANT SELECT ON vapi_events TO %I', (SELECT role_name FROM roles WHERE purpose = 'ingest'));
  EXECUTE format('GRANT EXECUTE ON FUNCTION golden_record._act_for_org(uuid) TO %I', (SELECT role_name FROM roles WHERE purpose = 'reader'));
END $$;
GRANT EXECUTE ON FUNCTION vapi_cost_to_cents(numeric) TO PUBLIC;
ALTER TABLE contacts NO FORCE ROW LEVEL SECURITY;
ALTER TABLE vapi_events DISABLE ROW LEVEL SECURITY;
DROP POLICY golden_record_org_delete ON appointments;
ALTER FUNCTION ingest_vapi_call(jsonb, uuid) RESET search_path;
-- A definer handed back to the superuser that migrated, and PUBLIC allowed to create objects in
-- the schema on every definer's path.
ALTER FUNCTION ingest_vapi_calls(jsonb[], uuid) OWNER TO CURRENT_USER;
GRANT CREATE ON SCHEMA golden_record TO PUBLIC;
SELECT golden_record.track('gr_test', 'table', 'gr_test_new_table', 'gr_test_new_table');
CREATE TABLE gr_test_new_table (org_id uuid NOT NULL);

CREATE TEMP TABLE found AS SELECT * FROM golden_record.doctor();

SELECT results_eq(
  $$SELECT detail FROM found WHERE check_name = 'missing grant'$$,
  format($$VALUES ('SELECT on table public.calls is not granted to %s')$$, (SELECT role_name FROM roles WHERE purpose = 'reader')),
  'a revoked grant is reported missing'
);
SELECT set_eq(
  $$SELECT object_name FROM found WHERE check_name = 'extra grant'$$,
  ARRAY['public.vapi_events', 'golden_record._act_for_org(uuid)'],
  'a privilege beyond least privilege is reported extra'
);
SELECT results_eq($$SELECT object_name FROM found WHERE check_name = 'public execute'$$,
  $$VALUES ('public.vapi_cost_to_cents(numeric)')$$, 'a function executable by PUBLIC is reported');
SELECT set_eq(
  $$SELECT object_name || ': ' || detail FROM found WHERE check_name = 'row-level security'$$,
  ARRAY['public.contacts: row-level security is not forced: its owner bypasses the policies',
        'public.vapi_events: row-level security is off',
        'public.gr_test_new_table: created by the package but not under its row-level security (call golden_record.secure_table in the migration that creates it)'],
  'a table without row-level security, one no longer forced, and a new table left out are reported'
);
SELECT results_eq($$SELECT object_name || ': ' || detail FROM found WHERE check_name = 'policy'$$,
  $$VALUES ('public.appointments: policy golden_record_org_delete is missing (run golden-record migrate up)')$$,
  'a missing org policy is reported');
SELECT results_eq($$SELECT object_name FROM found WHERE check_name = 'definer search_path'$$,
  $$VALUES ('public.ingest_vapi_call(jsonb, uuid)')$$, 'a definer whose search_path was reset is reported');

SELECT results_eq($$SELECT object_name FROM found WHERE check_name = 'definer owner'$$,
  $$VALUES ('public.ingest_vapi_calls(jsonb[], uuid)')$$, 'a definer owned by a superuser is reported');
SELECT results_eq($$SELECT object_name || ': ' || detail FROM found WHERE check_name = 'writable schema'$$,
  $$VALUES ('golden_record: on the pinned search_path of SECURITY DEFINER functions, and PUBLIC can create objects in it: a function or operator planted there would run with the definer''s rights (REVOKE CREATE ON SCHEMA golden_record FROM PUBLIC)')$$,
  'a schema on the definers'' path that PUBLIC may create in is reported, with its fix');

SELECT is(golden_record.apply_grants(), 2, 'apply_grants runs the two statements needed: one GRANT, one REVOKE');
SELECT is_empty($$SELECT * FROM golden_record.doctor() WHERE check_name IN ('missing grant', 'public execute')$$,
  'apply_grants restores the missing grant and closes the function to PUBLIC');
SELECT set_eq($$SELECT object_name FROM golden_record.doctor() WHERE check_name = 'extra grant'$$,
  ARRAY['public.vapi_events', 'golden_record._act_for_org(uuid)'],
  'apply_grants leaves a privilege it did not grant to the DBA (doctor still reports it)');
SELECT is(golden_record.apply_grants(), 0, 'a second apply_grants has nothing left to do');

SELECT * FROM finish();
ROLLBACK;
