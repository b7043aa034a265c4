/**
 * calls_rollup_delete (trigger on calls)
 *
 * AFTER DELETE, once per statement with its transition table(s): keeps `call_rollups` exact,
 * see `tg_calls__rollup_delete`. (A trigger with transition tables serves one event only.)
 */
CREATE OR REPLACE TRIGGER calls_rollup_delete
AFTER DELETE ON @extschema@.calls
REFERENCING OLD TABLE AS old_calls
FOR EACH STATEMENT EXECUTE FUNCTION golden_record.tg_calls__rollup_delete();
