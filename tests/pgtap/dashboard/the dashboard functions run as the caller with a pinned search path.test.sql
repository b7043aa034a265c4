-- The dashboard functions are SECURITY INVOKER, so the caller's row-level security applies to
-- what they read (shown with the reader role in tests/pgtap/security/); they pin search_path to
-- the schemas nobody but the package's owner can create in, so a function planted in the
-- application's schema never runs as the reader.
BEGIN;
SELECT plan(2);

CREATE TEMP TABLE dashboard_functions AS
SELECT p.* FROM pg_proc p
 WHERE (p.pronamespace = current_schema()::regnamespace AND p.proname IN ('calls_dashboard_list', 'calls_dashboard_detail', 'call_analytics', 'quarantine_summary', 'call_report'))
    OR (p.pronamespace = 'golden_record'::regnamespace AND p.proname IN ('_dashboard_cursor_encode', '_dashboard_cursor_decode', '_dashboard_text_list', '_org_time_zone', '_require_org_and_period'));

SELECT is(
  (SELECT array_agg(proname::text ORDER BY proname) FROM dashboard_functions WHERE NOT prosecdef),
  ARRAY['_dashboard_cursor_decode', '_dashboard_cursor_encode', '_dashboard_text_list', '_org_time_zone', '_require_org_and_period',
        'call_analytics', 'call_report', 'calls_dashboard_detail', 'calls_dashboard_list', 'quarantine_summary'],
  'every dashboard function is SECURITY INVOKER'
);
SELECT is(
  (SELECT count(*)::int FROM dashboard_functions
    WHERE 'search_path=pg_catalog, golden_record, pg_temp' = ANY (proconfig)),
  10, 'every dashboard function pins search_path to pg_catalog, golden_record, pg_temp'
);

SELECT * FROM finish();
ROLLBACK;
