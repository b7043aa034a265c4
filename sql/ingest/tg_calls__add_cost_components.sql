/**
 * tg_calls__add_cost_components() → trigger
 *
 * AFTER INSERT statement trigger function of `calls` (trigger
 * `tg_calls__sync_cost_components_on_insert`): writes the `call_cost_components` of the calls
 * the statement inserted with a cost breakdown, one INSERT per org
 * (`_call_cost_components_write`), so a bulk load of reports does not run a trigger and a
 * statement per call. Runs as its owner, so any writer of `calls` (ingest, a legacy
 * application, a backfill) keeps the components right.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | (trigger) | | AFTER INSERT on calls, once per statement, with the transition table `new_calls` |
 *
 * Example: `INSERT INTO calls (org_id, vapi_call_id, cost_breakdown) VALUES ($1, 'call-1', '{"costs": [...]}');`
 */
CREATE OR REPLACE FUNCTION golden_record.tg_calls__add_cost_components()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
BEGIN
  PERFORM _call_cost_components_write(array_agg(n.org_id), array_agg(n.id))
     FROM new_calls n WHERE n.cost_breakdown IS NOT NULL
   HAVING count(*) > 0;
  RETURN NULL;
END;
$$;

REVOKE ALL ON FUNCTION golden_record.tg_calls__add_cost_components() FROM PUBLIC;
