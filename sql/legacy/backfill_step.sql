/**
 * backfill_step(batch_size integer default 2000) → jsonb
 *
 * Runs one batch of the unfinished backfill run (see backfill_start) and records how far it
 * got, in the same transaction: call it in its own transaction (autocommit), again and again,
 * until `finished`. A batch that fails or is killed leaves no trace and is redone by the next
 * call. Two callers at once take turns (the run's row is locked per batch).
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | batch_size | integer | rows per batch, 1 to 100000 (default 2000) |
 *
 * Returns `{"run_id", "step" (the step this batch belonged to), "batch" (its counts),
 * "step_done", "next_step", "next_total" (rows the next step will visit, when this batch ended
 * a step), "finished", "counts" (the run's counts so far)}`; with no
 * unfinished run, `{"finished": true, "run_id": the last run, "counts": its counts}`.
 *
 * Errors: 22023 when batch_size is out of range.
 *
 * Example: `SELECT backfill_step(2000);`
 */
CREATE OR REPLACE FUNCTION golden_record.backfill_step(p_batch_size integer DEFAULT 2000)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
DECLARE
  v_run golden_record.backfill_runs;
  v_step text;
  v_batch jsonb;
  v_done boolean;
BEGIN
  IF p_batch_size IS NULL OR p_batch_size NOT BETWEEN 1 AND 100000 THEN
    RAISE EXCEPTION 'backfill_step: batch_size must be between 1 and 100000, not %', p_batch_size
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  SELECT * INTO v_run FROM golden_record.backfill_runs WHERE finished_at IS NULL FOR UPDATE;
  IF NOT FOUND THEN
    SELECT * INTO v_run FROM golden_record.backfill_runs ORDER BY id DESC LIMIT 1;
    RETURN jsonb_build_object('finished', true, 'run_id', v_run.id, 'counts', coalesce(v_run.counts, '{}'));
  END IF;

  v_step := v_run.step;
  v_batch := CASE v_step
    WHEN 'calls' THEN _backfill_calls(v_run.position, p_batch_size)
    WHEN 'contacts' THEN _backfill_twin('@extschema@.contacts', 'phone', 'phone_number', v_run.position, p_batch_size)
    WHEN 'appointments' THEN _backfill_twin('@extschema@.appointments', 'google_calendar_event_id', 'calendar_event_id', v_run.position, p_batch_size)
    WHEN 'call_logs' THEN _backfill_call_logs(_legacy_call_logs_table(), v_run.position, p_batch_size)
    WHEN 'appointment_links' THEN _backfill_links(v_run.position, p_batch_size)
  END;
  IF v_batch IS NULL THEN
    RAISE EXCEPTION 'backfill_step: unknown step % in run %', v_step, v_run.id;
  END IF;
  v_done := (v_batch ->> 'done')::boolean;

  UPDATE golden_record.backfill_runs
     SET counts = _backfill_add_counts(counts, v_step, v_batch -> 'counts'),
         position = CASE WHEN v_done THEN NULL ELSE v_batch ->> 'position' END,
         step = CASE WHEN v_done THEN steps[array_position(steps, v_step) + 1] ELSE step END,
         finished_at = CASE WHEN v_done AND array_position(steps, v_step) = cardinality(steps) THEN now() END,
         updated_at = now()
   WHERE id = v_run.id
  RETURNING * INTO v_run;

  RETURN jsonb_build_object(
    'run_id', v_run.id,
    'step', v_step,
    'batch', v_batch -> 'counts',
    'step_done', v_done,
    'next_step', v_run.step,
    'next_total', CASE WHEN v_done AND v_run.step IS NOT NULL THEN _backfill_total(v_run.step) END,
    'finished', v_run.finished_at IS NOT NULL,
    'counts', v_run.counts);
END;
$$;

REVOKE ALL ON FUNCTION golden_record.backfill_step(integer) FROM PUBLIC;
