/**
 * call_report(org_id uuid, from timestamptz, to timestamptz) → jsonb
 *
 * Everything `golden-record report` draws, in one call: `call_analytics` for the period,
 * the cost per booked appointment over time, and `quarantine_summary`. The report's pages are
 * rendered from this JSON alone, so every figure on them is computed here. Runs as the caller.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | org_id | uuid | the org |
 * | from | timestamptz | start of the period, inclusive |
 * | to | timestamptz | end of the period, exclusive |
 *
 * | key | meaning |
 * |---|---|
 * | analytics | `call_analytics(org_id, from, to)` unchanged |
 * | ended_reasons | `{top, other_reasons, other_calls}`: the ten most frequent of analytics.ended_reasons in its order, then how many reasons and calls the rest hold |
 * | cost_per_booking | `{bucket, series}`: bucket is `day` for periods up to 31 days, `week` (starting Monday) up to 366 days, else `month`; series is `[{start, days, cost_cents, appointments_booked, cost_per_booked_appointment_cents}]`, one per bucket of the daily series (days: the days of the period in it), the cost per booking rounded to 2 decimals, NULL in a bucket without bookings |
 * | quarantine | `quarantine_summary(org_id, from, to)` |
 *
 * Cost: that of call_analytics; the buckets are sums over its daily series.
 *
 * Raises what call_analytics raises (SQLSTATE 22023 for a missing org or a bad period).
 *
 * Example: `SELECT call_report('6f1c...'::uuid, '2025-01-01', '2026-01-01') -> 'cost_per_booking';`
 */
CREATE OR REPLACE FUNCTION @extschema@.call_report(p_org_id uuid, p_from timestamptz, p_to timestamptz)
RETURNS jsonb
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
DECLARE
  v_analytics jsonb := @extschema@.call_analytics(p_org_id, p_from, p_to);
  v_bucket text := CASE WHEN p_to - p_from <= interval '31 days' THEN 'day'
                        WHEN p_to - p_from <= interval '366 days' THEN 'week'
                        ELSE 'month' END;
  v_series jsonb;
BEGIN
  SELECT coalesce(jsonb_agg(jsonb_build_object(
           'start', b.start, 'days', b.days, 'cost_cents', b.cost, 'appointments_booked', b.booked,
           'cost_per_booked_appointment_cents', round(b.cost::numeric / nullif(b.booked, 0), 2))
         ORDER BY b.start), '[]')
    INTO v_series
    FROM (SELECT date_trunc(v_bucket, (d ->> 'date')::date)::date AS start,
                 count(*) AS days,
                 sum((d ->> 'cost_cents')::bigint) AS cost,
                 sum((d ->> 'appointments_booked')::bigint) AS booked
            FROM jsonb_array_elements(v_analytics -> 'daily') AS d
           GROUP BY 1) b;

  RETURN jsonb_build_object(
    'analytics', v_analytics,
    'ended_reasons', (
      SELECT jsonb_build_object(
               'top', coalesce(jsonb_agg(r.reason ORDER BY r.rank) FILTER (WHERE r.rank <= 10), '[]'),
               'other_reasons', count(*) FILTER (WHERE r.rank > 10),
               'other_calls', coalesce(sum((r.reason ->> 'calls')::bigint) FILTER (WHERE r.rank > 10), 0))
        FROM jsonb_array_elements(v_analytics -> 'ended_reasons') WITH ORDINALITY AS r(reason, rank)),
    'cost_per_booking', jsonb_build_object('bucket', v_bucket, 'series', v_series),
    'quarantine', @extschema@.quarantine_summary(p_org_id, p_from, p_to));
END;
$$;

REVOKE ALL ON FUNCTION @extschema@.call_report(uuid, timestamptz, timestamptz) FROM PUBLIC;
