BEGIN;
SELECT plan(12);

-- A legacy table of its own, with the trigger as the upgrade installs it on calls.
CREATE TABLE legacy_twins (
  id integer PRIMARY KEY,
  call_direction text NOT NULL,
  direction text,
  start_time timestamptz,
  started_at timestamptz
);
CREATE TRIGGER _sync_legacy_twins BEFORE INSERT OR UPDATE ON legacy_twins FOR EACH ROW
  EXECUTE FUNCTION golden_record._sync_legacy_twins('call_direction', 'direction', 'not null default inbound', 'start_time', 'started_at', 'nullable');

INSERT INTO legacy_twins (id, call_direction, start_time) VALUES (1, 'outbound', '2024-05-01 10:00+00');
SELECT is((SELECT direction FROM legacy_twins WHERE id = 1), 'outbound', 'an old-app insert fills the canonical direction');
SELECT is((SELECT started_at FROM legacy_twins WHERE id = 1), '2024-05-01 10:00+00'::timestamptz, 'and started_at');

INSERT INTO legacy_twins (id, direction, started_at) VALUES (2, 'web', '2024-05-02 10:00+00');
SELECT is((SELECT call_direction FROM legacy_twins WHERE id = 2), 'web', 'a canonical insert fills the NOT NULL legacy column');
SELECT is((SELECT start_time FROM legacy_twins WHERE id = 2), '2024-05-02 10:00+00'::timestamptz, 'and start_time');

INSERT INTO legacy_twins (id) VALUES (3);
SELECT is((SELECT ARRAY[call_direction, direction] FROM legacy_twins WHERE id = 3), ARRAY['inbound', NULL],
  'with neither, the NOT NULL legacy column gets its default and the canonical one stays unknown');

UPDATE legacy_twins SET call_direction = 'inbound' WHERE id = 1;
SELECT is((SELECT direction FROM legacy_twins WHERE id = 1), 'inbound', 'an old-app update reaches the canonical column');

UPDATE legacy_twins SET direction = 'outbound' WHERE id = 1;
SELECT is((SELECT call_direction FROM legacy_twins WHERE id = 1), 'outbound', 'a canonical update reaches the legacy column');

UPDATE legacy_twins SET direction = NULL WHERE id = 1;
SELECT is((SELECT call_direction FROM legacy_twins WHERE id = 1), 'outbound', 'a NULL is never copied into a NOT NULL legacy column');

UPDATE legacy_twins SET started_at = NULL WHERE id = 2;
SELECT is((SELECT start_time FROM legacy_twins WHERE id = 2), NULL::timestamptz, 'a NULL reaches a nullable legacy column');

UPDATE legacy_twins SET call_direction = 'inbound', direction = 'outbound' WHERE id = 2;
SELECT is((SELECT ARRAY[call_direction, direction] FROM legacy_twins WHERE id = 2), ARRAY['outbound', 'outbound'], 'when both change, the canonical value wins');

INSERT INTO legacy_twins (id, call_direction, direction) VALUES (4, 'inbound', 'outbound');
SELECT is((SELECT call_direction FROM legacy_twins WHERE id = 4), 'outbound', 'on insert a canonical value given on purpose wins');

UPDATE legacy_twins SET start_time = '2024-06-01 08:00+00' WHERE id = 3;
SELECT is((SELECT started_at FROM legacy_twins WHERE id = 3), '2024-06-01 08:00+00'::timestamptz, 'a later old-app update fills the canonical time');

SELECT * FROM finish();
ROLLBACK;
