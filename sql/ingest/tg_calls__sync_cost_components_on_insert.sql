/**
 * tg_calls__sync_cost_components_on_insert (trigger on calls)
 *
 * AFTER INSERT, once per statement with its transition table: writes the components of the
 * calls inserted with a cost breakdown (`tg_calls__add_cost_components`). A trigger with
 * transition tables serves one event only, hence one for INSERT and one for UPDATE (whose
 * function reads the old rows too); the name is kept from when one function served both.
 */
CREATE OR REPLACE TRIGGER tg_calls__sync_cost_components_on_insert
AFTER INSERT ON @extschema@.calls
REFERENCING NEW TABLE AS new_calls
FOR EACH STATEMENT EXECUTE FUNCTION golden_record.tg_calls__add_cost_components();
