/**
 * calls_rollup_update (trigger on calls)
 *
 * AFTER UPDATE, once per statement with its transition table(s): keeps `call_rollups` exact,
 * see `tg_calls__rollup_update`. (A trigger with transition tables serves one event only.)
 */
CREATE OR REPLACE TRIGGER calls_rollup_update
AFTER UPDATE ON @extschema@.calls
REFERENCING OLD TABLE AS old_calls NEW TABLE AS new_calls
FOR EACH STATEMENT EXECUTE FUNCTION golden_record.tg_calls__rollup_update();
