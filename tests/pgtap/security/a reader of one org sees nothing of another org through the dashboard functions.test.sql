-- The dashboard functions run as the caller (SECURITY INVOKER): even handed org B's id, a reader
-- acting for org A gets nothing of org B from calls_dashboard_list, calls_dashboard_detail
-- and call_analytics.
BEGIN;
SELECT plan(10);

DO $$
DECLARE f regprocedure;
BEGIN
  FOR f IN SELECT d.objid::regprocedure FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
            WHERE e.extname = 'pgtap' AND d.classid = 'pg_proc'::regclass AND d.deptype = 'e' LOOP
    EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO PUBLIC', f);
  END LOOP;
END $$;

INSERT INTO calls (id, org_id, vapi_call_id, phone_number, started_at, ended_at, cost_cents, ended_reason, tools_used) VALUES
  ('a0000000-0000-4000-8000-0000000ca11a', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'dash-call-a', '+15550000001', now() - interval '2 hours', now() - interval '1 hour', 12, 'customer-ended-call', '{bookAppointment}'),
  ('b0000000-0000-4000-8000-0000000ca11b', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'dash-call-b', '+15550000002', now() - interval '2 hours', now() - interval '1 hour', 34, 'assistant-ended-call', '{transferCall}');

-- A reader login's role: the reader role, bound to org A (golden_record.grant_org).
DO $$
BEGIN
  EXECUTE format('CREATE ROLE %I IN ROLE %I', 'gr_test_reader_a_' || pg_backend_pid(), (SELECT role_name FROM golden_record.package_roles WHERE purpose = 'reader'));
  PERFORM golden_record.grant_org(('gr_test_reader_a_' || pg_backend_pid())::name, 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa');
END $$;
SELECT set_config('role', 'gr_test_reader_a_' || pg_backend_pid(), true);
-- Setting org B (or anything else) would not widen it: it acts for org A only.
SELECT set_config('golden_record.org_id', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', true);
SELECT is(current_org_id(), NULL::uuid, 'a reader bound to org A that sets org B acts for no org');
SELECT set_config('golden_record.org_id', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', true);

SELECT is(
  jsonb_path_query_array(calls_dashboard_list('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '{}', 50, NULL), '$.items[*].vapi_call_id'),
  '["dash-call-a"]'::jsonb,
  'the list of its own org shows its call'
);
SELECT is(
  calls_dashboard_list('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', '{}', 50, NULL) -> 'items',
  '[]'::jsonb,
  'the list asked for org B is empty'
);
SELECT is(
  calls_dashboard_list('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', '{"search": "555"}', 50, NULL) -> 'items',
  '[]'::jsonb,
  'a search asked for org B is empty'
);
SELECT is(
  calls_dashboard_detail('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'a0000000-0000-4000-8000-0000000ca11a') ->> 'vapi_call_id',
  'dash-call-a',
  'the detail of its own call is there'
);
SELECT is(
  calls_dashboard_detail('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'b0000000-0000-4000-8000-0000000ca11b'),
  NULL,
  'the detail of org B''s call, asked with org B''s id, is NULL'
);
SELECT is(
  calls_dashboard_detail('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'b0000000-0000-4000-8000-0000000ca11b'),
  NULL,
  'the detail of org B''s call, asked with its own org''s id, is NULL'
);
SELECT is(
  (call_analytics('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', now() - interval '1 day', now() + interval '1 day') ->> 'total_cost_cents')::int,
  12,
  'the analytics of its own org count its call'
);
SELECT is(
  jsonb_build_object('total_calls', a -> 'total_calls', 'total_cost_cents', a -> 'total_cost_cents',
                     'ended_reasons', a -> 'ended_reasons', 'tools', a -> 'tools'),
  '{"total_calls": 0, "total_cost_cents": 0, "ended_reasons": [], "tools": []}'::jsonb,
  'the analytics asked for org B count nothing of it: no call, cost, ended reason or tool'
) FROM call_analytics('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', now() - interval '1 day', now() + interval '1 day') a;
RESET ROLE;

SELECT is(
  (call_analytics('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', now() - interval '1 day', now() + interval '1 day') ->> 'total_calls')::int,
  1,
  'org B''s call is there for its owner: the reader was kept out, not the data missing'
);

SELECT * FROM finish();
ROLLBACK;
