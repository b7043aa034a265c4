-- The dashboard functions are SECURITY INVOKER, so the caller's row-level security applies to
-- what they read (shown with the reader role in tests/pgtap/security/); they pin search_path.
BEGIN;
SELECT plan(2);

SELECT is(
  (SELECT array_agg(proname::text ORDER BY proname) FROM pg_proc
    WHERE pronamespace = current_schema()::regnamespace
      AND proname IN ('calls_dashboard_list', 'calls_dashboard_detail', 'call_analytics', '_dashboard_cursor_encode',
                      '_dashboard_cursor_decode', '_dashboard_text_list', '_org_time_zone', 'quarantine_summary', 'call_report')
      AND NOT prosecdef),
  ARRAY['_dashboard_cursor_decode', '_dashboard_cursor_encode', '_dashboard_text_list', '_org_time_zone',
        'call_analytics', 'call_report', 'calls_dashboard_detail', 'calls_dashboard_list', 'quarantine_summary'],
  'every dashboard function is SECURITY INVOKER'
);
SELECT is(
  (SELECT count(*)::int FROM pg_proc
    WHERE pronamespace = current_schema()::regnamespace
      AND proname IN ('calls_dashboard_list', 'calls_dashboard_detail', 'call_analytics', '_dashboard_cursor_encode',
                      '_dashboard_cursor_decode', '_dashboard_text_list', '_org_time_zone', 'quarantine_summary', 'call_report')
      AND EXISTS (SELECT 1 FROM unnest(proconfig) c WHERE c = format('search_path=%I, pg_temp', current_schema()))),
  9, 'every dashboard function pins search_path to the package schema, pg_temp last'
);

SELECT * FROM finish();
ROLLBACK;
