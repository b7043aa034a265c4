/**
 * tg_calls__rollup_insert() → trigger
 *
 * Private. AFTER INSERT statement trigger function of `calls` (trigger `calls_rollup_insert`):
 * adds the inserted calls to the rollups (`_call_rollups_add`). One call per statement, so a
 * bulk load costs one grouped upsert, not one per row; none when the statement inserted
 * nothing. The rows of an INSERT ... ON CONFLICT DO UPDATE that were updated arrive in the
 * UPDATE trigger instead.
 * SECURITY DEFINER: whoever writes calls (ingest, a backfill, an application) keeps the rollups.
 *
 * Example: `INSERT INTO calls (org_id, cost_cents) VALUES ($1, 42);`
 */
CREATE OR REPLACE FUNCTION golden_record.tg_calls__rollup_insert()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
DECLARE
  v_added @extschema@.call_rollup_fact[] := array(
    SELECT (n.org_id, n.created_at, n.direction, n.ended_reason, n.tools_used, n.started_at, n.cost_cents, n.appointment_id)::@extschema@.call_rollup_fact
      FROM new_calls n);
BEGIN
  -- An INSERT ... ON CONFLICT DO UPDATE that updated its row (a report completing a call)
  -- inserted nothing: nothing to add.
  IF cardinality(v_added) > 0 THEN
    PERFORM _call_rollups_add(NULL, v_added);
  END IF;
  RETURN NULL;
END;
$$;

REVOKE ALL ON FUNCTION golden_record.tg_calls__rollup_insert() FROM PUBLIC;
