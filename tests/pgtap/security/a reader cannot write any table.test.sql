-- The reader role reads; it has no INSERT, UPDATE, DELETE or TRUNCATE on any table of the
-- package, for its own org or another.
BEGIN;
SELECT plan(3);

DO $$
DECLARE f regprocedure;
BEGIN
  FOR f IN SELECT d.objid::regprocedure FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
            WHERE e.extname = 'pgtap' AND d.classid = 'pg_proc'::regclass AND d.deptype = 'e' LOOP
    EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO PUBLIC', f);
  END LOOP;
END $$;

INSERT INTO calls (org_id, vapi_call_id) VALUES
  ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'rw-call-a'), ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'rw-call-b');

CREATE TEMP TABLE walked AS
SELECT c.oid::regclass::text AS relation
  FROM pg_class c
 WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
   AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'org_id' AND NOT a.attisdropped);
CREATE TEMP TABLE attempts (relation text, statement text, sqlstate text);
GRANT SELECT ON walked TO PUBLIC;
GRANT INSERT ON attempts TO PUBLIC;

SELECT set_config('role', (SELECT role_name FROM golden_record.package_roles WHERE purpose = 'reader'), true);
SELECT set_config('golden_record.org_id', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', true);
DO $$
DECLARE
  v_relation text;
  v_statement text;
BEGIN
  FOR v_relation IN SELECT relation FROM walked LOOP
    FOREACH v_statement IN ARRAY ARRAY[
      format('INSERT INTO %s (org_id) VALUES (%L)', v_relation, 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'),
      format('INSERT INTO %s (org_id) VALUES (%L)', v_relation, 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'),
      format('UPDATE %s SET org_id = org_id', v_relation),
      format('UPDATE %s SET org_id = %L', v_relation, 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'),
      format('DELETE FROM %s', v_relation),
      format('TRUNCATE %s', v_relation)
    ] LOOP
      BEGIN
        EXECUTE v_statement;
        INSERT INTO attempts VALUES (v_relation, v_statement, 'no error');
      EXCEPTION WHEN OTHERS THEN
        INSERT INTO attempts VALUES (v_relation, v_statement, SQLSTATE);
      END;
    END LOOP;
  END LOOP;
END $$;
RESET ROLE;

SELECT cmp_ok((SELECT count(DISTINCT relation) FROM attempts), '>=', 7::bigint, 'every table with an org_id was tried');
SELECT is_empty($$SELECT relation, statement, sqlstate FROM attempts WHERE sqlstate <> '42501'$$,
  'every insert, update, delete and truncate by the reader is refused for lack of privilege (42501)');
SELECT results_eq($$SELECT vapi_call_id, org_id::text FROM calls ORDER BY 1$$,
  $$VALUES ('rw-call-a'::text, 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'::text), ('rw-call-b', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb')$$,
  'the calls are unchanged');

SELECT * FROM finish();
ROLLBACK;
