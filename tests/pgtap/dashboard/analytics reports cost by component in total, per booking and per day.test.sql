BEGIN;
SELECT plan(3);

-- Two calls of org A on two days, one of them booked; org B's call the same day.
SELECT ingest_vapi_call($${"message": {"type": "end-of-call-report", "cost": 0.3, "startedAt": "2025-02-01T10:00:00Z", "endedAt": "2025-02-01T10:02:00Z",
  "costs": [{"type": "model", "cost": 0.1}, {"type": "voice", "cost": 0.15}, {"type": "vapi", "subType": "normal", "cost": 0.05}],
  "call": {"id": "cc-1", "createdAt": "2025-02-01T10:00:00Z"}}}$$::jsonb, 'a0000000-0000-0000-0000-00000000000a');
SELECT ingest_vapi_call($${"message": {"type": "end-of-call-report", "cost": 0.125, "startedAt": "2025-02-02T10:00:00Z",
  "costBreakdown": {"llm": 0.025, "tts": 0.05, "vapi": 0.05, "total": 0.125},
  "call": {"id": "cc-2", "createdAt": "2025-02-02T10:00:00Z"}}}$$::jsonb, 'a0000000-0000-0000-0000-00000000000a');
SELECT ingest_vapi_call($${"message": {"type": "end-of-call-report", "cost": 9, "costs": [{"type": "model", "cost": 9}],
  "call": {"id": "cc-b", "createdAt": "2025-02-01T11:00:00Z"}}}$$::jsonb, 'b0000000-0000-0000-0000-00000000000b');
INSERT INTO appointments (org_id, scheduled_at, status, vapi_call_id)
VALUES ('a0000000-0000-0000-0000-00000000000a', '2025-02-10 09:00+00', 'confirmed', 'cc-1');

CREATE TEMP TABLE report AS
SELECT call_analytics('a0000000-0000-0000-0000-00000000000a', '2025-02-01 00:00+00', '2025-02-03 00:00+00') AS a;

SELECT is((SELECT a->'cost_by_component' FROM report), '[
  {"component": "voice", "cost": 0.2, "cost_per_booked_appointment": 0.2},
  {"component": "model", "cost": 0.125, "cost_per_booked_appointment": 0.125},
  {"component": "vapi", "cost": 0.1, "cost_per_booked_appointment": 0.1}]'::jsonb,
  'dollars per component over the period (costs[] and costBreakdown alike), and per booked appointment');
SELECT is((SELECT a->'cost_by_component_daily' FROM report), '[
  {"date": "2025-02-01", "component": "model", "cost": 0.1}, {"date": "2025-02-01", "component": "vapi", "cost": 0.05},
  {"date": "2025-02-01", "component": "voice", "cost": 0.15}, {"date": "2025-02-02", "component": "model", "cost": 0.025},
  {"date": "2025-02-02", "component": "vapi", "cost": 0.05}, {"date": "2025-02-02", "component": "voice", "cost": 0.05}]'::jsonb,
  'and per day');
SELECT is((SELECT a->'total_cost_cents' FROM report), '43'::jsonb, 'the totals are unchanged (30 + 13 cents), org B''s call not counted');

SELECT * FROM finish();
ROLLBACK;
