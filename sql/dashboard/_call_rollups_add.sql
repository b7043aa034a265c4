/**
 * _call_rollups_add(removed call_rollup_fact[], added call_rollup_fact[]) → void
 *
 * Private. Records one statement's changes to calls for the rollups: appends the removed
 * versions of calls (deleted rows, the old side of updates) with the sign -1 and the added ones
 * (inserted rows, the new side) with +1 to `call_rollup_changes`, per org in org order. A call
 * moving between days or groups is one removal and one addition. Nothing shared is locked or
 * updated, so concurrent writers of one org never wait for each other here; `call_analytics`
 * reads the rollups plus the changes, exact at every moment. Whenever a statement's changes
 * pass a multiple of 1024 (by their identity), its orgs' pending changes are folded into
 * `call_rollups` (`_call_rollups_fold`, which also builds an org's rollups the first time), so
 * an org has about a thousand changes pending. Runs as the owner (called by the SECURITY DEFINER
 * triggers), acting for each org in turn.
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
  v_first bigint;
  v_last bigint;
BEGIN
  FOR v_org_id IN
    SELECT DISTINCT f.org_id
      FROM (SELECT org_id FROM unnest(p_removed) UNION ALL SELECT org_id FROM unnest(p_added)) f
     -- A legacy table may hold calls without an org or a time: no analytics period counts them.
     WHERE f.org_id IS NOT NULL
     ORDER BY 1
  LOOP
    PERFORM _act_for_org(v_org_id);
    WITH appended AS (
      INSERT INTO @extschema@.call_rollup_changes (org_id, created_at, direction, ended_reason, tools_used,
                                                   calls, answered_calls, cost_cents, calls_with_cost, booked_calls)
      SELECT f.org_id, f.created_at, f.direction, f.ended_reason, f.tools_used, f.sign,
             CASE WHEN f.started_at IS NOT NULL THEN f.sign ELSE 0 END,
             coalesce(f.sign * f.cost_cents, 0),
             CASE WHEN f.cost_cents IS NOT NULL THEN f.sign ELSE 0 END,
             CASE WHEN f.appointment_id IS NOT NULL THEN f.sign ELSE 0 END
        FROM (SELECT -1 AS sign, * FROM unnest(p_removed)
              UNION ALL
              SELECT 1, * FROM unnest(p_added)) f
       WHERE f.org_id = v_org_id AND f.created_at IS NOT NULL
      RETURNING id
    )
    SELECT min(a.id), max(a.id) INTO v_first, v_last FROM appended a;
    IF v_last / 1024 > (v_first - 1) / 1024 THEN
      PERFORM _call_rollups_fold(v_org_id);
    END IF;
  END LOOP;
  PERFORM _act_for_org_restore(v_previous);
END;
$$;

REVOKE ALL ON FUNCTION golden_record._call_rollups_add(@extschema@.call_rollup_fact[], @extschema@.call_rollup_fact[]) FROM PUBLIC;
