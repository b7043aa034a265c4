/**
 * calls_rollup_insert (trigger on calls)
 *
 * AFTER INSERT, once per statement with its transition table(s): keeps `call_rollups` exact,
 * see `tg_calls__rollup_insert`. (A trigger with transition tables serves one event only.)
 */
CREATE OR REPLACE TRIGGER calls_rollup_insert
AFTER INSERT ON @extschema@.calls
REFERENCING NEW TABLE AS new_calls
FOR EACH STATEMENT EXECUTE FUNCTION golden_record.tg_calls__rollup_insert();
