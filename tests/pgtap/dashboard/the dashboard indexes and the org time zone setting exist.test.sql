BEGIN;
SELECT plan(9);

SELECT has_index('calls', 'idx_calls_org_created_at', 'keyset pagination per org has its index');
SELECT is(
  (SELECT indexdef FROM pg_indexes WHERE indexname = 'idx_calls_org_created_at'),
  format('CREATE INDEX idx_calls_org_created_at ON %I.calls USING btree (org_id, created_at DESC, id DESC) INCLUDE (started_at, cost_cents, appointment_id, ended_reason, tools_used)', current_schema()),
  'newest first with the id tie-break, covering what call_analytics reads'
);
SELECT is(
  (SELECT indexdef FROM pg_indexes WHERE indexname = 'idx_calls_org_booked_created_at'),
  format('CREATE INDEX idx_calls_org_booked_created_at ON %I.calls USING btree (org_id, created_at DESC, id DESC) WHERE (appointment_id IS NOT NULL)', current_schema()),
  'booked calls have their own keyset index'
);
SELECT is(
  (SELECT indexdef FROM pg_indexes WHERE indexname = 'idx_calls_org_phone_number'),
  format('CREATE INDEX idx_calls_org_phone_number ON %I.calls USING btree (org_id, phone_number COLLATE "C", created_at DESC, id DESC)', current_schema()),
  'a number search is a byte-order range of phone numbers per org'
);

SELECT has_table('org_settings');
SELECT col_is_pk('org_settings', 'org_id');
SELECT lives_ok(
  $$INSERT INTO org_settings (org_id, time_zone) VALUES ('a0000000-0000-0000-0000-00000000000a', 'Europe/Paris')$$,
  'an IANA time zone is accepted'
);
SELECT lives_ok(
  $$INSERT INTO org_settings (org_id, time_zone) VALUES ('a0000000-0000-0000-0000-00000000000b', NULL)$$,
  'no time zone means UTC'
);
SELECT throws_ok(
  $$INSERT INTO org_settings (org_id, time_zone) VALUES ('a0000000-0000-0000-0000-00000000000c', 'Mars/Olympus_Mons')$$,
  '22023', NULL, 'an unknown time zone is rejected when written'
);

SELECT * FROM finish();
ROLLBACK;
