/**
 * _vapi_events_drop_partitions(keep interval) → setof text
 *
 * Private maintenance, the retention of raw bodies (`golden-record retention --events 90d`).
 * Drops every partition of `vapi_events` whose rows were all received more than `keep` ago
 * (its upper bound is at or before now() - keep), and deletes such rows from the default
 * partition; returns what it dropped. Calls are never touched: nothing references an event.
 * Each DROP holds ACCESS EXCLUSIVE on the parent for a catalogue change only.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | keep | interval | how long raw bodies are kept, e.g. '90 days' (at least one day) |
 *
 * Raises SQLSTATE 22023 when keep is NULL or shorter than a day.
 *
 * Example: `SELECT * FROM _vapi_events_drop_partitions('90 days');`
 */
CREATE OR REPLACE FUNCTION golden_record._vapi_events_drop_partitions(p_keep interval)
RETURNS SETOF text
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
DECLARE
  v_cutoff timestamptz;
  v_partition regclass;
  v_name text;
  v_deleted bigint;
BEGIN
  IF p_keep IS NULL OR p_keep < interval '1 day' THEN
    RAISE EXCEPTION 'retention: keep raw bodies at least one day, got %', coalesce(p_keep::text, 'NULL')
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  v_cutoff := now() - p_keep;
  FOR v_partition IN
    SELECT p.partition FROM _vapi_events_partitions() p WHERE NOT p.is_default AND p.upper_bound <= v_cutoff ORDER BY p.upper_bound
  LOOP
    v_name := v_partition::text;
    EXECUTE format('DROP TABLE %s', v_name);
    RETURN NEXT v_name;
  END LOOP;
  FOR v_partition IN SELECT p.partition FROM _vapi_events_partitions() p WHERE p.is_default LOOP
    EXECUTE format('DELETE FROM %s WHERE received_at < $1', v_partition) USING v_cutoff;
    GET DIAGNOSTICS v_deleted = ROW_COUNT;
    IF v_deleted > 0 THEN
      RETURN NEXT format('%s (%s rows)', v_partition, v_deleted);
    END IF;
  END LOOP;
END;
$$;

REVOKE ALL ON FUNCTION golden_record._vapi_events_drop_partitions(interval) FROM PUBLIC;
