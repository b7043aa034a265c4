BEGIN;
SELECT plan(15);

-- Org A, period [2025-01-01, 2025-01-04) UTC:
--   c1 01-01 10:00  answered  100 cents  customer-ended-call      {checkAvailability,bookAppointment}  booked
--   c2 01-02 03:00  answered   50 cents  customer-ended-call      {checkAvailability}
--   c3 01-02 09:00  no answer   0 cents  customer-did-not-answer   {}
--   c4 01-02 15:00  answered  no cost    assistant-ended-call     {bookAppointment}                    booked
--   c5 01-03 23:30  answered   33 cents  customer-ended-call      {transferCall}
-- Outside: one just before, one exactly at `to` (exclusive), and org B's call in the period.
INSERT INTO calls (id, org_id, vapi_call_id, started_at, cost_cents, ended_reason, tools_used, created_at) VALUES
  ('ca000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-00000000000a', 'c1', '2025-01-01 10:00+00', 100, 'customer-ended-call', '{checkAvailability,bookAppointment}', '2025-01-01 10:00+00'),
  ('ca000000-0000-0000-0000-000000000002', 'a0000000-0000-0000-0000-00000000000a', 'c2', '2025-01-02 03:00+00', 50, 'customer-ended-call', '{checkAvailability}', '2025-01-02 03:00+00'),
  ('ca000000-0000-0000-0000-000000000003', 'a0000000-0000-0000-0000-00000000000a', 'c3', NULL, 0, 'customer-did-not-answer', '{}', '2025-01-02 09:00+00'),
  ('ca000000-0000-0000-0000-000000000004', 'a0000000-0000-0000-0000-00000000000a', 'c4', '2025-01-02 15:00+00', NULL, 'assistant-ended-call', '{bookAppointment}', '2025-01-02 15:00+00'),
  ('ca000000-0000-0000-0000-000000000005', 'a0000000-0000-0000-0000-00000000000a', 'c5', '2025-01-03 23:30+00', 33, 'customer-ended-call', '{transferCall}', '2025-01-03 23:30+00'),
  ('ca000000-0000-0000-0000-000000000006', 'a0000000-0000-0000-0000-00000000000a', 'before', '2024-12-31 23:59:59+00', 999, 'voicemail', '{bookAppointment}', '2024-12-31 23:59:59.999999+00'),
  ('ca000000-0000-0000-0000-000000000007', 'a0000000-0000-0000-0000-00000000000a', 'at-to', '2025-01-04 00:00+00', 999, 'voicemail', '{bookAppointment}', '2025-01-04 00:00+00'),
  ('cb000000-0000-0000-0000-000000000001', 'b0000000-0000-0000-0000-00000000000b', 'other-org', '2025-01-02 12:00+00', 500, 'voicemail', '{bookAppointment}', '2025-01-02 12:00+00');
INSERT INTO appointments (id, org_id, scheduled_at, status, call_id, vapi_call_id) VALUES
  ('a1000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-00000000000a', '2025-01-20 09:00+00', 'confirmed', 'ca000000-0000-0000-0000-000000000001', 'c1'),
  ('a1000000-0000-0000-0000-000000000011', 'a0000000-0000-0000-0000-00000000000a', '2025-01-27 09:00+00', 'confirmed', 'ca000000-0000-0000-0000-000000000001', 'c1'),
  ('a1000000-0000-0000-0000-000000000004', 'a0000000-0000-0000-0000-00000000000a', '2025-01-21 09:00+00', 'confirmed', 'ca000000-0000-0000-0000-000000000004', 'c4'),
  ('a1000000-0000-0000-0000-0000000000b1', 'b0000000-0000-0000-0000-00000000000b', '2025-01-21 09:00+00', 'confirmed', 'cb000000-0000-0000-0000-000000000001', 'other-org');
UPDATE calls SET appointment_id = 'a1000000-0000-0000-0000-000000000001' WHERE id = 'ca000000-0000-0000-0000-000000000001';
UPDATE calls SET appointment_id = 'a1000000-0000-0000-0000-000000000004' WHERE id = 'ca000000-0000-0000-0000-000000000004';
UPDATE calls SET appointment_id = 'a1000000-0000-0000-0000-0000000000b1' WHERE id = 'cb000000-0000-0000-0000-000000000001';

CREATE TEMP TABLE utc AS
SELECT call_analytics('a0000000-0000-0000-0000-00000000000a', '2025-01-01 00:00+00', '2025-01-04 00:00+00') AS a;

SELECT is(
  (SELECT a - ARRAY['ended_reasons', 'tools', 'daily', 'cost_by_component', 'cost_by_component_daily'] FROM utc),
  jsonb_build_object(
    'org_id', 'a0000000-0000-0000-0000-00000000000a', 'from', '2025-01-01 00:00+00'::timestamptz, 'to', '2025-01-04 00:00+00'::timestamptz,
    'time_zone', 'UTC',
    'total_calls', 5, 'answered_calls', 4,
    'total_cost_cents', 183, 'calls_with_cost', 4, 'calls_without_cost', 1, 'avg_cost_cents', 45.75,
    'appointments_booked', 2, 'conversion_rate', 0.4, 'cost_per_booked_appointment_cents', 91.5),
  'totals: 5 calls, 4 answered, 183 cents over 4 known costs (45.75 average), 2 booked (a call that booked twice counts once), 40%, 91.50 per booking'
);
SELECT is((SELECT a -> 'ended_reasons' FROM utc), '[
  {"ended_reason": "customer-ended-call", "calls": 3},
  {"ended_reason": "assistant-ended-call", "calls": 1},
  {"ended_reason": "customer-did-not-answer", "calls": 1}]'::jsonb,
  'ended reasons, most frequent first'
);
SELECT is((SELECT a -> 'tools' FROM utc), '[
  {"tool": "bookAppointment", "calls": 2, "booked": 2, "booking_rate": 1},
  {"tool": "checkAvailability", "calls": 2, "booked": 1, "booking_rate": 0.5},
  {"tool": "transferCall", "calls": 1, "booked": 0, "booking_rate": 0}]'::jsonb,
  'each tool: the calls that used it, those that booked, and the booking rate'
);
SELECT is((SELECT a -> 'daily' FROM utc), '[
  {"date": "2025-01-01", "calls": 1, "answered_calls": 1, "cost_cents": 100, "appointments_booked": 1},
  {"date": "2025-01-02", "calls": 3, "answered_calls": 2, "cost_cents": 50, "appointments_booked": 1},
  {"date": "2025-01-03", "calls": 1, "answered_calls": 1, "cost_cents": 33, "appointments_booked": 0}]'::jsonb,
  'the daily series by UTC day when the org has no time zone'
);
SELECT is((SELECT (a ->> 'conversion_rate')::numeric FROM utc), 0.4000, 'conversion is a fraction with 4 decimals');
SELECT is((SELECT jsonb_typeof(a -> 'total_cost_cents') FROM utc), 'number', 'cents are numbers, not strings');

-- The org's time zone moves c2 (03:00 UTC = 22:00 the day before in New York) and adds the
-- local day the period starts on.
INSERT INTO org_settings (org_id, time_zone) VALUES ('a0000000-0000-0000-0000-00000000000a', 'America/New_York');
CREATE TEMP TABLE new_york AS
SELECT call_analytics('a0000000-0000-0000-0000-00000000000a', '2025-01-01 00:00+00', '2025-01-04 00:00+00') AS a;
SELECT is((SELECT a ->> 'time_zone' FROM new_york), 'America/New_York', 'the org''s time zone is used');
SELECT is((SELECT a -> 'daily' FROM new_york), '[
  {"date": "2024-12-31", "calls": 0, "answered_calls": 0, "cost_cents": 0, "appointments_booked": 0},
  {"date": "2025-01-01", "calls": 2, "answered_calls": 2, "cost_cents": 150, "appointments_booked": 1},
  {"date": "2025-01-02", "calls": 2, "answered_calls": 1, "cost_cents": 0, "appointments_booked": 1},
  {"date": "2025-01-03", "calls": 1, "answered_calls": 1, "cost_cents": 33, "appointments_booked": 0}]'::jsonb,
  'the daily series by local day, days without calls included'
);
SELECT is((SELECT a - 'daily' - 'time_zone' FROM new_york), (SELECT a - 'daily' - 'time_zone' FROM utc),
  'the time zone changes only the daily series');

-- Daylight saving: New York is UTC-4 from 2025-03-09, so 04:30 UTC on 03-10 is 00:30 local on 03-10.
INSERT INTO org_settings (org_id, time_zone) VALUES ('d0000000-0000-0000-0000-00000000000d', 'America/New_York');
INSERT INTO calls (org_id, vapi_call_id, started_at, cost_cents, created_at) VALUES
  ('d0000000-0000-0000-0000-00000000000d', 'dst', '2025-03-10 04:30+00', 7, '2025-03-10 04:30+00');
SELECT is(
  call_analytics('d0000000-0000-0000-0000-00000000000d', '2025-03-09 05:00+00', '2025-03-11 04:00+00') -> 'daily',
  '[{"date": "2025-03-09", "calls": 0, "answered_calls": 0, "cost_cents": 0, "appointments_booked": 0},
    {"date": "2025-03-10", "calls": 1, "answered_calls": 1, "cost_cents": 7, "appointments_booked": 0}]'::jsonb,
  'local days follow daylight saving time (the 23-hour day ends at 04:00 UTC)'
);

-- No bookings: nothing divides by zero.
SELECT is(
  call_analytics('a0000000-0000-0000-0000-00000000000a', '2025-01-03 00:00+00', '2025-01-04 00:00+00')
    -> 'cost_per_booked_appointment_cents', 'null'::jsonb,
  'without bookings the cost per booking is null'
);

-- The empty case: an org without calls.
CREATE TEMP TABLE empty AS
SELECT call_analytics('e0000000-0000-0000-0000-00000000000e', '2025-01-01 00:00+00', '2025-01-03 00:00+00') AS a;
SELECT is(
  (SELECT a - ARRAY['org_id', 'from', 'to', 'daily'] FROM empty),
  '{"time_zone": "UTC", "total_calls": 0, "answered_calls": 0, "total_cost_cents": 0, "calls_with_cost": 0,
    "calls_without_cost": 0, "avg_cost_cents": null, "appointments_booked": 0, "conversion_rate": null,
    "cost_per_booked_appointment_cents": null, "ended_reasons": [], "tools": [],
    "cost_by_component": [], "cost_by_component_daily": []}'::jsonb,
  'no calls: zeros, and null for every ratio'
);
SELECT is((SELECT a -> 'daily' FROM empty), '[
  {"date": "2025-01-01", "calls": 0, "answered_calls": 0, "cost_cents": 0, "appointments_booked": 0},
  {"date": "2025-01-02", "calls": 0, "answered_calls": 0, "cost_cents": 0, "appointments_booked": 0}]'::jsonb,
  'no calls: a daily series of zeros'
);
SELECT is(
  call_analytics('a0000000-0000-0000-0000-00000000000a', '2025-01-01 00:00+00', '2025-01-01 00:00:00.000001+00') -> 'daily',
  '[{"date": "2024-12-31", "calls": 0, "answered_calls": 0, "cost_cents": 0, "appointments_booked": 0}]'::jsonb,
  'a period of one microsecond is one local day'
);

-- Defaults: the last 30 days.
INSERT INTO calls (org_id, vapi_call_id, created_at) VALUES ('a0000000-0000-0000-0000-00000000000a', 'recent', now() - interval '1 day');
SELECT is((call_analytics('a0000000-0000-0000-0000-00000000000a') ->> 'total_calls')::int, 1, 'by default the last 30 days');

SELECT * FROM finish();
ROLLBACK;
