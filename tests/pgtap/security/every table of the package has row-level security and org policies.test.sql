-- A catalogue walk: a table the package creates or adds to without row-level security fails here.
BEGIN;
SELECT plan(6);

CREATE TEMP TABLE package_tables AS
SELECT c.oid::regclass AS table_name, c.relrowsecurity, c.relforcerowsecurity,
       EXISTS (SELECT 1 FROM golden_record.tracked_objects o WHERE o.kind = 'table' AND to_regclass(o.table_name) = c.oid) AS created_by_package,
       EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'org_id' AND a.attnotnull) AS org_required,
       EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'org_id' AND NOT a.attisdropped) AS has_org
  FROM pg_class c
 WHERE c.relnamespace = current_schema()::regnamespace
   AND c.relkind IN ('r', 'p')
   AND (c.oid IN (SELECT to_regclass(o.table_name) FROM golden_record.tracked_objects o)
        OR c.relname IN ('calls', 'appointments', 'contacts', 'vapi_events', 'vapi_quarantine', 'vapi_org_mappings'));

SELECT cmp_ok((SELECT count(*) FROM package_tables), '>=', 6::bigint, 'the walk finds the package''s tables');

SELECT is_empty(
  $$SELECT table_name FROM package_tables WHERE NOT relrowsecurity$$,
  'every table the package created or upgraded has row-level security enabled'
);

SELECT is_empty(
  $$SELECT table_name FROM package_tables
     WHERE created_by_package AND org_required AND table_name <> 'vapi_org_mappings'::regclass AND NOT relforcerowsecurity$$,
  'row-level security is forced on every table the package created with a required org_id'
);

SELECT is_empty(
  $$SELECT t.table_name, w.policy FROM package_tables t
     CROSS JOIN unnest(ARRAY['golden_record_org_select', 'golden_record_org_insert', 'golden_record_org_update', 'golden_record_org_delete']) w(policy)
     WHERE t.has_org AND NOT EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = t.table_name AND p.polname = w.policy)$$,
  'every table with an org_id has the select, insert, update and delete policies by org'
);

SELECT is_empty(
  $$SELECT p.polname FROM pg_policy p JOIN package_tables t ON t.table_name = p.polrelid
     WHERE p.polname LIKE 'golden\_record\_org\_%'
       AND coalesce(pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid)) !~ 'org_id = \( SELECT current_org_id\(\)'$$,
  'every org policy compares org_id with current_org_id()'
);

SELECT is(
  (SELECT reloptions FROM pg_class WHERE oid = 'calls_with_caller_names'::regclass),
  ARRAY['security_invoker=true'],
  'the view calls_with_caller_names runs with the caller''s row-level security'
);

SELECT * FROM finish();
ROLLBACK;
