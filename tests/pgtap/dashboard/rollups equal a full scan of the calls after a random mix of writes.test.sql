-- The exactness test of the rollups: after a seeded random mix of inserts (single and
-- multi-org bulk), ingests and redelivered reports, late bookings, unlinks, cost and reason
-- updates, moves to another day or org, deletes and a time zone change, (1) call_rollups plus
-- the changes not folded yet equal a GROUP BY over every call, to the cent and the call, (2)
-- call_analytics from them equals call_analytics from the calls alone, for whole, partial, DST
-- and year periods, and (3) after a fold call_rollups alone equals that GROUP BY.
BEGIN;
SELECT plan(14);

INSERT INTO org_settings (org_id, time_zone) VALUES ('a0000000-0000-0000-0000-00000000000a', 'America/New_York');
-- Both orgs' rollups built before the writes, so every write below goes through the changes.
INSERT INTO calls (org_id, vapi_call_id, created_at)
VALUES ('a0000000-0000-0000-0000-00000000000a', 'first-a', '2025-03-02'), ('b0000000-0000-0000-0000-00000000000b', 'first-b', '2025-03-02');
SELECT golden_record._call_rollups_fold(o)
  FROM unnest('{a0000000-0000-0000-0000-00000000000a,b0000000-0000-0000-0000-00000000000b}'::uuid[]) o;

CREATE TEMP TABLE ops (kind text);

DO $$
DECLARE
  v_orgs uuid[] := ARRAY['a0000000-0000-0000-0000-00000000000a', 'b0000000-0000-0000-0000-00000000000b']::uuid[];
  v_reasons text[] := ARRAY['customer-ended-call', 'assistant-ended-call', 'voicemail', NULL];
  v_directions text[] := ARRAY['inbound', 'outbound', 'web', NULL];
  v_call calls;
  v_kind text;
  v_n integer := 0;
  r double precision;
BEGIN
  PERFORM setseed(0.18);
  FOR i IN 1..500 LOOP
    r := random();
    SELECT * INTO v_call FROM calls ORDER BY md5(id::text || i) LIMIT 1;
    v_kind := CASE
      WHEN v_call.id IS NULL OR r < 0.25 THEN 'insert'
      WHEN r < 0.32 THEN 'bulk insert'
      WHEN r < 0.40 THEN 'ingest'
      WHEN r < 0.50 THEN 'redelivered report'
      WHEN r < 0.60 THEN 'move day'
      WHEN r < 0.70 THEN 'booking'
      WHEN r < 0.77 THEN 'unbooking'
      WHEN r < 0.85 THEN 'delete'
      WHEN r < 0.90 THEN 'move org'
      ELSE 'bulk update' END;
    INSERT INTO ops VALUES (v_kind);
    CASE v_kind
      WHEN 'insert' THEN
        INSERT INTO calls (org_id, vapi_call_id, direction, ended_reason, tools_used, started_at, cost_cents, created_at)
        SELECT v_orgs[1 + (random() * 1.2)::int % 2], 'r-' || i, v_directions[1 + floor(random() * 4)::int],
               v_reasons[1 + floor(random() * 4)::int], (ARRAY['{bookAppointment,checkAvailability}', '{checkAvailability}', '{}'])[1 + floor(random() * 3)::int]::text[],
               CASE WHEN random() < 0.8 THEN now() END, CASE WHEN random() < 0.9 THEN floor(random() * 500)::int END,
               timestamptz '2025-03-01' + random() * interval '20 days';
      WHEN 'bulk insert' THEN
        INSERT INTO calls (org_id, vapi_call_id, direction, ended_reason, started_at, cost_cents, created_at)
        SELECT v_orgs[1 + g % 2], 'b-' || i || '-' || g, v_directions[1 + g % 4], v_reasons[1 + g % 4],
               CASE WHEN g % 3 > 0 THEN now() END, g * 7, timestamptz '2025-03-01' + random() * interval '20 days'
          FROM generate_series(1, 6) g;
      WHEN 'ingest' THEN
        PERFORM ingest_vapi_call(jsonb_build_object('message', jsonb_build_object(
                  'type', 'end-of-call-report', 'endedReason', v_reasons[1 + floor(random() * 3)::int], 'cost', round((random())::numeric, 4),
                  'call', jsonb_build_object('id', 'v-' || (i % 40), 'createdAt', timestamptz '2025-03-01' + random() * interval '20 days'))),
                v_orgs[1 + i % 2]);
      WHEN 'redelivered report' THEN
        UPDATE calls SET cost_cents = CASE WHEN random() < 0.9 THEN floor(random() * 500)::int END,
                         ended_reason = v_reasons[1 + floor(random() * 4)::int],
                         started_at = CASE WHEN random() < 0.5 THEN coalesce(started_at, now()) END,
                         tools_used = tools_used || 'transferCall'::text
         WHERE id = v_call.id;
      WHEN 'move day' THEN
        UPDATE calls SET created_at = least(created_at, created_at + (random() * 60 - 45) * interval '1 hour') WHERE id = v_call.id;
      WHEN 'booking' THEN
        INSERT INTO appointments (org_id, vapi_call_id, call_id) VALUES (v_call.org_id, v_call.vapi_call_id, v_call.id);
      WHEN 'unbooking' THEN
        DELETE FROM appointments WHERE id = (SELECT id FROM appointments ORDER BY md5(id::text || i) LIMIT 1);
      WHEN 'delete' THEN
        DELETE FROM calls WHERE id = v_call.id;
      WHEN 'move org' THEN
        UPDATE calls SET org_id = CASE WHEN org_id = v_orgs[1] THEN v_orgs[2] ELSE v_orgs[1] END WHERE id = v_call.id;
      WHEN 'bulk update' THEN
        -- Both orgs in one statement, and rows whose counted columns do not change.
        UPDATE calls SET transcript = 'seen ' || i, direction = CASE WHEN random() < 0.5 THEN direction ELSE 'inbound' END
         WHERE created_at < timestamptz '2025-03-01' + random() * interval '20 days';
    END CASE;
    IF i = 250 THEN
      UPDATE org_settings SET time_zone = 'Asia/Kolkata' WHERE org_id = v_orgs[1];
      INSERT INTO ops VALUES ('time zone change');
    END IF;
  END LOOP;
END
$$;

SELECT is((SELECT count(DISTINCT kind)::integer FROM ops), 11, 'every kind of write happened');
SELECT cmp_ok((SELECT count(*) FROM calls), '>', 200::bigint, 'hundreds of calls are left');
SELECT set_eq(
  $$SELECT org_id, time_zone FROM call_rollup_orgs$$,
  $$VALUES ('a0000000-0000-0000-0000-00000000000a'::uuid, 'Asia/Kolkata'), ('b0000000-0000-0000-0000-00000000000b'::uuid, 'UTC')$$,
  'both orgs have rollups, each in its current time zone'
);

SELECT cmp_ok((SELECT max(id) - count(*) FROM call_rollup_changes), '>', 0::bigint, 'the writes folded changes along the way');
SELECT cmp_ok((SELECT count(*) FROM call_rollup_changes), '>', 0::bigint, 'changes are pending');

CREATE TEMP VIEW every_call AS
  SELECT c.org_id, (c.created_at AT TIME ZONE o.time_zone)::date AS day, c.direction, c.ended_reason, c.tools_used,
         count(*) AS calls, count(c.started_at) AS answered, coalesce(sum(c.cost_cents), 0) AS cost,
         count(c.cost_cents) AS with_cost, count(c.appointment_id) AS booked
    FROM calls c JOIN call_rollup_orgs o USING (org_id)
   GROUP BY 1, 2, 3, 4, 5;
SELECT set_eq(
  $$SELECT org_id, day, direction, ended_reason, tools_used, sum(calls) AS calls, sum(answered_calls) AS answered,
           sum(cost_cents) AS cost, sum(calls_with_cost) AS with_cost, sum(booked_calls) AS booked
      FROM (SELECT org_id, day, direction, ended_reason, tools_used, calls, answered_calls, cost_cents, calls_with_cost, booked_calls
              FROM call_rollups
            UNION ALL
            SELECT c.org_id, (c.created_at AT TIME ZONE o.time_zone)::date, c.direction, c.ended_reason, c.tools_used,
                   c.calls, c.answered_calls, c.cost_cents, c.calls_with_cost, c.booked_calls
              FROM call_rollup_changes c JOIN call_rollup_orgs o USING (org_id)) r
     GROUP BY 1, 2, 3, 4, 5
    HAVING sum(calls) <> 0$$,
  $$SELECT * FROM every_call$$,
  'the rollups plus the pending changes equal a GROUP BY over every call: calls, answered, cents, known costs, bookings'
);

-- call_analytics both ways: from the rollups, then with the org's rollups marked stale (the
-- time zone recorded no longer matches), which reads every call of the period.
CREATE TEMP TABLE periods (org_id uuid, lo timestamptz, hi timestamptz);
INSERT INTO periods VALUES
  ('a0000000-0000-0000-0000-00000000000a', '2025-02-20', '2025-03-25'),
  ('a0000000-0000-0000-0000-00000000000a', '2025-03-05 07:13+00', '2025-03-12 19:01+00'),
  ('a0000000-0000-0000-0000-00000000000a', '2024-06-01', '2025-06-01'),
  ('b0000000-0000-0000-0000-00000000000b', '2025-03-01', '2025-03-21'),
  ('b0000000-0000-0000-0000-00000000000b', '2025-03-03 12:00+00', '2025-03-04 12:00+00'),
  ('b0000000-0000-0000-0000-00000000000b', '2025-03-07 00:00+00', '2025-03-07 00:00:01+00');
CREATE TEMP TABLE from_rollups AS SELECT p.*, call_analytics(p.org_id, p.lo, p.hi) AS a FROM periods p;
UPDATE call_rollup_orgs SET time_zone = 'stale';
CREATE TEMP TABLE from_calls AS SELECT p.*, call_analytics(p.org_id, p.lo, p.hi) AS a FROM periods p;
UPDATE call_rollup_orgs o SET time_zone = s.time_zone FROM org_settings s WHERE s.org_id = o.org_id;
UPDATE call_rollup_orgs SET time_zone = 'UTC' WHERE time_zone = 'stale';

SELECT cmp_ok((SELECT sum((a->>'total_calls')::int) FROM from_calls)::bigint, '>', 200::bigint, 'the periods hold the calls');
SELECT set_eq(
  $$SELECT org_id, lo, hi, a FROM from_rollups$$,
  $$SELECT org_id, lo, hi, a FROM from_calls$$,
  'call_analytics from the rollups equals call_analytics from the calls, for whole, partial, DST-crossing and year-long periods'
);

SELECT cmp_ok((SELECT sum(golden_record._call_rollups_fold(org_id)) FROM call_rollup_orgs), '>', 0::numeric, 'a fold takes the pending changes');
SELECT is_empty($$SELECT * FROM call_rollup_changes$$, 'no change is left pending after it');
SELECT set_eq(
  $$SELECT org_id, day, direction, ended_reason, tools_used, calls, answered_calls, cost_cents, calls_with_cost, booked_calls
      FROM call_rollups$$,
  $$SELECT * FROM every_call$$,
  'after the fold the rollups alone equal a GROUP BY over every call'
);
SELECT is_empty($$SELECT * FROM call_rollups WHERE calls <= 0$$, 'no rollup row is left at zero or below');

-- A DST zone: the rollups are rebuilt in it and the figures still match the calls.
INSERT INTO org_settings (org_id, time_zone) VALUES ('b0000000-0000-0000-0000-00000000000b', 'Europe/Paris');
SELECT set_eq(
  $$SELECT org_id, day, calls, cost_cents FROM call_rollups WHERE org_id = 'b0000000-0000-0000-0000-00000000000b'$$,
  $$SELECT org_id, (created_at AT TIME ZONE 'Europe/Paris')::date, count(*), coalesce(sum(cost_cents), 0)
      FROM calls WHERE org_id = 'b0000000-0000-0000-0000-00000000000b' GROUP BY 1, 2, direction, ended_reason, tools_used$$,
  'setting a time zone rebuilds the org''s rollups in its local days'
);

TRUNCATE calls CASCADE;
SELECT is((SELECT count(*) FROM call_rollups) + (SELECT count(*) FROM call_rollup_orgs) + (SELECT count(*) FROM call_rollup_changes), 0::bigint,
          'TRUNCATE calls empties the rollups and the pending changes');

SELECT * FROM finish();
ROLLBACK;
