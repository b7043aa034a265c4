-- Every package function pins its search_path, so a look-alike of any of them in a schema the
-- caller puts first, or a temporary table named like a package table, is never used by the
-- package: not by the SECURITY DEFINER ingest, not by the dashboard running as the reader.
BEGIN;
SELECT plan(7);

DO $$
DECLARE
  f regprocedure;
  p record;
BEGIN
  FOR f IN SELECT d.objid::regprocedure FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
            WHERE e.extname = 'pgtap' AND d.classid = 'pg_proc'::regclass AND d.deptype = 'e' LOOP
    EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO PUBLIC', f);
  END LOOP;

  -- A look-alike of every function of the package, same name and arguments, that raises.
  CREATE SCHEMA gr_test_shadow;
  GRANT USAGE ON SCHEMA gr_test_shadow TO PUBLIC;
  FOR p IN
    SELECT pr.proname, pg_get_function_arguments(pr.oid) AS args, pg_get_function_result(pr.oid) AS result
      FROM golden_record.package_functions() f JOIN pg_proc pr ON pr.oid = f.function_oid
     WHERE pr.pronamespace = current_schema()::regnamespace AND pr.prokind = 'f'
  LOOP
    EXECUTE format($f$CREATE FUNCTION gr_test_shadow.%I(%s) RETURNS %s LANGUAGE plpgsql AS
                     'BEGIN RAISE EXCEPTION ''shadow of %s picked up''; END'$f$, p.proname, p.args, p.result, p.proname);
  END LOOP;
  GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA gr_test_shadow TO PUBLIC;
END $$;

-- Temporary tables named like the package's tables (pg_temp is searched first when a path
-- does not name it).
CREATE TEMP TABLE calls (id uuid, org_id uuid, vapi_call_id text, direction text, created_at timestamptz, cost_cents integer);
CREATE TEMP TABLE vapi_events (id bigint, org_id uuid, payload jsonb);
INSERT INTO pg_temp.calls VALUES (gen_random_uuid(), 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'shadow-temp-call', 'inbound', now(), 999);
GRANT ALL ON pg_temp.calls, pg_temp.vapi_events TO PUBLIC;

SELECT cmp_ok((SELECT count(*) FROM pg_proc WHERE pronamespace = 'gr_test_shadow'::regnamespace), '>=', 10::bigint,
  'every package function has a raising look-alike earlier on the path');

SELECT set_config('role', (SELECT role_name FROM golden_record.package_roles WHERE purpose = 'ingest'), true);
SELECT set_config('search_path', 'gr_test_shadow, public', true);
SELECT is(
  public.ingest_vapi_call(
    '{"message": {"type": "end-of-call-report", "endedReason": "customer-ended-call", "cost": 0.07,
                  "call": {"id": "shadow-call-1", "type": "inboundPhoneCall"},
                  "artifact": {"messages": [{"role": "tool_calls", "toolCalls": [{"function": {"name": "bookAppointment"}}]}]}}}'::jsonb,
    'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa') ->> 'status',
  'ingested',
  'the ingest, called by the ingest role with look-alikes first on its path, uses the package''s own functions'
);
SELECT set_config('search_path', 'gr_test_shadow, pg_catalog, public', true);
SELECT is(
  public.ingest_vapi_call(
    '{"message": {"type": "status-update", "status": "ended", "call": {"id": "shadow-call-2", "type": "webCall"}}}'::jsonb,
    'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa') ->> 'status',
  'ingested',
  'and with look-alikes even before pg_catalog'
);
RESET ROLE;
SELECT set_config('search_path', 'public', true);

SELECT results_eq(
  $$SELECT vapi_call_id, cost_cents, tools_used FROM public.calls WHERE vapi_call_id LIKE 'shadow-call-%' ORDER BY 1$$,
  $$VALUES ('shadow-call-1'::text, 7, '{bookAppointment}'::text[]), ('shadow-call-2', NULL, '{}')$$,
  'the calls went into the package''s table, computed by the package''s helpers'
);
SELECT is((SELECT count(*) FROM pg_temp.calls), 1::bigint, 'the temporary look-alike of calls was not written to');
SELECT is((SELECT count(*) FROM pg_temp.vapi_events), 0::bigint, 'the temporary look-alike of vapi_events was not written to');

-- A reader login's role: the reader role, bound to org A (golden_record.grant_org).
DO $$
BEGIN
  EXECUTE format('CREATE ROLE %I IN ROLE %I', 'gr_test_reader_a_' || pg_backend_pid(), (SELECT role_name FROM golden_record.package_roles WHERE purpose = 'reader'));
  PERFORM golden_record.grant_org(('gr_test_reader_a_' || pg_backend_pid())::name, 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa');
END $$;
SELECT set_config('role', 'gr_test_reader_a_' || pg_backend_pid(), true);
SELECT set_config('golden_record.org_id', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', true);
SELECT set_config('search_path', 'gr_test_shadow, public', true);
SELECT is(
  (SELECT array_agg(id ORDER BY id) FROM jsonb_array_elements_text(jsonb_path_query_array(
     public.calls_dashboard_list('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '{"direction": ["inbound", "web"]}', 50, NULL),
     '$.items[*].vapi_call_id')) id),
  ARRAY['shadow-call-1', 'shadow-call-2'],
  'the dashboard, run by the reader with look-alikes first on its path, reads the package''s tables with its own helpers'
);
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
