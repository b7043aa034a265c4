BEGIN;
SELECT plan(24);

SELECT has_table('calls');
SELECT col_is_pk('calls', 'id');
SELECT col_type_is('calls', 'id', 'uuid');
SELECT col_not_null('calls', 'org_id');
SELECT col_type_is('calls', 'org_id', 'uuid');
SELECT col_is_unique('calls', 'vapi_call_id');
SELECT col_type_is('calls', 'direction', 'text');
SELECT col_type_is('calls', 'phone_number', 'text');
SELECT col_type_is('calls', 'caller_name', 'text');
SELECT fk_ok('calls', 'contact_id', 'contacts', 'id');
SELECT col_type_is('calls', 'started_at', 'timestamp with time zone');
SELECT col_type_is('calls', 'ended_at', 'timestamp with time zone');
SELECT col_type_is('calls', 'cost_cents', 'integer');
SELECT col_type_is('calls', 'cost_breakdown', 'jsonb');
SELECT col_type_is('calls', 'ended_reason', 'text');
SELECT col_type_is('calls', 'tools_used', 'text[]');
SELECT col_not_null('calls', 'tools_used');
SELECT col_default_is('calls', 'tools_used', '{}');
SELECT fk_ok('calls', 'appointment_id', 'appointments', 'id');
SELECT col_type_is('calls', 'metadata', 'jsonb');
SELECT has_column('calls', 'recording_url');
SELECT has_column('calls', 'transcript');
SELECT has_column('calls', 'summary');
SELECT throws_ok(
  $$INSERT INTO calls (org_id, direction) VALUES (gen_random_uuid(), 'sideways')$$,
  '23514', NULL, 'direction is inbound, outbound, web or null'
);

SELECT * FROM finish();
ROLLBACK;
