BEGIN;
SELECT plan(31);

INSERT INTO calls (org_id, vapi_call_id, created_at)
SELECT 'a0000000-0000-0000-0000-00000000000a', 'err-' || i, '2025-03-01 12:00:00+00' FROM generate_series(1, 3) i;

-- Cursors: anything calls_dashboard_list did not make.
SELECT throws_ok(
  $$SELECT calls_dashboard_list('a0000000-0000-0000-0000-00000000000a', '{}', 10, 'not a cursor!')$$,
  '22023', 'invalid cursor: pass the next_cursor of a previous page unchanged', 'a cursor that is not base64'
);
SELECT throws_ok(
  $$SELECT calls_dashboard_list('a0000000-0000-0000-0000-00000000000a', '{}', 10, 'aGVsbG8')$$,
  '22023', NULL, 'base64 that is not JSON'
);
SELECT throws_ok(
  format($$SELECT calls_dashboard_list('a0000000-0000-0000-0000-00000000000a', '{}', 10, %L)$$,
         rtrim(translate(encode(convert_to('[1, 2, 3]', 'UTF8'), 'base64'), '+/', '-_'), '=')),
  '22023', NULL, 'JSON of the wrong shape'
);
SELECT throws_ok(
  format($$SELECT calls_dashboard_list('a0000000-0000-0000-0000-00000000000a', '{}', 10, %L)$$,
         rtrim(translate(encode(convert_to('[1, "not-a-uuid"]', 'UTF8'), 'base64'), '+/', '-_'), '=')),
  '22023', NULL, 'a pair whose id is not a uuid'
);
SELECT throws_ok(
  format($$SELECT calls_dashboard_list('a0000000-0000-0000-0000-00000000000a', '{}', 10, %L)$$,
         rtrim(translate(encode(convert_to('["2025-01-01", "ca000000-0000-0000-0000-000000000001"]', 'UTF8'), 'base64'), '+/', '-_'), '=')),
  '22023', NULL, 'a pair whose time is not the cursor''s'
);
SELECT throws_ok(
  $$SELECT calls_dashboard_list('a0000000-0000-0000-0000-00000000000a', '{}', 10, '')$$,
  '22023', NULL, 'an empty cursor'
);
SELECT lives_ok(
  format($$SELECT calls_dashboard_list('a0000000-0000-0000-0000-00000000000a', '{}', 10, %L)$$,
         calls_dashboard_list('a0000000-0000-0000-0000-00000000000a', '{}', 1) ->> 'next_cursor'),
  'a cursor the function made is accepted'
);

-- Filter keys and values.
SELECT throws_ok(
  $$SELECT calls_dashboard_list('a0000000-0000-0000-0000-00000000000a', '{"colour": "red"}')$$,
  '22023', 'calls_dashboard_list: unknown filter key "colour"', 'an unknown filter key is named'
);
SELECT throws_ok(
  $$SELECT calls_dashboard_list('a0000000-0000-0000-0000-00000000000a', '{"direction": "inbound", "Direction": "web"}')$$,
  '22023', 'calls_dashboard_list: unknown filter key "Direction"', 'keys are case-sensitive'
);
SELECT throws_ok(
  $$SELECT calls_dashboard_list('a0000000-0000-0000-0000-00000000000a', '["direction"]')$$,
  '22023', NULL, 'filters that are not an object'
);
SELECT throws_ok(
  $$SELECT calls_dashboard_list('a0000000-0000-0000-0000-00000000000a', '{"direction": 5}')$$,
  '22023', NULL, 'a direction that is not a string'
);
SELECT throws_ok(
  $$SELECT calls_dashboard_list('a0000000-0000-0000-0000-00000000000a', '{"direction": ["inbound", "sideways"]}')$$,
  '22023', 'calls_dashboard_list: direction must be inbound, outbound or web, got ["inbound", "sideways"]',
  'a direction other than the three'
);
SELECT throws_ok(
  $$SELECT calls_dashboard_list('a0000000-0000-0000-0000-00000000000a', '{"colour": null}')$$,
  '22023', 'calls_dashboard_list: unknown filter key "colour"', 'an unknown key is refused even when null'
);
SELECT throws_ok(
  $$SELECT calls_dashboard_list('a0000000-0000-0000-0000-00000000000a', '{"ended_reason": []}')$$,
  '22023', NULL, 'an empty list of ended reasons'
);
SELECT throws_ok(
  $$SELECT calls_dashboard_list('a0000000-0000-0000-0000-00000000000a', '{"ended_reason": ["voicemail", 3]}')$$,
  '22023', NULL, 'a list with a non-string'
);
SELECT throws_ok(
  $$SELECT calls_dashboard_list('a0000000-0000-0000-0000-00000000000a', '{"has_appointment": "yes"}')$$,
  '22023', 'calls_dashboard_list: invalid value for filter "has_appointment": "yes"', 'has_appointment must be a boolean'
);
SELECT throws_ok(
  $$SELECT calls_dashboard_list('a0000000-0000-0000-0000-00000000000a', '{"from": "last tuesday"}')$$,
  '22023', NULL, 'from must be a timestamp'
);
SELECT throws_ok(
  $$SELECT calls_dashboard_list('a0000000-0000-0000-0000-00000000000a', '{"to": 1735689600}')$$,
  '22023', NULL, 'to must be a timestamp string'
);
SELECT throws_ok(
  $$SELECT calls_dashboard_list('a0000000-0000-0000-0000-00000000000a', '{"min_cost_cents": 1.5}')$$,
  '22023', NULL, 'a cost is whole cents'
);
SELECT throws_ok(
  $$SELECT calls_dashboard_list('a0000000-0000-0000-0000-00000000000a', '{"max_cost_cents": "10"}')$$,
  '22023', NULL, 'a cost is a number'
);
SELECT throws_ok(
  $$SELECT calls_dashboard_list('a0000000-0000-0000-0000-00000000000a', '{"tool": ["bookAppointment"]}')$$,
  '22023', NULL, 'tool is one name'
);
SELECT throws_ok(
  $$SELECT calls_dashboard_list('a0000000-0000-0000-0000-00000000000a', '{"search": "  "}')$$,
  '22023', NULL, 'a blank search'
);

-- Page size and org.
SELECT throws_ok(
  $$SELECT calls_dashboard_list('a0000000-0000-0000-0000-00000000000a', '{}', 0)$$,
  '22023', 'calls_dashboard_list: page_size must be between 1 and 500, got 0', 'a page size of 0'
);
SELECT throws_ok(
  $$SELECT calls_dashboard_list('a0000000-0000-0000-0000-00000000000a', '{}', 501)$$,
  '22023', NULL, 'a page size above 500'
);
SELECT throws_ok(
  $$SELECT calls_dashboard_list('a0000000-0000-0000-0000-00000000000a', '{}', NULL)$$,
  '22023', NULL, 'a NULL page size'
);
SELECT throws_ok(
  $$SELECT calls_dashboard_list(NULL, '{}')$$,
  '22023', NULL, 'a NULL org'
);

-- Analytics periods.
-- Bounded work: a period longer than 400 days is refused before any scan.
SELECT throws_ok(
  $$SELECT call_analytics('a0000000-0000-0000-0000-00000000000a', '0001-01-01', '9999-12-31')$$,
  '22023', NULL, 'call_analytics over 0001..9999 is refused'
);
SELECT lives_ok(
  $$SELECT call_analytics('a0000000-0000-0000-0000-00000000000a', '2024-01-01', '2025-02-04')$$,
  'a period of 400 days is served'
);
SELECT throws_ok(
  $$SELECT call_analytics('a0000000-0000-0000-0000-00000000000a', '2025-02-01', '2025-01-01')$$,
  '22023', NULL, 'from after to'
);
SELECT throws_ok(
  $$SELECT call_analytics('a0000000-0000-0000-0000-00000000000a', NULL, '2025-01-01')$$,
  '22023', NULL, 'a NULL from'
);
SELECT throws_ok(
  $$SELECT call_analytics('a0000000-0000-0000-0000-00000000000a', '-infinity', '2025-01-01')$$,
  '22023', NULL, 'an infinite period'
);

SELECT * FROM finish();
ROLLBACK;
