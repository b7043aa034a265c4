BEGIN;
SELECT plan(5);

CREATE TEMP TABLE first AS SELECT ingest_vapi_call_object($${"id": "call-live", "type": "webCall", "status": "ringing",
  "createdAt": "2026-11-20T11:00:00.000Z", "cost": 0, "costBreakdown": {"total": 0}}$$::jsonb, '00000000-0000-0000-0000-0000000000a1') AS r;
SELECT is((SELECT r->>'status' FROM first), 'ingested', 'a Call still ringing creates the row');
SELECT is((SELECT (status, direction, cost_cents, created_at) FROM calls WHERE vapi_call_id = 'call-live'),
  ('ringing'::text, 'web'::text, NULL::integer, '2026-11-20T11:00:00Z'::timestamptz),
  'with its status and identity, and no cost: a running call''s 0 is not a cost');

SELECT ingest_vapi_call_object($${"id": "call-live", "status": "in-progress"}$$::jsonb, '00000000-0000-0000-0000-0000000000a1');
SELECT is((SELECT status FROM calls WHERE vapi_call_id = 'call-live'), 'in-progress', 'a later status advances it');

SELECT ingest_vapi_call($${"message": {"type": "end-of-call-report", "cost": 0.09, "call": {"id": "call-live"}}}$$::jsonb,
  '00000000-0000-0000-0000-0000000000a1');
CREATE TEMP TABLE stale AS SELECT ingest_vapi_call_object($${"id": "call-live", "status": "queued"}$$::jsonb, '00000000-0000-0000-0000-0000000000a1') AS r;
SELECT is((SELECT r->>'status' FROM stale), 'duplicate', 'an earlier status after the report changes nothing');
SELECT is((SELECT (status, cost_cents) FROM calls WHERE vapi_call_id = 'call-live'), ('ended'::text, 9), 'status never moves backwards');

SELECT * FROM finish();
ROLLBACK;
