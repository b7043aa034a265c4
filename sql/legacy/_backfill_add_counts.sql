/**
 * _backfill_add_counts(counts jsonb, step text, batch jsonb) → jsonb
 *
 * Private. Adds a batch's counts to a run's counts under its step: numbers are summed, other
 * values (the last error) replace the previous one.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | counts | jsonb | the run's counts, `{"calls": {...}, "call_logs": {...}}` |
 * | step | text | the step the batch belongs to |
 * | batch | jsonb | the batch's counts |
 *
 * Example: `SELECT _backfill_add_counts('{"calls": {"scanned": 2}}', 'calls', '{"scanned": 3}');` → {"calls": {"scanned": 5}}
 */
CREATE OR REPLACE FUNCTION golden_record._backfill_add_counts(p_counts jsonb, p_step text, p_batch jsonb)
RETURNS jsonb
LANGUAGE sql
IMMUTABLE
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
  SELECT p_counts || jsonb_build_object(p_step, coalesce(p_counts -> p_step, '{}') || coalesce((
    SELECT jsonb_object_agg(b.key, CASE WHEN jsonb_typeof(b.value) = 'number'
                                        THEN to_jsonb(coalesce((p_counts -> p_step ->> b.key)::numeric, 0) + b.value::numeric)
                                        ELSE b.value END)
      FROM jsonb_each(p_batch) AS b), '{}'));
$$;

REVOKE ALL ON FUNCTION golden_record._backfill_add_counts(jsonb, text, jsonb) FROM PUBLIC;
