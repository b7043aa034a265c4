/**
 * call_analytics(org_id uuid, from timestamptz DEFAULT call_analytics_default_from(now()), to timestamptz DEFAULT now()) → jsonb
 *
 * Cost and conversion of an org's calls recorded in [from, to) (by `created_at`, the same
 * time the dashboard list sorts and filters by). Runs as the caller: row-level security
 * applies on top of the explicit `org_id`.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | org_id | uuid | the org |
 * | from | timestamptz | start of the period, inclusive (default: 30 days ago, `call_analytics_default_from`) |
 * | to | timestamptz | end of the period, exclusive |
 *
 * | key | meaning |
 * |---|---|
 * | org_id, from, to, time_zone | what was asked; time_zone is the org's (`org_settings.time_zone`), else UTC |
 * | total_calls | calls in the period |
 * | answered_calls | calls that connected: `started_at` is set (Vapi sends no startedAt for a call that never connected) |
 * | total_cost_cents | sum of the known costs (integer cents) |
 * | calls_with_cost, calls_without_cost | calls whose cost is known / NULL (a cost of 0 is known) |
 * | avg_cost_cents | total_cost_cents / calls_with_cost, rounded to 2 decimals; NULL when no call has a cost |
 * | appointments_booked | calls that booked an appointment (has_appointment; a call that booked several counts once) |
 * | conversion_rate | appointments_booked / total_calls, a fraction rounded to 4 decimals; NULL without calls |
 * | cost_per_booked_appointment_cents | total_cost_cents / appointments_booked, rounded to 2 decimals; NULL without bookings |
 * | ended_reasons | `[{ended_reason, calls}]`, most frequent first (ended_reason NULL: not reported yet) |
 * | tools | `[{tool, calls, booked, booking_rate}]`: calls that used the tool, those of them that booked, and booked / calls (4 decimals); most used first |
 * | cost_by_component | `[{component, cost, cost_per_booked_appointment}]`: dollars (numeric, exact, from `call_cost_components`) per cost component over the period's calls, and that divided by appointments_booked (NULL without bookings); highest cost first |
 * | daily | `[{date, calls, answered_calls, cost_cents, appointments_booked}]`: every local day of the period in time_zone, days without calls included with zeros |
 * | cost_by_component_daily | `[{date, component, cost}]`: the same dollars per local day, days and components without cost left out |
 *
 * Cost: the whole local days of the period are read from `call_rollups` (exact daily
 * aggregates kept by statement-level triggers on calls, a few rows per day) plus the changes
 * not folded into them yet (`call_rollup_changes`, about a thousand rows at most), the partial days
 * at its edges by an index-only scan of their calls (idx_calls_org_created_at), so it grows
 * with the number of days, not of calls. An org whose rollups are not built (no call written
 * since install) or not in its current time zone is read from its calls throughout.
 *
 * Raises SQLSTATE 22023 when org_id, from or to is NULL or infinite, from is not before to, or
 * the period is longer than 400 days (the work, and the daily series, grow with the period:
 * ask year by year for longer spans).
 *
 * Example: `SELECT call_analytics('6f1c...'::uuid, '2025-01-01', '2025-02-01') -> 'conversion_rate';`
 */
CREATE OR REPLACE FUNCTION @extschema@.call_analytics(
  p_org_id uuid,
  p_from timestamptz DEFAULT @extschema@.call_analytics_default_from(now()),
  p_to timestamptz DEFAULT now()
)
RETURNS jsonb
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, golden_record, pg_temp
-- A big period's cost estimate would otherwise start JIT compilation, which costs more than the scan.
SET jit = off
AS $$
DECLARE
  v_time_zone text;
  v_rollups boolean;
  v_result jsonb;
BEGIN
  PERFORM _require_org_and_period('call_analytics', p_org_id, p_from, p_to);
  IF p_to - p_from > interval '400 days' THEN
    RAISE EXCEPTION 'call_analytics: the period is longer than 400 days, got [%, %); ask for at most 400 days at a time', p_from, p_to
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  v_time_zone := _org_time_zone(p_org_id);
  v_rollups := EXISTS (SELECT 1 FROM @extschema@.call_rollup_orgs o WHERE o.org_id = p_org_id AND o.time_zone = v_time_zone);

  -- Each local day of the period, as a [lo, hi) range of created_at (DST days are 23 or 25 hours).
  -- whole: the period covers the entire local day, so the org's rollups can answer for it.
  WITH days AS MATERIALIZED (
    SELECT g.local_midnight::date AS day,
           greatest(g.local_midnight AT TIME ZONE v_time_zone, p_from) AS lo,
           least((g.local_midnight + interval '1 day') AT TIME ZONE v_time_zone, p_to) AS hi,
           g.local_midnight AT TIME ZONE v_time_zone >= p_from
             AND (g.local_midnight + interval '1 day') AT TIME ZONE v_time_zone <= p_to AS whole
      FROM generate_series(date_trunc('day', p_from AT TIME ZONE v_time_zone),
                           (p_to - interval '1 microsecond') AT TIME ZONE v_time_zone,
                           interval '1 day') AS g(local_midnight)
  ),
  -- Whole days come from the exact rollups (a few rows per day, see _call_rollups_add) when the
  -- org's are built in its current time zone; the partial days at the period's edges (today
  -- with the default `to`) from the calls themselves: one index range scan per day grouped by
  -- (ended_reason, tools_used), no per-row time zone arithmetic. Every figure below is a sum
  -- over these groups.
  groups AS MATERIALIZED (
    SELECT d.day, s.*
      FROM days d
     CROSS JOIN LATERAL (
       SELECT c.ended_reason, c.tools_used,
              count(*) AS calls,
              count(c.started_at) AS answered,
              sum(c.cost_cents) AS cost,
              count(c.cost_cents) AS with_cost,
              count(c.appointment_id) AS booked
         FROM @extschema@.calls c
        WHERE c.org_id = p_org_id AND c.created_at >= d.lo AND c.created_at < d.hi
        GROUP BY c.ended_reason, c.tools_used) s
     WHERE NOT (d.whole AND v_rollups)
    UNION ALL
    SELECT r.day, r.ended_reason, r.tools_used,
           sum(r.calls)::bigint, sum(r.answered_calls)::bigint, sum(r.cost_cents)::bigint,
           sum(r.calls_with_cost)::bigint, sum(r.booked_calls)::bigint
      FROM (SELECT r.day, r.ended_reason, r.tools_used, r.calls, r.answered_calls, r.cost_cents, r.calls_with_cost, r.booked_calls
              FROM @extschema@.call_rollups r
             WHERE v_rollups AND r.org_id = p_org_id
               AND r.day BETWEEN (SELECT min(day) FROM days WHERE whole) AND (SELECT max(day) FROM days WHERE whole)
            UNION ALL
            -- The changes not folded into the rollups yet (about a thousand at most, see
            -- _call_rollups_add), read in the same snapshot.
            SELECT (c.created_at AT TIME ZONE v_time_zone)::date, c.ended_reason, c.tools_used,
                   c.calls, c.answered_calls, c.cost_cents, c.calls_with_cost, c.booked_calls
              FROM @extschema@.call_rollup_changes c
             WHERE v_rollups AND c.org_id = p_org_id
               AND c.created_at >= (SELECT min(lo) FROM days WHERE whole) AND c.created_at < (SELECT max(hi) FROM days WHERE whole)) r
     GROUP BY r.day, r.ended_reason, r.tools_used
     -- A group whose calls were all removed since the last fold counts nothing.
    HAVING sum(r.calls) <> 0
  ),
  -- Dollars per day and cost component (call_cost_components, by the primary key per call).
  components AS MATERIALIZED (
    SELECT d.day, cc.component, sum(cc.cost) AS cost
      FROM days d
      JOIN @extschema@.calls c ON c.org_id = p_org_id AND c.created_at >= d.lo AND c.created_at < d.hi
      JOIN @extschema@.call_cost_components cc ON cc.call_id = c.id
     GROUP BY d.day, cc.component
  ),
  totals AS (
    SELECT coalesce(sum(calls), 0)::bigint AS calls,
           coalesce(sum(answered), 0)::bigint AS answered,
           coalesce(sum(cost), 0)::bigint AS cost,
           coalesce(sum(with_cost), 0)::bigint AS with_cost,
           coalesce(sum(booked), 0)::bigint AS booked
      FROM groups
  )
  SELECT jsonb_build_object(
           'org_id', p_org_id,
           'from', p_from,
           'to', p_to,
           'time_zone', v_time_zone,
           'total_calls', t.calls,
           'answered_calls', t.answered,
           'total_cost_cents', t.cost,
           'calls_with_cost', t.with_cost,
           'calls_without_cost', t.calls - t.with_cost,
           'avg_cost_cents', round(t.cost::numeric / nullif(t.with_cost, 0), 2),
           'appointments_booked', t.booked,
           'conversion_rate', round(t.booked::numeric / nullif(t.calls, 0), 4),
           'cost_per_booked_appointment_cents', round(t.cost::numeric / nullif(t.booked, 0), 2),
           'ended_reasons', (
             SELECT coalesce(jsonb_agg(jsonb_build_object('ended_reason', r.ended_reason, 'calls', r.calls)
                                       ORDER BY r.calls DESC, r.ended_reason NULLS LAST), '[]')
               FROM (SELECT ended_reason, sum(calls)::bigint AS calls FROM groups GROUP BY ended_reason) r),
           'tools', (
             SELECT coalesce(jsonb_agg(jsonb_build_object('tool', u.tool, 'calls', u.calls, 'booked', u.booked,
                                                          'booking_rate', round(u.booked::numeric / u.calls, 4))
                                       ORDER BY u.calls DESC, u.tool), '[]')
               FROM (SELECT tool, sum(g.calls)::bigint AS calls, sum(g.booked)::bigint AS booked
                       FROM groups g, unnest(g.tools_used) AS tool
                      GROUP BY tool) u),
           'cost_by_component', (
             SELECT coalesce(jsonb_agg(jsonb_build_object('component', pc.component, 'cost', pc.cost,
                                                          'cost_per_booked_appointment', round(pc.cost / nullif(t.booked, 0), 6))
                                       ORDER BY pc.cost DESC, pc.component), '[]')
               FROM (SELECT component, sum(cost) AS cost FROM components GROUP BY component) pc),
           'daily', (
             SELECT jsonb_agg(jsonb_build_object('date', d.day,
                                                 'calls', coalesce(s.calls, 0),
                                                 'answered_calls', coalesce(s.answered, 0),
                                                 'cost_cents', coalesce(s.cost, 0),
                                                 'appointments_booked', coalesce(s.booked, 0))
                              ORDER BY d.day)
               FROM days d
               LEFT JOIN (SELECT day, sum(calls)::bigint AS calls, sum(answered)::bigint AS answered,
                                 coalesce(sum(cost), 0)::bigint AS cost, sum(booked)::bigint AS booked
                            FROM groups GROUP BY day) s ON s.day = d.day),
           'cost_by_component_daily', (
             SELECT coalesce(jsonb_agg(jsonb_build_object('date', dc.day, 'component', dc.component, 'cost', dc.cost)
                                       ORDER BY dc.day, dc.component), '[]')
               FROM components dc)
         )
    INTO v_result
    FROM totals t;
  RETURN v_result;
END;
$$;

REVOKE ALL ON FUNCTION @extschema@.call_analytics(uuid, timestamptz, timestamptz) FROM PUBLIC;
