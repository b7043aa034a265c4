/**
 * tg_calls__rollup_update() → trigger
 *
 * Private. AFTER UPDATE statement trigger function of `calls` (trigger `calls_rollup_update`):
 * for the calls whose counted columns changed (a redelivered report, a late booking, a linked
 * appointment, a move to another day or org), subtracts the old version and adds the new one
 * (`_call_rollups_add`). Updates of other columns only (transcript, twins) write nothing.
 * SECURITY DEFINER: whoever writes calls (ingest, a backfill, an application) keeps the rollups.
 *
 * Example: `UPDATE calls SET appointment_id = $2 WHERE id = $1;`
 */
CREATE OR REPLACE FUNCTION golden_record.tg_calls__rollup_update()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
DECLARE
  v_removed @extschema@.call_rollup_fact[];
  v_added @extschema@.call_rollup_fact[];
BEGIN
  -- Multiset differences: a call whose counted columns did not change is in both and drops out,
  -- whatever else the statement changed (even its id).
  v_removed := array(
    SELECT (o.org_id, o.created_at, o.direction, o.ended_reason, o.tools_used, o.started_at, o.cost_cents, o.appointment_id)::@extschema@.call_rollup_fact FROM old_calls o
    EXCEPT ALL
    SELECT (n.org_id, n.created_at, n.direction, n.ended_reason, n.tools_used, n.started_at, n.cost_cents, n.appointment_id)::@extschema@.call_rollup_fact FROM new_calls n);
  IF cardinality(v_removed) > 0 THEN
    v_added := array(
      SELECT (n.org_id, n.created_at, n.direction, n.ended_reason, n.tools_used, n.started_at, n.cost_cents, n.appointment_id)::@extschema@.call_rollup_fact FROM new_calls n
      EXCEPT ALL
      SELECT (o.org_id, o.created_at, o.direction, o.ended_reason, o.tools_used, o.started_at, o.cost_cents, o.appointment_id)::@extschema@.call_rollup_fact FROM old_calls o);
    PERFORM _call_rollups_add(v_removed, v_added);
  END IF;
  RETURN NULL;
END;
$$;

REVOKE ALL ON FUNCTION golden_record.tg_calls__rollup_update() FROM PUBLIC;
