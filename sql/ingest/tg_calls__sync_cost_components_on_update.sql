/**
 * tg_calls__sync_cost_components_on_update (trigger on calls)
 *
 * AFTER UPDATE, once per statement with its transition tables: rewrites the components of the
 * calls whose cost breakdown changed or that moved to another org
 * (`tg_calls__sync_cost_components`); an update that changes neither writes nothing.
 */
CREATE OR REPLACE TRIGGER tg_calls__sync_cost_components_on_update
AFTER UPDATE ON @extschema@.calls
REFERENCING OLD TABLE AS old_calls NEW TABLE AS new_calls
FOR EACH STATEMENT EXECUTE FUNCTION golden_record.tg_calls__sync_cost_components();
