BEGIN;
SELECT plan(5);

SELECT throws_ok($$SELECT quarantine_summary(NULL, '2025-01-01', '2025-02-01')$$, '22023',
  'quarantine_summary: org_id is required', 'quarantine_summary without an org');
SELECT throws_ok($$SELECT quarantine_summary('a0000000-0000-4000-8000-00000000000a', '2025-02-01', '2025-01-01')$$, '22023', NULL,
  'quarantine_summary with from after to');
SELECT throws_ok($$SELECT quarantine_summary('a0000000-0000-4000-8000-00000000000a', '-infinity', '2025-01-01')$$, '22023', NULL,
  'quarantine_summary with an infinite bound');
SELECT throws_ok($$SELECT call_report('a0000000-0000-4000-8000-00000000000a', '2025-01-01', '2025-01-01')$$, '22023', NULL,
  'call_report with an empty period (call_analytics refuses it)');
SELECT throws_ok($$SELECT call_report(NULL, '2025-01-01', '2025-02-01')$$, '22023', NULL,
  'call_report without an org');

SELECT * FROM finish();
ROLLBACK;
