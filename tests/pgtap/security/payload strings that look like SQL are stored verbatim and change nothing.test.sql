-- Payload text is data, never SQL: strings built to break out of a quoted literal, a format()
-- placeholder or a dollar quote land in the record exactly as sent, and the schema and the
-- other rows are as they were.
BEGIN;
SELECT plan(9);

DO $$
DECLARE f regprocedure;
BEGIN
  FOR f IN SELECT d.objid::regprocedure FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
            WHERE e.extname = 'pgtap' AND d.classid = 'pg_proc'::regclass AND d.deptype = 'e' LOOP
    EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO PUBLIC', f);
  END LOOP;
END $$;

INSERT INTO contacts (org_id, phone_number, name) VALUES ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', '+15550000002', 'Bob of B');
CREATE TEMP TABLE schema_before AS
SELECT c.oid, c.relname, c.relkind FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace;
CREATE TEMP TABLE returned (status text);
GRANT INSERT ON returned TO PUBLIC;

SELECT set_config('role', (SELECT role_name FROM golden_record.package_roles WHERE purpose = 'ingest'), true);
INSERT INTO returned
SELECT ingest_vapi_call(jsonb_build_object('message', jsonb_build_object(
  'type', 'end-of-call-report',
  'call', jsonb_build_object('id', 'sqli''); DROP TABLE calls; --', 'type', 'inboundPhoneCall'),
  'endedReason', '''); DELETE FROM contacts; --',
  'summary', 'Robert''); DROP TABLE appointments; -- %s %I %L $1 $$; TRUNCATE calls; $$ \',
  'transcript', E'a\'b"c\\d; SELECT pg_sleep(10); /* */ --',
  'customer', jsonb_build_object('number', '+1555''; UPDATE calls SET org_id = NULL; --', 'name', '" OR "1"="1'),
  'artifact', jsonb_build_object('messages', jsonb_build_array(
    jsonb_build_object('role', 'tool_calls', 'toolCalls', jsonb_build_array(
      jsonb_build_object('function', jsonb_build_object('name', 'book''); DROP SCHEMA public CASCADE; --')))))),
  'cost', 0.07)), 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa') ->> 'status';
INSERT INTO returned
SELECT ingest_vapi_call('{"message": {"type": "x''); DROP TABLE vapi_events; --", "call": {"id": "sqli-2"}}}'::jsonb,
                        'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa') ->> 'status';
INSERT INTO returned
SELECT ingest_vapi_call('{"message": {"type": "end-of-call-report", "call": {"id": "sqli-3"}}}'::jsonb,
                        NULL) ->> 'status';
RESET ROLE;

SELECT results_eq($$SELECT status FROM returned$$, $$VALUES ('ingested'::text), ('ignored'), ('quarantined')$$,
  'the deliveries were ingested, ignored and quarantined as any other');
SELECT results_eq(
  $$SELECT vapi_call_id, ended_reason, summary, transcript, phone_number, caller_name, tools_used FROM calls$$,
  $want$VALUES ('sqli''); DROP TABLE calls; --'::text, '''); DELETE FROM contacts; --'::text,
            'Robert''); DROP TABLE appointments; -- %s %I %L $1 $$; TRUNCATE calls; $$ \'::text,
            E'a\'b"c\\d; SELECT pg_sleep(10); /* */ --'::text,
            '+1555''; UPDATE calls SET org_id = NULL; --'::text, '" OR "1"="1'::text,
            ARRAY['book''); DROP SCHEMA public CASCADE; --'])$want$,
  'every string of the call is stored exactly as sent'
);
SELECT is((SELECT org_id::text FROM calls), 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'the call belongs to the org it was ingested for');
SELECT results_eq($$SELECT message_type FROM vapi_events WHERE outcome = 'ignored'$$,
  $$VALUES ('x''); DROP TABLE vapi_events; --'::text)$$, 'the message type is stored verbatim on the ignored event');
SELECT is((SELECT count(*) FROM vapi_quarantine), 1::bigint, 'the delivery of an unknown org is quarantined');
SELECT results_eq($$SELECT name FROM contacts$$, $$VALUES ('Bob of B'::text)$$, 'the other org''s contact is untouched');
SELECT is_empty($$SELECT relname FROM schema_before WHERE oid NOT IN (SELECT oid FROM pg_class)$$,
  'no table, view or index of the schema was dropped');
SELECT is_empty($$SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND oid NOT IN (SELECT oid FROM schema_before)$$,
  'nothing was added to the schema');
SELECT is((SELECT count(*) FROM vapi_events), 2::bigint, 'the raw store holds the two deliveries that were not quarantined');

SELECT * FROM finish();
ROLLBACK;
