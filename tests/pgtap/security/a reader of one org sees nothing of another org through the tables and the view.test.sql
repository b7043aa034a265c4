-- The test runs as a superuser, which row-level security does not restrict: it switches to a
-- role with the reader role bound to one org (golden_record.grant_org) at a time, and to the
-- reader role bound to no org.
BEGIN;
SELECT plan(11);

-- pgTAP is installed after the package, whose default privileges keep new functions closed to
-- PUBLIC: let the role this test switches to call pgTAP and write its bookkeeping (rolled back).
DO $$
DECLARE f regprocedure;
BEGIN
  FOR f IN SELECT d.objid::regprocedure FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
            WHERE e.extname = 'pgtap' AND d.classid = 'pg_proc'::regclass AND d.deptype = 'e' LOOP
    EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO PUBLIC', f);
  END LOOP;
END $$;

INSERT INTO contacts (id, org_id, phone_number, name) VALUES
  ('a0000000-0000-4000-8000-00000000c001', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '+15550000001', 'Alice of A'),
  ('b0000000-0000-4000-8000-00000000c002', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', '+15550000002', 'Bob of B');
INSERT INTO calls (id, org_id, vapi_call_id, phone_number, contact_id, cost_cents) VALUES
  ('a0000000-0000-4000-8000-0000000ca11a', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'rls-call-a', '+15550000001', 'a0000000-0000-4000-8000-00000000c001', 12),
  ('b0000000-0000-4000-8000-0000000ca11b', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'rls-call-b', '+15550000002', 'b0000000-0000-4000-8000-00000000c002', 34);
INSERT INTO appointments (id, org_id, contact_id, scheduled_at, call_id, vapi_call_id) VALUES
  ('a0000000-0000-4000-8000-00000000a001', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'a0000000-0000-4000-8000-00000000c001', now() + interval '1 day', 'a0000000-0000-4000-8000-0000000ca11a', 'rls-call-a'),
  ('b0000000-0000-4000-8000-00000000a002', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'b0000000-0000-4000-8000-00000000c002', now() + interval '1 day', 'b0000000-0000-4000-8000-0000000ca11b', 'rls-call-b');
UPDATE calls SET appointment_id = 'a0000000-0000-4000-8000-00000000a001' WHERE id = 'a0000000-0000-4000-8000-0000000ca11a';
UPDATE calls SET appointment_id = 'b0000000-0000-4000-8000-00000000a002' WHERE id = 'b0000000-0000-4000-8000-0000000ca11b';
INSERT INTO vapi_events (org_id, message_type, vapi_call_id, outcome, payload) VALUES
  ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'end-of-call-report', 'rls-call-a', 'ingested', '{"message": {}}'),
  ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'end-of-call-report', 'rls-call-b', 'ingested', '{"message": {}}');
INSERT INTO vapi_quarantine (org_id, reason, payload) VALUES
  ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'missing_call_id', '{"message": {}}'),
  ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'missing_call_id', '{"message": {}}'),
  (NULL, 'unknown_org', '{"message": {}}');
INSERT INTO vapi_org_mappings (vapi_id_kind, vapi_id, org_id) VALUES
  ('assistant', 'rls-assistant-a', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'),
  ('assistant', 'rls-assistant-b', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb');
INSERT INTO org_settings (org_id) VALUES ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'), ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb');

-- Every table and view of the package's schema with an org_id (a new one is walked too).
-- Partitions (the event store's months) are read through their parent: the reader may not
-- read one directly at all, which is checked below.
CREATE TEMP TABLE walked AS
SELECT c.oid::regclass::text AS relation
  FROM pg_class c
 WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm') AND NOT c.relispartition
   AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'org_id' AND NOT a.attisdropped);
CREATE TEMP TABLE seen (org text, relation text, own_rows bigint, other_rows bigint);
GRANT SELECT ON walked TO PUBLIC;
GRANT INSERT ON seen TO PUBLIC;

-- A reader login's role: the reader role, bound to org A (golden_record.grant_org).
DO $$
BEGIN
  EXECUTE format('CREATE ROLE %I IN ROLE %I', 'gr_test_reader_a_' || pg_backend_pid(), (SELECT role_name FROM golden_record.package_roles WHERE purpose = 'reader'));
  PERFORM golden_record.grant_org(('gr_test_reader_a_' || pg_backend_pid())::name, 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa');
END $$;
-- A reader login's role: the reader role, bound to org B (golden_record.grant_org).
DO $$
BEGIN
  EXECUTE format('CREATE ROLE %I IN ROLE %I', 'gr_test_reader_b_' || pg_backend_pid(), (SELECT role_name FROM golden_record.package_roles WHERE purpose = 'reader'));
  PERFORM golden_record.grant_org(('gr_test_reader_b_' || pg_backend_pid())::name, 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb');
END $$;
DO $$
DECLARE
  v_org text;
  v_relation text;
  v_own bigint;
  v_other bigint;
BEGIN
  FOREACH v_org IN ARRAY ARRAY['aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', ''] LOOP
    -- The reader bound to that org (the unbound reader role for no org), setting that org.
    PERFORM set_config('role', 'none', true);
    PERFORM set_config('role', CASE v_org WHEN 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa' THEN 'gr_test_reader_a_' || pg_backend_pid()
                                          WHEN 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb' THEN 'gr_test_reader_b_' || pg_backend_pid()
                                          ELSE (SELECT role_name FROM golden_record.package_roles WHERE purpose = 'reader') END, true);
    PERFORM set_config('golden_record.org_id', v_org, true);
    FOR v_relation IN SELECT relation FROM walked LOOP
      EXECUTE format('SELECT count(*) FILTER (WHERE org_id::text = %1$L), count(*) FILTER (WHERE org_id::text IS DISTINCT FROM %1$L) FROM %2$s', v_org, v_relation)
        INTO v_own, v_other;
      INSERT INTO seen VALUES (v_org, v_relation, v_own, v_other);
    END LOOP;
  END LOOP;
END $$;
SELECT set_config('role', 'none', true);
SELECT set_config('role', 'gr_test_reader_a_' || pg_backend_pid(), true);
SELECT set_config('golden_record.org_id', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', true);
SELECT results_eq(
  $$SELECT vapi_call_id, resolved_caller_name, appointment_scheduled_at IS NOT NULL FROM calls_with_caller_names$$,
  $$VALUES ('rls-call-a'::text, 'Alice of A'::text, true)$$,
  'through the view, the reader of org A sees its call with its contact and appointment, and nothing else'
);
SELECT is((SELECT count(*) FROM calls WHERE vapi_call_id = 'rls-call-b'), 0::bigint, 'asking for org B''s call by its id finds nothing');
SELECT set_config('golden_record.org_id', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', true);
SELECT is((SELECT count(*) FROM calls_with_caller_names), 0::bigint, 'the reader bound to org A that sets org B sees nothing');
RESET ROLE;

SELECT cmp_ok((SELECT count(*) FROM walked), '>=', 8::bigint, 'the walk covers the package''s tables and the view');
SELECT is_empty($$SELECT org, relation, other_rows FROM seen WHERE org <> '' AND other_rows > 0$$,
  'acting for one org, the reader sees no row of another org (or of no org) in any table or view');
SELECT is_empty(
  $$SELECT r FROM unnest(ARRAY['calls', 'appointments', 'contacts', 'vapi_events', 'vapi_quarantine', 'vapi_org_mappings', 'org_settings', 'calls_with_caller_names']) r
     EXCEPT SELECT relation FROM seen WHERE org = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa' AND own_rows = 1$$,
  'acting for org A, the reader sees org A''s row in every table and the view'
);
SELECT is_empty(
  $$SELECT r FROM unnest(ARRAY['calls', 'appointments', 'contacts', 'vapi_events', 'vapi_quarantine', 'vapi_org_mappings', 'org_settings', 'calls_with_caller_names']) r
     EXCEPT SELECT relation FROM seen WHERE org = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb' AND own_rows = 1$$,
  'acting for org B, the reader sees org B''s row in every table and the view'
);
SELECT is((SELECT sum(own_rows + other_rows) FROM seen WHERE org = ''), 0::numeric, 'acting for no org, the reader sees no row at all');
SELECT is((SELECT count(*) FROM vapi_quarantine WHERE org_id IS NULL), 1::bigint, 'the owner still sees the quarantined delivery of an unknown org');
SELECT is((SELECT count(*) FROM seen WHERE relation = 'vapi_quarantine' AND own_rows + other_rows > 1), 0::bigint,
  'no org sees the quarantined delivery of an unknown org');

SELECT is_empty(
  $$SELECT c.oid::regclass FROM pg_class c
     WHERE c.relnamespace = current_schema()::regnamespace AND c.relispartition
       AND has_table_privilege((SELECT role_name FROM golden_record.package_roles WHERE purpose = 'reader'), c.oid, 'SELECT')$$,
  'the reader cannot read any partition directly, only through its parent'
);

SELECT * FROM finish();
ROLLBACK;
