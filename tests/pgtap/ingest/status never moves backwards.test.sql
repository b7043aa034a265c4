BEGIN;
SELECT plan(7);

CREATE TEMP TABLE results (n integer, result jsonb);
INSERT INTO results SELECT 1, ingest_vapi_call($${"message": {"type": "status-update", "status": "ringing", "call": {"id": "call-status-order"}}}$$::jsonb, '00000000-0000-0000-0000-0000000000a1');
INSERT INTO results SELECT 2, ingest_vapi_call($${"message": {"type": "status-update", "status": "queued", "call": {"id": "call-status-order"}}}$$::jsonb, '00000000-0000-0000-0000-0000000000a1');
CREATE TEMP TABLE after_queued AS SELECT status FROM calls WHERE vapi_call_id = 'call-status-order';
INSERT INTO results SELECT 3, ingest_vapi_call($${"message": {"type": "status-update", "status": "in-progress", "call": {"id": "call-status-order"}}}$$::jsonb, '00000000-0000-0000-0000-0000000000a1');
INSERT INTO results SELECT 4, ingest_vapi_call($${"message": {"type": "status-update", "status": "ended", "endedReason": "customer-ended-call", "call": {"id": "call-status-order"}}}$$::jsonb, '00000000-0000-0000-0000-0000000000a1');
INSERT INTO results SELECT 5, ingest_vapi_call($${"message": {"type": "status-update", "status": "forwarding", "call": {"id": "call-status-order"}}}$$::jsonb, '00000000-0000-0000-0000-0000000000a1');
INSERT INTO results SELECT 6, ingest_vapi_call($${"message": {"type": "status-update", "status": "some-new-status", "call": {"id": "call-status-order"}}}$$::jsonb, '00000000-0000-0000-0000-0000000000a1');

SELECT is((SELECT status FROM after_queued), 'ringing', 'queued after ringing does not move the call back');
SELECT is((SELECT result->>'status' FROM results WHERE n = 3), 'updated', 'in-progress after ringing moves it forward');
SELECT is((SELECT result->>'status' FROM results WHERE n = 4), 'updated', 'ended moves it forward');
SELECT is((SELECT result->>'status' FROM results WHERE n = 5), 'duplicate', 'forwarding after ended changes nothing');
SELECT is((SELECT result->>'status' FROM results WHERE n = 6), 'duplicate', 'an unknown status does not replace a known one');
SELECT is((SELECT status FROM calls WHERE vapi_call_id = 'call-status-order'), 'ended', 'an ended call stays ended');
SELECT is((SELECT ended_reason FROM calls WHERE vapi_call_id = 'call-status-order'), 'customer-ended-call', 'the ended status-update brought its reason');

SELECT * FROM finish();
ROLLBACK;
