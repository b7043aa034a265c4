BEGIN;
SELECT plan(12);

SELECT has_table('vapi_events');
SELECT col_not_null('vapi_events', 'payload');
SELECT col_type_is('vapi_events', 'payload', 'jsonb');
SELECT col_not_null('vapi_events', 'outcome');
SELECT throws_ok(
  $$INSERT INTO vapi_events (org_id, outcome, payload) VALUES (gen_random_uuid(), 'quarantined', '{}')$$,
  '23514', NULL, 'quarantined deliveries do not go to the event store'
);

SELECT has_table('vapi_quarantine');
SELECT col_not_null('vapi_quarantine', 'reason');
SELECT col_type_is('vapi_quarantine', 'payload_text', 'text');
SELECT lives_ok(
  $$INSERT INTO vapi_quarantine (reason, payload_text) VALUES ('invalid_json', '{"message": ')$$,
  'a body that is not JSON is kept as text'
);
SELECT throws_ok(
  $$INSERT INTO vapi_quarantine (reason) VALUES ('no_body')$$,
  '23514', NULL, 'a quarantine row always holds the body'
);

SELECT has_table('vapi_org_mappings');
SELECT col_is_pk('vapi_org_mappings', ARRAY['vapi_id_kind', 'vapi_id']);

SELECT * FROM finish();
ROLLBACK;
