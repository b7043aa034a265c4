/**
 * _call_rollups_add(removed call_rollup_fact[], added call_rollup_fact[]) → void
 *
 * Private. Keeps `call_rollups` exact for one statement's changes to calls: subtracts the
 * removed versions of calls (deleted rows, the old side of updates), adds the added ones
 * (inserted rows, the new side), grouped by org, local day and dimensions, and upserts the
 * non-zero deltas. A call moving between days or groups is one removal and one addition. Per
 * org, in org order: locks the org's `call_rollup_orgs` row FOR SHARE, then adds the deltas in
 * the time zone recorded there, or, for an org without rollups yet, builds them
 * (`_call_rollups_build`, which already counts this statement's rows). Rows whose count falls
 * to zero are deleted. No advisory lock: a bulk load of many orgs takes one row lock per org.
 * Runs as the owner (called by the SECURITY DEFINER triggers), acting for each org in turn.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | removed | call_rollup_fact[] | versions of calls that no longer exist (NULL: none) |
 * | added | call_rollup_fact[] | versions of calls that now exist (NULL: none) |
 *
 * Example: see `tg_calls__rollup_update`.
 */
CREATE OR REPLACE FUNCTION golden_record._call_rollups_add(p_removed @extschema@.call_rollup_fact[], p_added @extschema@.call_rollup_fact[])
RETURNS void
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
DECLARE
  v_previous text := current_setting('golden_record.org_id', true);
  v_org_id uuid;
  v_time_zone text;
  v_emptied boolean;
BEGIN
  FOR v_org_id IN
    SELECT DISTINCT f.org_id
      FROM (SELECT org_id FROM unnest(p_removed) UNION ALL SELECT org_id FROM unnest(p_added)) f
     -- A legacy table may hold calls without an org or a time: no analytics period counts them.
     WHERE f.org_id IS NOT NULL
     ORDER BY 1
  LOOP
    PERFORM _act_for_org(v_org_id);
    -- FOR SHARE: writers do not block each other here, a rebuild (which locks the row for
    -- update) waits for them and they for it, then they read the new time zone.
    SELECT o.time_zone INTO v_time_zone FROM @extschema@.call_rollup_orgs o WHERE o.org_id = v_org_id FOR SHARE;
    IF NOT FOUND THEN
      PERFORM _call_rollups_build(v_org_id);
      CONTINUE;
    END IF;

    WITH upserted AS (
      INSERT INTO @extschema@.call_rollups AS r (org_id, day, direction, ended_reason, tools_used,
                                     calls, answered_calls, cost_cents, calls_with_cost, booked_calls)
      SELECT d.*
        FROM (SELECT v_org_id, (f.created_at AT TIME ZONE v_time_zone)::date, f.direction, f.ended_reason, f.tools_used,
                     sum(f.sign) AS calls,
                     coalesce(sum(f.sign) FILTER (WHERE f.started_at IS NOT NULL), 0) AS answered_calls,
                     coalesce(sum(f.sign * f.cost_cents), 0) AS cost_cents,
                     coalesce(sum(f.sign) FILTER (WHERE f.cost_cents IS NOT NULL), 0) AS calls_with_cost,
                     coalesce(sum(f.sign) FILTER (WHERE f.appointment_id IS NOT NULL), 0) AS booked_calls
                FROM (SELECT -1 AS sign, * FROM unnest(p_removed)
                      UNION ALL
                      SELECT 1, * FROM unnest(p_added)) f
               WHERE f.org_id = v_org_id AND f.created_at IS NOT NULL
               GROUP BY 2, 3, 4, 5) d
       -- An update that changed nothing the rollups count (a transcript, a twin column) adds nothing.
       WHERE (d.calls, d.answered_calls, d.cost_cents, d.calls_with_cost, d.booked_calls) <> (0, 0, 0, 0, 0)
       -- Rows are locked in key order, so two writers that both move calls between the same
       -- groups wait for each other instead of deadlocking.
       ORDER BY 2, 3, 4, 5
      ON CONFLICT ON CONSTRAINT call_rollups_key DO UPDATE
         SET calls = r.calls + excluded.calls,
             answered_calls = r.answered_calls + excluded.answered_calls,
             cost_cents = r.cost_cents + excluded.cost_cents,
             calls_with_cost = r.calls_with_cost + excluded.calls_with_cost,
             booked_calls = r.booked_calls + excluded.booked_calls
      RETURNING r.calls
    )
    SELECT coalesce(bool_or(u.calls = 0), false) INTO v_emptied FROM upserted u;

    -- Only a group this upsert brought to zero calls can be empty (each statement leaves none),
    -- so the usual update (a report filling in a call) skips the DELETE.
    IF v_emptied THEN
      DELETE FROM @extschema@.call_rollups r
       WHERE r.org_id = v_org_id AND r.calls = 0
         AND r.day IN (SELECT (f.created_at AT TIME ZONE v_time_zone)::date FROM unnest(p_removed) f WHERE f.org_id = v_org_id);
    END IF;
  END LOOP;
  PERFORM _act_for_org_restore(v_previous);
END;
$$;

REVOKE ALL ON FUNCTION golden_record._call_rollups_add(@extschema@.call_rollup_fact[], @extschema@.call_rollup_fact[]) FROM PUBLIC;
