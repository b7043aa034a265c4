/**
 * tg_calls__sync_cost_components() → trigger
 *
 * Keeps `call_cost_components` equal to what the call's `cost_breakdown` says
 * (`_vapi_cost_components`): after a call is inserted with a breakdown, or its breakdown
 * changes (a redelivered report that changes the amounts), the call's component rows are
 * rewritten. Runs as its owner, acting for the call's org, so any writer of `calls` (ingest, a
 * legacy application, a backfill) keeps the components right.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | (trigger) | | AFTER INSERT / AFTER UPDATE on calls, see tg_calls__sync_cost_components_on_insert and _on_update |
 *
 * Example: `UPDATE calls SET cost_breakdown = '{"costs": [{"type": "model", "cost": 0.02}]}' WHERE id = ...;`
 */
CREATE OR REPLACE FUNCTION golden_record.tg_calls__sync_cost_components()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
DECLARE
  v_previous text := current_setting('golden_record.org_id', true);
BEGIN
  IF TG_OP = 'UPDATE' THEN
    -- As the old org: a call moved to another org takes its components along, and the old
    -- rows are visible only to the org they were filed under.
    PERFORM _act_for_org(OLD.org_id);
    DELETE FROM @extschema@.call_cost_components WHERE call_id = OLD.id;
  END IF;
  PERFORM _act_for_org(NEW.org_id);
  INSERT INTO @extschema@.call_cost_components (call_id, org_id, component, sub_type, cost, minutes, characters, prompt_tokens, completion_tokens, source)
  SELECT NEW.id, NEW.org_id, part.component, part.sub_type, part.cost, part.minutes, part.characters,
         part.prompt_tokens, part.completion_tokens, part.source
    FROM _vapi_cost_components(NEW.cost_breakdown) AS part;
  PERFORM _act_for_org_restore(v_previous);
  RETURN NULL;
END;
$$;

REVOKE ALL ON FUNCTION golden_record.tg_calls__sync_cost_components() FROM PUBLIC;
