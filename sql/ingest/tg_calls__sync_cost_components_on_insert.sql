/**
 * tg_calls__sync_cost_components_on_insert (trigger on calls)
 *
 * AFTER INSERT of a call with a cost breakdown: writes its `call_cost_components`
 * (`tg_calls__sync_cost_components`). Named after its function so the install order (by file
 * name) creates the function first.
 */
CREATE OR REPLACE TRIGGER tg_calls__sync_cost_components_on_insert
AFTER INSERT ON @extschema@.calls
FOR EACH ROW
WHEN (NEW.cost_breakdown IS NOT NULL)
EXECUTE FUNCTION golden_record.tg_calls__sync_cost_components();
