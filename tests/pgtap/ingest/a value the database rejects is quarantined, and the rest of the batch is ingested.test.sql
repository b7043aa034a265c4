BEGIN;
SELECT plan(6);

-- A rule of this database (as a legacy schema might have) that some deliveries break.
ALTER TABLE calls ADD CONSTRAINT test_cost_below_ten_dollars CHECK (cost_cents < 1000);

CREATE TEMP TABLE single AS
SELECT ingest_vapi_call($${"message": {"type": "end-of-call-report", "cost": 25, "call": {"id": "call-rejected-single"}}}$$::jsonb,
                        '00000000-0000-0000-0000-0000000000a1') AS result;
CREATE TEMP TABLE bulk AS
SELECT * FROM ingest_vapi_calls(ARRAY[
  '{"message": {"type": "end-of-call-report", "cost": 0.5, "call": {"id": "call-ok-1"}}}',
  '{"message": {"type": "end-of-call-report", "cost": 99, "call": {"id": "call-rejected-bulk"}}}',
  '{"message": {"type": "status-update", "status": "ringing", "call": {"id": "call-ok-2"}}}'
]::jsonb[], '00000000-0000-0000-0000-0000000000a1');

SELECT is((SELECT (result->>'status', result->>'reason') FROM single), ('quarantined'::text, 'rejected'::text),
  'a single delivery the database refuses is quarantined as rejected, not raised');
SELECT ok((SELECT detail FROM vapi_quarantine WHERE vapi_call_id = 'call-rejected-single') LIKE '%test_cost_below_ten_dollars%(SQLSTATE 23514)',
  'the detail carries the database''s message');
SELECT is((SELECT array_agg(status ORDER BY ord) FROM bulk), ARRAY['ingested', 'quarantined', 'ingested'],
  'in a batch, only the refused delivery is quarantined');
SELECT is((SELECT reason FROM bulk WHERE ord = 2), 'rejected', 'with reason rejected');
SELECT is((SELECT array_agg(vapi_call_id ORDER BY vapi_call_id) FROM calls), ARRAY['call-ok-1', 'call-ok-2'], 'the others are ingested');
SELECT is((SELECT count(*)::integer FROM vapi_events) + (SELECT count(*)::integer FROM vapi_quarantine), 4, 'still one stored row per delivery');

SELECT * FROM finish();
ROLLBACK;
