/**
 * _call_cost_components_write(org_ids uuid[], call_ids uuid[]) → void
 *
 * Private. Writes the `call_cost_components` of the given calls, read from each call's
 * `cost_breakdown` (`_vapi_cost_components`), one INSERT per org, in org order, acting for
 * that org (forced row-level security): what the cost-component triggers of `calls` do for
 * the calls a statement inserted, or updated to another breakdown or org (after deleting their
 * old rows).
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | org_ids | uuid[] | the org of each call, element by element |
 * | call_ids | uuid[] | the calls; one without a breakdown writes nothing |
 *
 * Example: `PERFORM _call_cost_components_write(array_agg(n.org_id), array_agg(n.id)) FROM new_calls n;`
 */
CREATE OR REPLACE FUNCTION golden_record._call_cost_components_write(p_org_ids uuid[], p_call_ids uuid[])
RETURNS void
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
DECLARE
  v_previous text := current_setting('golden_record.org_id', true);
  v_org_id uuid;
  v_ids uuid[];
BEGIN
  FOR v_org_id, v_ids IN
    SELECT g.org_id, array_agg(g.id) FROM unnest(p_org_ids, p_call_ids) AS g(org_id, id) GROUP BY g.org_id ORDER BY 1
  LOOP
    PERFORM _act_for_org(v_org_id);
    INSERT INTO @extschema@.call_cost_components (call_id, org_id, component, sub_type, cost, minutes, characters, prompt_tokens, completion_tokens, source)
    SELECT c.id, c.org_id, part.component, part.sub_type, part.cost, part.minutes, part.characters,
           part.prompt_tokens, part.completion_tokens, part.source
      FROM @extschema@.calls c
      JOIN unnest(v_ids) AS u(id) ON u.id = c.id
     CROSS JOIN LATERAL _vapi_cost_components(c.cost_breakdown) AS part
     WHERE c.org_id = v_org_id AND c.cost_breakdown IS NOT NULL;
  END LOOP;
  PERFORM _act_for_org_restore(v_previous);
END;
$$;

REVOKE ALL ON FUNCTION golden_record._call_cost_components_write(uuid[], uuid[]) FROM PUBLIC;
