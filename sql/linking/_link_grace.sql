/**
 * _link_grace() → interval
 *
 * Private. How long after a call's end an appointment without a Vapi call id may still be
 * matched to that call by the fallback: `golden_record.linking_settings.fallback_grace`
 * (default 5 minutes). A DBA changes it without redefining any function:
 * `UPDATE golden_record.linking_settings SET fallback_grace = interval '10 minutes';`
 *
 * | returns | meaning |
 * |---|---|
 * | interval | the grace period (5 minutes if the settings row was deleted) |
 *
 * Example: `SELECT _link_grace();`
 */
CREATE OR REPLACE FUNCTION golden_record._link_grace()
RETURNS interval
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
BEGIN
  -- plpgsql, not sql: a SQL function with a SET clause is never inlined and plans its query on
  -- every call, where plpgsql keeps the plan for the session (this runs once per call linked).
  RETURN coalesce((SELECT fallback_grace FROM golden_record.linking_settings), interval '5 minutes');
END;
$$;

REVOKE ALL ON FUNCTION golden_record._link_grace() FROM PUBLIC;
