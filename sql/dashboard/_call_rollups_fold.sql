/**
 * _call_rollups_fold(org_id uuid) → bigint
 *
 * Private maintenance. Moves one org's pending `call_rollup_changes` into `call_rollups`: in
 * one statement deletes the changes and upserts their sums per local day (in the zone recorded
 * in `call_rollup_orgs`) and dimensions; groups brought to zero calls are deleted. Returns the
 * number of changes folded. A reader sees the state before or after, never a mix, and the
 * figures are the same in both. Changes committed after the fold began stay pending for the
 * next. Locks the org's `call_rollup_orgs` row for update, SKIP LOCKED: while another fold or a
 * rebuild holds it this does nothing (writers never wait here). An org without rollups yet is
 * built instead (`_call_rollups_build`, which takes its pending changes with it), unless
 * another transaction is building it at that moment (an advisory lock tried, never waited for). Called by
 * `_call_rollups_add` every 1024th change; a DBA may call it (as the owner) at any time.
 * Runs as the owner, acting for the org.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | org_id | uuid | the org |
 *
 * Example: `SELECT golden_record._call_rollups_fold('6f1c...'::uuid);`
 */
CREATE OR REPLACE FUNCTION golden_record._call_rollups_fold(p_org_id uuid)
RETURNS bigint
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
DECLARE
  v_previous text := _act_for_org(p_org_id);
  v_time_zone text;
  v_folded bigint;
  v_emptied tid[];
BEGIN
  SELECT o.time_zone INTO v_time_zone FROM @extschema@.call_rollup_orgs o WHERE o.org_id = p_org_id FOR UPDATE SKIP LOCKED;
  IF NOT FOUND THEN
    -- Locked: a fold or rebuild of this org is running, and the next fold takes these changes.
    -- Missing: the first build, unless another transaction is making it (its row is not
    -- committed yet; waiting for it could mean waiting for a whole backfill batch).
    IF NOT EXISTS (SELECT 1 FROM @extschema@.call_rollup_orgs o WHERE o.org_id = p_org_id)
       AND pg_try_advisory_xact_lock(hashtextextended('golden_record.rollup_build:' || p_org_id, 0)) THEN
      -- Read again, in a new snapshot: a build that committed while the lock was taken is done.
      IF NOT EXISTS (SELECT 1 FROM @extschema@.call_rollup_orgs o WHERE o.org_id = p_org_id) THEN
        PERFORM _call_rollups_build(p_org_id);
      END IF;
    END IF;
    PERFORM _act_for_org_restore(v_previous);
    RETURN 0;
  END IF;

  WITH folded AS (
    DELETE FROM @extschema@.call_rollup_changes c WHERE c.org_id = p_org_id
    RETURNING c.created_at, c.direction, c.ended_reason, c.tools_used,
              c.calls, c.answered_calls, c.cost_cents, c.calls_with_cost, c.booked_calls
  ),
  upserted AS (
    INSERT INTO @extschema@.call_rollups AS r (org_id, day, direction, ended_reason, tools_used,
                                               calls, answered_calls, cost_cents, calls_with_cost, booked_calls)
    SELECT p_org_id, (f.created_at AT TIME ZONE v_time_zone)::date, f.direction, f.ended_reason, f.tools_used,
           sum(f.calls), sum(f.answered_calls), sum(f.cost_cents), sum(f.calls_with_cost), sum(f.booked_calls)
      FROM folded f
     GROUP BY 2, 3, 4, 5
     -- A call changed back and forth within the pending changes adds nothing.
    HAVING (sum(f.calls), sum(f.answered_calls), sum(f.cost_cents), sum(f.calls_with_cost), sum(f.booked_calls)) <> (0, 0, 0, 0, 0)
     ORDER BY 2, 3, 4, 5
    ON CONFLICT ON CONSTRAINT call_rollups_key DO UPDATE
       SET calls = r.calls + excluded.calls,
           answered_calls = r.answered_calls + excluded.answered_calls,
           cost_cents = r.cost_cents + excluded.cost_cents,
           calls_with_cost = r.calls_with_cost + excluded.calls_with_cost,
           booked_calls = r.booked_calls + excluded.booked_calls
    RETURNING r.ctid, r.calls
  )
  SELECT (SELECT count(*) FROM folded), array(SELECT u.ctid FROM upserted u WHERE u.calls = 0)
    INTO v_folded, v_emptied;

  -- Every row counts at least one call. The rows are this transaction's own new versions, so
  -- their ctids hold until it ends.
  IF cardinality(v_emptied) > 0 THEN
    DELETE FROM @extschema@.call_rollups r WHERE r.ctid = ANY (v_emptied) AND r.calls = 0;
  END IF;
  PERFORM _act_for_org_restore(v_previous);
  RETURN v_folded;
END;
$$;

REVOKE ALL ON FUNCTION golden_record._call_rollups_fold(uuid) FROM PUBLIC;
