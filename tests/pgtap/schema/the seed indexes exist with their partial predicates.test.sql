BEGIN;
SELECT plan(10);

SELECT has_index('calls', 'idx_calls_appointment_id', ARRAY['appointment_id']);
SELECT is(
  (SELECT pg_get_expr(indpred, indrelid) FROM pg_index WHERE indexrelid = 'idx_calls_appointment_id'::regclass),
  '(appointment_id IS NOT NULL)',
  'idx_calls_appointment_id covers linked calls only'
);
SELECT has_index('calls', 'idx_calls_cost', ARRAY['cost_cents']);
SELECT is(
  (SELECT pg_get_expr(indpred, indrelid) FROM pg_index WHERE indexrelid = 'idx_calls_cost'::regclass),
  '(cost_cents > 0)',
  'idx_calls_cost covers calls that cost something only'
);
SELECT has_index('appointments', 'idx_appointments_call_id', ARRAY['call_id']);
SELECT has_index('appointments', 'idx_appointments_vapi_call_id', ARRAY['vapi_call_id']);
SELECT ok(
  (SELECT bool_and(indisvalid) FROM pg_index WHERE indexrelid IN (
     'idx_calls_appointment_id'::regclass, 'idx_calls_cost'::regclass,
     'idx_appointments_call_id'::regclass, 'idx_appointments_vapi_call_id'::regclass)),
  'the concurrently built seed indexes are valid'
);
SELECT index_is_unique('calls', 'calls_vapi_call_id_key');
SELECT index_is_unique('contacts', 'contacts_org_id_phone_number_key');
SELECT is(
  (SELECT array_agg(a.attname::text ORDER BY k.ord)
     FROM pg_index i, unnest(i.indkey) WITH ORDINALITY k(attnum, ord)
     JOIN pg_attribute a ON a.attrelid = 'contacts'::regclass AND a.attnum = k.attnum
    WHERE i.indexrelid = 'contacts_org_id_phone_number_key'::regclass),
  ARRAY['org_id', 'phone_number'],
  'a contact is unique per org and phone number'
);

SELECT * FROM finish();
ROLLBACK;
