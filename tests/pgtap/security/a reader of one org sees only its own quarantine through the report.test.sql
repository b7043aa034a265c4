-- quarantine_summary and call_report run as the caller: a reader acting for org A, even
-- handed org B's id, gets nothing of org B's quarantine and nothing of the deliveries of no
-- known org (those are for the owner, the DBA).
BEGIN;
SELECT plan(5);

DO $$
DECLARE f regprocedure;
BEGIN
  FOR f IN SELECT d.objid::regprocedure FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
            WHERE e.extname = 'pgtap' AND d.classid = 'pg_proc'::regclass AND d.deptype = 'e' LOOP
    EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO PUBLIC', f);
  END LOOP;
END $$;

INSERT INTO vapi_quarantine (org_id, received_at, reason, payload) VALUES
  ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', now() - interval '1 hour', 'invalid_json', '{"org": "a"}'),
  ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', now() - interval '1 hour', 'missing_call_id', '{"org": "b"}'),
  (NULL, now() - interval '1 hour', 'unknown_org', '{"org": null}');

-- A reader login's role: the reader role, bound to org A (golden_record.grant_org).
DO $$
BEGIN
  EXECUTE format('CREATE ROLE %I IN ROLE %I', 'gr_test_reader_a_' || pg_backend_pid(), (SELECT role_name FROM golden_record.package_roles WHERE purpose = 'reader'));
  PERFORM golden_record.grant_org(('gr_test_reader_a_' || pg_backend_pid())::name, 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa');
END $$;
SELECT set_config('role', 'gr_test_reader_a_' || pg_backend_pid(), true);
SELECT set_config('golden_record.org_id', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', true);

SELECT is(
  quarantine_summary('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', now() - interval '1 day', now() + interval '1 day'),
  '{"org": {"deliveries": 1, "waiting": 1, "reasons": [{"reason": "invalid_json", "deliveries": 1, "waiting": 1}]},
    "without_org": {"deliveries": 0, "waiting": 0, "reasons": []}}'::jsonb,
  'its own org''s delivery is there; the delivery of no known org is not'
);
SELECT is(
  quarantine_summary('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', now() - interval '1 day', now() + interval '1 day') -> 'org',
  '{"deliveries": 0, "waiting": 0, "reasons": []}'::jsonb,
  'the quarantine asked for org B is empty'
);
SELECT is(
  call_report('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', now() - interval '1 day', now() + interval '1 day') -> 'quarantine' -> 'org' -> 'deliveries',
  '0'::jsonb,
  'the report asked for org B shows none of its quarantine'
);
SELECT lives_ok(
  $$SELECT call_report('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', now() - interval '1 day', now() + interval '1 day')$$,
  'the reader may run call_report'
);
RESET ROLE;

SELECT is(
  quarantine_summary('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', now() - interval '1 day', now() + interval '1 day'),
  '{"org": {"deliveries": 1, "waiting": 1, "reasons": [{"reason": "missing_call_id", "deliveries": 1, "waiting": 1}]},
    "without_org": {"deliveries": 1, "waiting": 1, "reasons": [{"reason": "unknown_org", "deliveries": 1, "waiting": 1}]}}'::jsonb,
  'for the owner, org B''s delivery and the one of no known org are there: the reader was kept out, not the data missing'
);

SELECT * FROM finish();
ROLLBACK;
