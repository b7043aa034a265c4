/**
 * tg_calls__sync_cost_components() → trigger
 *
 * Keeps `call_cost_components` equal to what each call's `cost_breakdown` says
 * (`_vapi_cost_components`): once per statement, the components of the calls it inserted with
 * a breakdown are written, and those of the calls it updated to another breakdown or another
 * org are rewritten (a redelivered report that changes the amounts, a call moved between
 * orgs). Set-based, one INSERT per org of the statement, so a bulk load of reports does not
 * run a trigger and a statement per call; an update that leaves every breakdown as it was
 * writes nothing. Runs as its owner, acting for each org in turn (the old org to delete, the
 * new one to write), so any writer of `calls` (ingest, a legacy application, a backfill) keeps
 * the components right.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | (trigger) | | AFTER INSERT / AFTER UPDATE on calls, once per statement, with the transition tables `new_calls` (and `old_calls`); see tg_calls__sync_cost_components_on_insert and _on_update |
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
  v_ids uuid[];
  v_org_id uuid;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    v_ids := ARRAY(
      SELECT n.id FROM new_calls n JOIN old_calls o ON o.id = n.id
       WHERE o.cost_breakdown IS DISTINCT FROM n.cost_breakdown OR o.org_id IS DISTINCT FROM n.org_id);
    -- As the old org: the old rows are visible only to the org they were filed under.
    FOR v_org_id IN SELECT DISTINCT o.org_id FROM old_calls o JOIN unnest(v_ids) AS u(id) ON u.id = o.id LOOP
      PERFORM _act_for_org(v_org_id);
      DELETE FROM @extschema@.call_cost_components cc USING unnest(v_ids) AS u(id) WHERE cc.call_id = u.id;
    END LOOP;
  ELSE
    v_ids := ARRAY(SELECT n.id FROM new_calls n WHERE n.cost_breakdown IS NOT NULL);
  END IF;

  FOR v_org_id IN
    SELECT DISTINCT n.org_id FROM new_calls n JOIN unnest(v_ids) AS u(id) ON u.id = n.id WHERE n.cost_breakdown IS NOT NULL
  LOOP
    PERFORM _act_for_org(v_org_id);
    INSERT INTO @extschema@.call_cost_components (call_id, org_id, component, sub_type, cost, minutes, characters, prompt_tokens, completion_tokens, source)
    SELECT n.id, n.org_id, part.component, part.sub_type, part.cost, part.minutes, part.characters,
           part.prompt_tokens, part.completion_tokens, part.source
      FROM new_calls n
      JOIN unnest(v_ids) AS u(id) ON u.id = n.id
     CROSS JOIN LATERAL _vapi_cost_components(n.cost_breakdown) AS part
     WHERE n.org_id = v_org_id;
  END LOOP;
  PERFORM _act_for_org_restore(v_previous);
  RETURN NULL;
END;
$$;

REVOKE ALL ON FUNCTION golden_record.tg_calls__sync_cost_components() FROM PUBLIC;
