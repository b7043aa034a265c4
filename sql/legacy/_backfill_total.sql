/**
 * _backfill_total(step text) → bigint
 *
 * Private. How many rows a backfill step will visit, for the progress bar: the rows of its
 * table (`calls` for appointment_links, which walks the calls of every org).
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | step | text | calls, contacts, appointments, call_logs or appointment_links |
 *
 * Example: `SELECT _backfill_total('calls');`
 */
CREATE OR REPLACE FUNCTION golden_record._backfill_total(p_step text)
RETURNS bigint
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
DECLARE
  v_count bigint;
BEGIN
  EXECUTE format('SELECT count(*) FROM %s', CASE p_step
    WHEN 'call_logs' THEN _legacy_call_logs_table()::text
    WHEN 'appointment_links' THEN '@extschema@.calls'
    ELSE format('%I.%I', '@extschema@'::text, p_step) END) INTO v_count;
  RETURN v_count;
END;
$$;

REVOKE ALL ON FUNCTION golden_record._backfill_total(text) FROM PUBLIC;
