-- The ingest role executes the ingest and linking entry points (SECURITY DEFINER, acting for the
-- delivery's org) and nothing else: no privilege on any table or view, no dashboard function.
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

CREATE TEMP TABLE ingest_role AS SELECT role_name FROM golden_record.package_roles WHERE purpose = 'ingest';

SELECT is_empty(
  $$SELECT c.oid::regclass, p.privilege
      FROM pg_class c, ingest_role r,
           unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) p(privilege)
     WHERE c.relnamespace IN (current_schema()::regnamespace, 'golden_record'::regnamespace)
       AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
       AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
       AND has_table_privilege(r.role_name, c.oid, p.privilege)$$,
  'the ingest role holds no privilege on any table or view of the package'
);
SELECT ok(
  has_function_privilege((SELECT role_name FROM ingest_role), 'ingest_vapi_call(jsonb, uuid)', 'EXECUTE'),
  'the ingest role may execute ingest_vapi_call'
);
SELECT is_empty(
  $$SELECT f.signature FROM golden_record.package_functions() f, ingest_role r
     WHERE has_function_privilege(r.role_name, f.function_oid, 'EXECUTE')
       AND f.signature ~ '(calls_dashboard|call_analytics|current_org_id|_act_for_org|^golden_record\.)'$$,
  'the ingest role may not execute the dashboard functions, the org resolver, the private org switch or the package''s bookkeeping'
);

SELECT set_config('role', (SELECT role_name FROM ingest_role), true);
SELECT is(
  ingest_vapi_call(
    '{"message": {"type": "end-of-call-report", "endedReason": "customer-ended-call", "cost": 0.07,
                  "call": {"id": "ingest-role-call-1", "type": "inboundPhoneCall"}}}'::jsonb,
    'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa') ->> 'status',
  'ingested',
  'the ingest role ingests an end-of-call-report'
);
SELECT throws_ok($$SELECT count(*) FROM calls$$, '42501', NULL, 'the ingest role cannot SELECT from calls');
SELECT throws_ok($$SELECT count(*) FROM vapi_events$$, '42501', NULL, 'the ingest role cannot SELECT from vapi_events');
SELECT throws_ok($$SELECT count(*) FROM calls_with_caller_names$$, '42501', NULL, 'the ingest role cannot SELECT from the view');
SELECT throws_ok($$SELECT calls_dashboard_list('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '{}', 50, NULL)$$, '42501', NULL,
  'the ingest role cannot execute the dashboard functions');
RESET ROLE;

SELECT results_eq(
  $$SELECT org_id::text, cost_cents, ended_reason FROM calls WHERE vapi_call_id = 'ingest-role-call-1'$$,
  $$VALUES ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'::text, 7, 'customer-ended-call'::text)$$,
  'the call it ingested is recorded for its org'
);

SELECT * FROM finish();
ROLLBACK;
