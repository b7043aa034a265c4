/**
 * tg_calls__sync_cost_components_on_update (trigger on calls)
 *
 * AFTER UPDATE that changes a call's cost breakdown (or moves it to another org): rewrites its
 * `call_cost_components` (`tg_calls__sync_cost_components`). An update that leaves the
 * breakdown as it was costs nothing.
 */
CREATE OR REPLACE TRIGGER tg_calls__sync_cost_components_on_update
AFTER UPDATE ON @extschema@.calls
FOR EACH ROW
WHEN (OLD.cost_breakdown IS DISTINCT FROM NEW.cost_breakdown OR OLD.org_id IS DISTINCT FROM NEW.org_id)
EXECUTE FUNCTION golden_record.tg_calls__sync_cost_components();
