/**
 * calls_rollup_truncate (trigger on calls)
 *
 * AFTER TRUNCATE: empties the rollups, see `tg_calls__rollup_truncate`.
 */
CREATE OR REPLACE TRIGGER calls_rollup_truncate
AFTER TRUNCATE ON @extschema@.calls
FOR EACH STATEMENT EXECUTE FUNCTION golden_record.tg_calls__rollup_truncate();
