-- call_report: call_analytics unchanged, the cost per booked appointment per day (periods up
-- to 31 days), week (up to 366) or month, and the ten most frequent ended reasons plus the rest.
BEGIN;
SELECT plan(9);

-- Org A (UTC): booked 2025-01-06 (100 cents) and 2025-01-08 (51), not booked 2025-01-07 (50)
-- and 2025-01-20 (30); booked 2025-02-10, -11, -12 (10, 10, 12 cents).
INSERT INTO calls (id, org_id, vapi_call_id, cost_cents, ended_reason, created_at) VALUES
  ('ca000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-00000000000a', 'r1', 100, 'customer-ended-call', '2025-01-06 10:00+00'),
  ('ca000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-00000000000a', 'r2', 50, 'customer-ended-call', '2025-01-07 10:00+00'),
  ('ca000000-0000-4000-8000-000000000003', 'a0000000-0000-4000-8000-00000000000a', 'r3', 51, 'customer-ended-call', '2025-01-08 10:00+00'),
  ('ca000000-0000-4000-8000-000000000004', 'a0000000-0000-4000-8000-00000000000a', 'r4', 30, 'voicemail', '2025-01-20 10:00+00'),
  ('ca000000-0000-4000-8000-000000000005', 'a0000000-0000-4000-8000-00000000000a', 'r5', 10, 'customer-ended-call', '2025-02-10 10:00+00'),
  ('ca000000-0000-4000-8000-000000000006', 'a0000000-0000-4000-8000-00000000000a', 'r6', 10, 'customer-ended-call', '2025-02-11 10:00+00'),
  ('ca000000-0000-4000-8000-000000000007', 'a0000000-0000-4000-8000-00000000000a', 'r7', 12, 'customer-ended-call', '2025-02-12 10:00+00');
INSERT INTO appointments (id, org_id, scheduled_at, status, call_id, vapi_call_id)
SELECT ('a1000000-0000-4000-8000-00000000000' || n)::uuid, 'a0000000-0000-4000-8000-00000000000a', '2025-03-01 09:00+00', 'confirmed',
       ('ca000000-0000-4000-8000-00000000000' || n)::uuid, 'r' || n
  FROM unnest(ARRAY[1, 3, 5, 6, 7]) n;
UPDATE calls SET appointment_id = ('a1000000-0000-4000-8000-00000000000' || right(vapi_call_id, 1))::uuid
 WHERE org_id = 'a0000000-0000-4000-8000-00000000000a' AND vapi_call_id IN ('r1', 'r3', 'r5', 'r6', 'r7');

-- Org B: twelve ended reasons, reason-01 with 12 calls down to reason-12 with 1.
INSERT INTO calls (org_id, vapi_call_id, ended_reason, created_at)
SELECT 'b0000000-0000-4000-8000-00000000000b', 'b-' || n || '-' || k, 'reason-' || lpad(n::text, 2, '0'), '2025-01-06 10:00+00'
  FROM generate_series(1, 12) n, generate_series(1, 13 - n) k;

SELECT is(
  call_report('a0000000-0000-4000-8000-00000000000a', '2025-01-06 00:00+00', '2025-01-09 00:00+00') -> 'analytics',
  call_analytics('a0000000-0000-4000-8000-00000000000a', '2025-01-06 00:00+00', '2025-01-09 00:00+00'),
  'analytics is call_analytics unchanged'
);
SELECT is(
  call_report('a0000000-0000-4000-8000-00000000000a', '2025-01-06 00:00+00', '2025-01-09 00:00+00') -> 'cost_per_booking',
  '{"bucket": "day", "series": [
     {"start": "2025-01-06", "days": 1, "cost_cents": 100, "appointments_booked": 1, "cost_per_booked_appointment_cents": 100.00},
     {"start": "2025-01-07", "days": 1, "cost_cents": 50, "appointments_booked": 0, "cost_per_booked_appointment_cents": null},
     {"start": "2025-01-08", "days": 1, "cost_cents": 51, "appointments_booked": 1, "cost_per_booked_appointment_cents": 51.00}]}'::jsonb,
  'up to 31 days: one bucket per day, NULL on a day without bookings'
);

CREATE TEMP TABLE weekly AS
SELECT call_report('a0000000-0000-4000-8000-00000000000a', '2025-01-01 00:00+00', '2025-03-01 00:00+00') -> 'cost_per_booking' AS c;
SELECT is((SELECT c ->> 'bucket' FROM weekly), 'week', '59 days: by week');
SELECT is(
  (SELECT jsonb_agg(b ORDER BY b ->> 'start') FROM weekly, jsonb_array_elements(c -> 'series') b
    WHERE b ->> 'start' IN ('2024-12-30', '2025-01-06', '2025-01-20', '2025-02-10', '2025-02-24')),
  '[{"start": "2024-12-30", "days": 5, "cost_cents": 0, "appointments_booked": 0, "cost_per_booked_appointment_cents": null},
    {"start": "2025-01-06", "days": 7, "cost_cents": 201, "appointments_booked": 2, "cost_per_booked_appointment_cents": 100.50},
    {"start": "2025-01-20", "days": 7, "cost_cents": 30, "appointments_booked": 0, "cost_per_booked_appointment_cents": null},
    {"start": "2025-02-10", "days": 7, "cost_cents": 32, "appointments_booked": 3, "cost_per_booked_appointment_cents": 10.67},
    {"start": "2025-02-24", "days": 5, "cost_cents": 0, "appointments_booked": 0, "cost_per_booked_appointment_cents": null}]'::jsonb,
  'weeks start on Monday (the first and last hold only the period''s days); the cost per booking is rounded to 2 decimals'
);
SELECT is(
  (SELECT (count(*)::int, sum((b ->> 'days')::int)::int) FROM weekly, jsonb_array_elements(c -> 'series') b),
  (9, 59),
  'nine weeks cover the 59 days, each day once'
);

CREATE TEMP TABLE monthly AS
SELECT call_report('a0000000-0000-4000-8000-00000000000a', '2024-12-01 00:00+00', '2026-01-01 00:00+00') -> 'cost_per_booking' AS c;
SELECT is(
  (SELECT jsonb_build_object('bucket', c -> 'bucket', 'months', jsonb_array_length(c -> 'series'),
                             'january', c -> 'series' -> 1, 'february', c -> 'series' -> 2) FROM monthly),
  '{"bucket": "month", "months": 13,
    "january": {"start": "2025-01-01", "days": 31, "cost_cents": 231, "appointments_booked": 2, "cost_per_booked_appointment_cents": 115.50},
    "february": {"start": "2025-02-01", "days": 28, "cost_cents": 32, "appointments_booked": 3, "cost_per_booked_appointment_cents": 10.67}}'::jsonb,
  'over 366 days: by month'
);

SELECT is(
  call_report('b0000000-0000-4000-8000-00000000000b', '2025-01-06 00:00+00', '2025-01-07 00:00+00') -> 'ended_reasons',
  jsonb_build_object(
    'top', (SELECT jsonb_agg(jsonb_build_object('ended_reason', 'reason-' || lpad(n::text, 2, '0'), 'calls', 13 - n) ORDER BY n)
              FROM generate_series(1, 10) n),
    'other_reasons', 2, 'other_calls', 3),
  'the ten most frequent ended reasons, then the two others with their 2 + 1 calls'
);
SELECT is(
  call_report('a0000000-0000-4000-8000-00000000000a', '2025-01-06 00:00+00', '2025-01-09 00:00+00') -> 'ended_reasons',
  '{"top": [{"ended_reason": "customer-ended-call", "calls": 3}], "other_reasons": 0, "other_calls": 0}'::jsonb,
  'with ten reasons or fewer there is no other'
);
SELECT is(
  call_report('a0000000-0000-4000-8000-00000000000a', '2025-01-06 00:00+00', '2025-01-09 00:00+00') -> 'quarantine',
  quarantine_summary('a0000000-0000-4000-8000-00000000000a', '2025-01-06 00:00+00', '2025-01-09 00:00+00'),
  'quarantine is quarantine_summary unchanged'
);

SELECT * FROM finish();
ROLLBACK;
