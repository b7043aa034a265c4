/**
 * _call_cost_components_write(org_id uuid, call_ids uuid[]) → void
 *
 * Private. Writes the `call_cost_components` of the given calls of one org, read from each
 * call's `cost_breakdown` (`_vapi_cost_components`), in one INSERT: what the cost-component
 * triggers of `calls` do for the calls a statement inserted, or updated to another breakdown
 * or org (after deleting their old rows). Acts for the org (forced row-level security).
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | org_id | uuid | the org of every call given |
 * | call_ids | uuid[] | the calls; one without a breakdown writes nothing |
 *
 * Example: `PERFORM _call_cost_components_write(v_org_id, v_ids);`
 */
CREATE OR REPLACE FUNCTION golden_record._call_cost_components_write(p_org_id uuid, p_call_ids uuid[])
RETURNS void
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
DECLARE
  v_previous text := _act_for_org(p_org_id);
BEGIN
  INSERT INTO @extschema@.call_cost_components (call_id, org_id, component, sub_type, cost, minutes, characters, prompt_tokens, completion_tokens, source)
  SELECT c.id, c.org_id, part.component, part.sub_type, part.cost, part.minutes, part.characters,
         part.prompt_tokens, part.completion_tokens, part.source
    FROM @extschema@.calls c
    JOIN unnest(p_call_ids) AS u(id) ON u.id = c.id
   CROSS JOIN LATERAL _vapi_cost_components(c.cost_breakdown) AS part
   WHERE c.org_id = p_org_id AND c.cost_breakdown IS NOT NULL;
  PERFORM _act_for_org_restore(v_previous);
END;
$$;

REVOKE ALL ON FUNCTION golden_record._call_cost_components_write(uuid, uuid[]) FROM PUBLIC;
