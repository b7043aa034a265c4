-- Linking costs a trigger call per call row written; it runs only when the row can have
-- appointments to link: a call with a Vapi id is new (bookings name it), or a call that has
-- ended with a contact or a number changes its window (the fallback). A status-update, a
-- redelivered report or a late status-update of a known call runs nothing. Counted with
-- track_functions (this transaction's own calls of the trigger function).
BEGIN;
SELECT plan(6);
SET LOCAL track_functions = 'pl';

CREATE TEMP VIEW linking_runs AS
  SELECT coalesce(sum(calls), 0)::int AS n FROM pg_stat_xact_user_functions WHERE funcname = 'tg_calls__link_appointments';

INSERT INTO calls (id, org_id, status)
VALUES ('ca000000-0000-0000-0000-000000000009', 'aaaaaaaa-0000-0000-0000-000000000001', 'in-progress');
SELECT is((SELECT n FROM linking_runs), 0, 'a call with neither a Vapi id nor an end runs no linking');

-- A status-update creates the call: a booking may already name its Vapi id.
INSERT INTO calls (id, org_id, vapi_call_id, phone_number, started_at, status)
VALUES ('ca000000-0000-0000-0000-000000000001', 'aaaaaaaa-0000-0000-0000-000000000001', 'vapi-when',
        '+15550100001', '2024-05-01 10:00:00+00', 'in-progress');
SELECT is((SELECT n FROM linking_runs), 1, 'a new call with a Vapi id is linked');

-- Another status-update of the same call changes nothing linking reads.
UPDATE calls SET status = 'in-progress', updated_at = now() WHERE id = 'ca000000-0000-0000-0000-000000000001';
SELECT is((SELECT n FROM linking_runs), 1, 'a status-update of a known call runs no linking');

-- The report ends the call: the fallback may now find a booking.
UPDATE calls SET ended_at = '2024-05-01 10:05:00+00', status = 'ended' WHERE id = 'ca000000-0000-0000-0000-000000000001';
SELECT is((SELECT n FROM linking_runs), 2, 'the end of a call with a number runs the fallback');

-- A redelivered report and a late status-update: the same end, the same number.
UPDATE calls SET summary = 'again', status = 'ended' WHERE id = 'ca000000-0000-0000-0000-000000000001';
SELECT is((SELECT n FROM linking_runs), 2, 'a redelivery of an ended call runs no linking');

-- The legacy backfill defers linking for its own writes (it links once, in its last step).
SET LOCAL golden_record.linking = 'deferred';
UPDATE calls SET vapi_call_id = 'vapi-when-2' WHERE id = 'ca000000-0000-0000-0000-000000000009';
SELECT is((SELECT n FROM linking_runs), 2, 'a write with linking deferred runs no linking');

SELECT * FROM finish();
ROLLBACK;
