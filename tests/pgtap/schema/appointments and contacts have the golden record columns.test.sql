BEGIN;
SELECT plan(22);

SELECT has_table('appointments');
SELECT col_is_pk('appointments', 'id');
SELECT col_not_null('appointments', 'org_id');
SELECT fk_ok('appointments', 'contact_id', 'contacts', 'id');
SELECT col_type_is('appointments', 'scheduled_at', 'timestamp with time zone');
SELECT has_column('appointments', 'status');
SELECT has_column('appointments', 'service_type');
SELECT col_type_is('appointments', 'duration_minutes', 'integer');
SELECT col_type_is('appointments', 'calendar_event_id', 'text');
SELECT col_type_is('appointments', 'created_at', 'timestamp with time zone');
SELECT fk_ok('appointments', 'call_id', 'calls', 'id');
SELECT col_type_is('appointments', 'vapi_call_id', 'text');

SELECT has_table('contacts');
SELECT col_is_pk('contacts', 'id');
SELECT col_not_null('contacts', 'org_id');
SELECT col_type_is('contacts', 'phone_number', 'text');
SELECT col_type_is('contacts', 'name', 'text');

-- Deleting either side of a link leaves no dangling reference.
SELECT is(
  (SELECT confdeltype::text FROM pg_constraint WHERE conname = 'calls_appointment_id_fkey'),
  'n', 'deleting an appointment sets calls.appointment_id to NULL'
);
SELECT is(
  (SELECT confdeltype::text FROM pg_constraint WHERE conname = 'appointments_call_id_fkey'),
  'n', 'deleting a call sets appointments.call_id to NULL'
);
SELECT is(
  (SELECT confdeltype::text FROM pg_constraint WHERE conname = 'calls_contact_id_fkey'),
  'n', 'deleting a contact sets calls.contact_id to NULL'
);
SELECT ok(
  (SELECT bool_and(convalidated) FROM pg_constraint
    WHERE conname IN ('calls_appointment_id_fkey', 'appointments_call_id_fkey')),
  'the link foreign keys, added NOT VALID, have been validated'
);
SELECT throws_ok(
  $$INSERT INTO contacts (org_id, phone_number, name) VALUES
      ('00000000-0000-0000-0000-0000000000a1', '+15550001111', 'A'),
      ('00000000-0000-0000-0000-0000000000a1', '+15550001111', 'B')$$,
  '23505', NULL, 'two contacts of one org cannot share a phone number'
);

SELECT * FROM finish();
ROLLBACK;
