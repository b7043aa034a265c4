-- The org policies themselves (not only missing privileges) keep writes in the acting org: a
-- role with full table privileges, acting for org A, cannot insert, update or delete org B's
-- rows, nor move a row to org B.
BEGIN;
SELECT plan(10);

DO $$
DECLARE f regprocedure;
BEGIN
  FOR f IN SELECT d.objid::regprocedure FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
            WHERE e.extname = 'pgtap' AND d.classid = 'pg_proc'::regclass AND d.deptype = 'e' LOOP
    EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO PUBLIC', f);
  END LOOP;
  -- A role of this transaction only (its name is unique to the session).
  EXECUTE format('CREATE ROLE %I NOLOGIN', 'gr_test_writer_' || pg_backend_pid());
  EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', current_schema(), 'gr_test_writer_' || pg_backend_pid());
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON calls, contacts, appointments TO %I', 'gr_test_writer_' || pg_backend_pid());
  EXECUTE format('GRANT EXECUTE ON FUNCTION current_org_id() TO %I', 'gr_test_writer_' || pg_backend_pid());
  -- current_org_id() reads who is trusted and who is bound with the caller's rights.
  EXECUTE format('GRANT USAGE ON SCHEMA golden_record TO %I', 'gr_test_writer_' || pg_backend_pid());
  EXECUTE format('GRANT SELECT ON golden_record.role_orgs, golden_record.package_roles TO %I', 'gr_test_writer_' || pg_backend_pid());
  PERFORM golden_record.grant_org(('gr_test_writer_' || pg_backend_pid())::name, 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa');
END $$;

INSERT INTO calls (org_id, vapi_call_id, caller_name) VALUES
  ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'w-call-a', 'A'), ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'w-call-b', 'B');
INSERT INTO contacts (org_id, phone_number, name) VALUES ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', '+15550000002', 'Bob of B');

SELECT set_config('role', 'gr_test_writer_' || pg_backend_pid(), true);
SELECT set_config('golden_record.org_id', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', true);

SELECT lives_ok($$INSERT INTO calls (org_id, vapi_call_id) VALUES ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'w-call-a2')$$,
  'acting for org A, it inserts a call of org A');
SELECT throws_ok($$INSERT INTO calls (org_id, vapi_call_id) VALUES ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'w-call-b2')$$,
  '42501', NULL, 'acting for org A, it cannot insert a call of org B');
SELECT throws_ok($$INSERT INTO contacts (org_id, phone_number, name) VALUES ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', '+15550000003', 'Eve')$$,
  '42501', NULL, 'acting for org A, it cannot insert a contact of org B');
SELECT throws_ok($$UPDATE calls SET org_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb' WHERE vapi_call_id = 'w-call-a'$$,
  '42501', NULL, 'it cannot move its own call to org B');
SELECT is_empty($$UPDATE calls SET caller_name = 'changed' WHERE vapi_call_id = 'w-call-b' RETURNING id$$,
  'an update of org B''s call touches no row');
SELECT is_empty($$UPDATE contacts SET name = 'changed' WHERE org_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb' RETURNING id$$,
  'an update of org B''s contact touches no row');
SELECT is_empty($$DELETE FROM calls WHERE vapi_call_id = 'w-call-b' RETURNING id$$,
  'a delete of org B''s call touches no row');
SELECT throws_ok($$INSERT INTO calls (org_id, vapi_call_id) VALUES ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'w-call-b')
                   ON CONFLICT (vapi_call_id) DO UPDATE SET caller_name = 'taken over'$$,
  '42501', NULL, 'an upsert on org B''s call id cannot take org B''s row over');
RESET ROLE;

SELECT results_eq($$SELECT vapi_call_id, org_id::text, caller_name FROM calls ORDER BY 1$$,
  $$VALUES ('w-call-a'::text, 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'::text, 'A'::text),
           ('w-call-a2', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', NULL),
           ('w-call-b', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'B')$$,
  'org B''s call is untouched and nothing of org B was added');
SELECT results_eq($$SELECT name FROM contacts$$, $$VALUES ('Bob of B'::text)$$, 'org B''s contact is untouched');

SELECT * FROM finish();
ROLLBACK;
