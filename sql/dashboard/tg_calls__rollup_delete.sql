/**
 * tg_calls__rollup_delete() → trigger
 *
 * Private. AFTER DELETE statement trigger function of `calls` (trigger `calls_rollup_delete`):
 * subtracts the deleted calls from the rollups (`_call_rollups_add`).
 * SECURITY DEFINER: whoever writes calls (ingest, a backfill, an application) keeps the rollups.
 *
 * Example: `DELETE FROM calls WHERE id = $1;`
 */
CREATE OR REPLACE FUNCTION golden_record.tg_calls__rollup_delete()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
BEGIN
  PERFORM _call_rollups_add(array(
    SELECT (o.org_id, o.created_at, o.direction, o.ended_reason, o.tools_used, o.started_at, o.cost_cents, o.appointment_id)::@extschema@.call_rollup_fact
      FROM old_calls o), NULL);
  RETURN NULL;
END;
$$;

REVOKE ALL ON FUNCTION golden_record.tg_calls__rollup_delete() FROM PUBLIC;
