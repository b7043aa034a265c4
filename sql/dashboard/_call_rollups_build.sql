/**
 * _call_rollups_build(org_id uuid) → bigint
 *
 * Private maintenance. (Re)builds one org's rollups from its calls, in the org's current time
 * zone (`_org_time_zone`), and records that zone in `call_rollup_orgs`; returns the number of
 * rollup rows. Locks the org's `call_rollup_orgs` row for update (a fold in flight finishes
 * first; writers never wait: they only append `call_rollup_changes`): one scan of the org's
 * calls (about a second per million calls). The org's pending changes are deleted in the same
 * statement that reads its calls, so each change is either counted in that read or left for
 * the next fold, never both. Called by `_call_rollups_fold` for an org without rollups yet,
 * and by the trigger on `org_settings` when the org's time zone changes.
 * Runs as the owner (the triggers that call it are SECURITY DEFINER; a DBA calls it as the owner), acting for the org.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | org_id | uuid | the org |
 *
 * Example: `SELECT _call_rollups_build('6f1c...'::uuid);`
 */
CREATE OR REPLACE FUNCTION golden_record._call_rollups_build(p_org_id uuid)
RETURNS bigint
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
DECLARE
  v_previous text := _act_for_org(p_org_id);
  v_time_zone text;
  v_rows bigint;
BEGIN
  -- First the org's row, locked for update: a fold in flight finishes first, folds that come
  -- later skip the org until this commits. Two first builds serialize on its key (a fold does
  -- not start one while another transaction holds this advisory lock). The zone is read once
  -- the lock is held, so a settings change committed meanwhile is seen.
  PERFORM pg_advisory_xact_lock(hashtextextended('golden_record.rollup_build:' || p_org_id, 0));
  INSERT INTO @extschema@.call_rollup_orgs (org_id, time_zone, built_at) VALUES (p_org_id, _org_time_zone(p_org_id), now())
  ON CONFLICT (org_id) DO UPDATE SET built_at = excluded.built_at;
  v_time_zone := _org_time_zone(p_org_id);
  UPDATE @extschema@.call_rollup_orgs SET time_zone = v_time_zone WHERE org_id = p_org_id AND time_zone <> v_time_zone;
  DELETE FROM @extschema@.call_rollups WHERE org_id = p_org_id;
  -- One statement, one snapshot: a change whose call this scan counts is deleted, one committed
  -- after it began stays pending.
  WITH counted AS (DELETE FROM @extschema@.call_rollup_changes c WHERE c.org_id = p_org_id)
  INSERT INTO @extschema@.call_rollups (org_id, day, direction, ended_reason, tools_used,
                            calls, answered_calls, cost_cents, calls_with_cost, booked_calls)
  SELECT p_org_id, (c.created_at AT TIME ZONE v_time_zone)::date, c.direction, c.ended_reason, c.tools_used,
         count(*), count(c.started_at), coalesce(sum(c.cost_cents), 0), count(c.cost_cents), count(c.appointment_id)
    FROM @extschema@.calls c
   WHERE c.org_id = p_org_id AND c.created_at IS NOT NULL
   GROUP BY 2, 3, 4, 5;
  GET DIAGNOSTICS v_rows = ROW_COUNT;
  PERFORM _act_for_org_restore(v_previous);
  RETURN v_rows;
END;
$$;

REVOKE ALL ON FUNCTION golden_record._call_rollups_build(uuid) FROM PUBLIC;
