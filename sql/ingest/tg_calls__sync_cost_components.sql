/**
 * tg_calls__sync_cost_components() → trigger
 *
 * AFTER UPDATE statement trigger function of `calls` (trigger
 * `tg_calls__sync_cost_components_on_update`): rewrites the `call_cost_components` of the
 * calls the statement updated to another cost breakdown (a redelivered report that changes
 * the amounts) or moved to another org: their rows are deleted as the old org (only it sees
 * them) and written again as the new one (`_call_cost_components_write`). An update that
 * leaves every breakdown and org as it was writes nothing. Runs as its owner, so any writer of
 * `calls` keeps the components right.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | (trigger) | | AFTER UPDATE on calls, once per statement, with the transition tables `old_calls` and `new_calls` |
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
  v_changed uuid[] := ARRAY(
    SELECT n.id FROM new_calls n JOIN old_calls o ON o.id = n.id
     WHERE o.cost_breakdown IS DISTINCT FROM n.cost_breakdown OR o.org_id IS DISTINCT FROM n.org_id);
  v_org_id uuid;
  v_ids uuid[];
BEGIN
  IF cardinality(v_changed) = 0 THEN
    RETURN NULL;
  END IF;
  FOR v_org_id, v_ids IN
    SELECT o.org_id, array_agg(o.id) FROM old_calls o JOIN unnest(v_changed) AS u(id) ON u.id = o.id GROUP BY o.org_id ORDER BY 1
  LOOP
    PERFORM _act_for_org(v_org_id);
    DELETE FROM @extschema@.call_cost_components cc WHERE cc.call_id = ANY (v_ids);
  END LOOP;
  PERFORM _act_for_org_restore(v_previous);
  PERFORM _call_cost_components_write(array_agg(n.org_id), array_agg(n.id))
     FROM new_calls n JOIN unnest(v_changed) AS u(id) ON u.id = n.id;
  RETURN NULL;
END;
$$;

REVOKE ALL ON FUNCTION golden_record.tg_calls__sync_cost_components() FROM PUBLIC;
