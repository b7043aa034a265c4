BEGIN;
SELECT plan(6);

-- A DBA replays last spring's export: each call must sort and count on its own day, not on
-- the day of the import (created_at drives the dashboard's order and the analytics' days).
SELECT is(
  ingest_vapi_call($${"message": {"type": "end-of-call-report", "timestamp": 1741255331000, "cost": 0.1,
     "startedAt": "2025-03-06T10:00:04Z", "endedAt": "2025-03-06T10:02:12Z",
     "call": {"id": "call-replayed", "createdAt": "2025-03-06T10:00:00Z", "type": "inboundPhoneCall"}}}$$,
    '00000000-0000-0000-0000-0000000000a1')->>'status',
  'ingested', 'an old end-of-call-report is ingested');
SELECT is((SELECT created_at FROM calls WHERE vapi_call_id = 'call-replayed'), '2025-03-06 10:00:00+00'::timestamptz,
  'created_at is call.createdAt');

-- Without call.createdAt, the start stands in; a later delivery with an earlier time moves it
-- back, so the result does not depend on the order of the deliveries.
SELECT ingest_vapi_call($${"message": {"type": "end-of-call-report", "timestamp": 1741255331000,
     "startedAt": "2025-03-07T09:00:00Z", "endedAt": "2025-03-07T09:05:00Z", "call": {"id": "call-started"}}}$$,
  '00000000-0000-0000-0000-0000000000a1');
SELECT is((SELECT created_at FROM calls WHERE vapi_call_id = 'call-started'), '2025-03-07 09:00:00+00'::timestamptz,
  'without call.createdAt, created_at is the start');
SELECT is(
  ingest_vapi_call($${"message": {"type": "status-update", "status": "in-progress",
     "call": {"id": "call-started", "createdAt": "2025-03-07T08:59:58Z"}}}$$, '00000000-0000-0000-0000-0000000000a1')->>'status',
  'updated', 'a delivery with an earlier creation time updates the row');
SELECT is((SELECT created_at FROM calls WHERE vapi_call_id = 'call-started'), '2025-03-07 08:59:58+00'::timestamptz,
  'created_at is the earliest time any delivery gave');

-- A delivery with no time at all is filed when it arrives.
SELECT ingest_vapi_call($${"message": {"type": "status-update", "status": "ringing", "call": {"id": "call-untimed"}}}$$,
  '00000000-0000-0000-0000-0000000000a1');
SELECT is((SELECT created_at FROM calls WHERE vapi_call_id = 'call-untimed'), now(), 'no time anywhere: the time of ingest');

SELECT * FROM finish();
ROLLBACK;
