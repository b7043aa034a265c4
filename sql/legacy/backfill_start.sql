/**
 * backfill_start() → jsonb
 *
 * Starts `golden-record backfill` on a legacy database, or resumes the run a kill or an error
 * interrupted: the run without `finished_at` in golden_record.backfill_runs is picked up at
 * the batch after the last one that committed. A finished run is never resumed: the next call
 * starts a new run, which finds only what is still missing (the backfill is idempotent).
 * Then call backfill_step() until it says `finished`.
 *
 * The steps of a run, each only where it applies:
 *
 * | step | what it does |
 * |---|---|
 * | calls | cost_cents from metadata.cost / metadata.vapi_cost, ended_reason from the metadata, direction/started_at/ended_at from call_direction/start_time/end_time (a `calls` the package did not create) |
 * | contacts | phone_number from phone |
 * | appointments | calendar_event_id from google_calendar_event_id |
 * | call_logs | merges call_logs (or call_logs_legacy) into calls |
 * | appointment_links | link_appointments for every org |
 *
 * Returns `{"run_id", "resumed", "steps", "step", "finished", "counts", "totals"}`: `totals`
 * has the rows each step will visit (for a progress bar), `counts` what the run did so far.
 *
 * Example: `SELECT backfill_start();`
 */
CREATE OR REPLACE FUNCTION golden_record.backfill_start()
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
DECLARE
  v_run golden_record.backfill_runs;
  v_resumed boolean := true;
  v_steps text[] := '{}'::text[];
  v_totals jsonb := '{}'::jsonb;
  v_step text;
BEGIN
  SELECT * INTO v_run FROM golden_record.backfill_runs WHERE finished_at IS NULL;
  IF NOT FOUND THEN
    v_resumed := false;
    IF _is_legacy_table('calls') THEN
      v_steps := v_steps || 'calls'::text;
    END IF;
    IF (SELECT arguments FROM _legacy_twin_arguments('@extschema@.contacts', ARRAY[['phone', 'phone_number', '']])) IS NOT NULL THEN
      v_steps := v_steps || 'contacts'::text;
    END IF;
    IF (SELECT arguments FROM _legacy_twin_arguments('@extschema@.appointments', ARRAY[['google_calendar_event_id', 'calendar_event_id', '']])) IS NOT NULL THEN
      v_steps := v_steps || 'appointments'::text;
    END IF;
    IF _legacy_call_logs_table() IS NOT NULL THEN
      v_steps := v_steps || 'call_logs'::text;
    END IF;
    IF cardinality(v_steps) > 0 AND to_regprocedure('@extschema@.link_appointments(uuid, text, integer)') IS NOT NULL THEN
      v_steps := v_steps || 'appointment_links'::text;
    END IF;
    BEGIN
      INSERT INTO golden_record.backfill_runs (steps, step, finished_at)
      VALUES (v_steps, v_steps[1], CASE WHEN cardinality(v_steps) = 0 THEN now() END)
      RETURNING * INTO v_run;
    EXCEPTION WHEN unique_violation THEN
      -- Another backfill started at the same moment: this one joins it.
      SELECT * INTO v_run FROM golden_record.backfill_runs WHERE finished_at IS NULL;
      v_resumed := true;
    END;
  END IF;

  FOREACH v_step IN ARRAY v_run.steps LOOP
    v_totals := v_totals || jsonb_build_object(v_step, _backfill_total(v_step));
  END LOOP;

  RETURN jsonb_build_object(
    'run_id', v_run.id,
    'resumed', v_resumed,
    'steps', to_jsonb(v_run.steps),
    'step', v_run.step,
    'finished', v_run.finished_at IS NOT NULL,
    'counts', v_run.counts,
    'totals', v_totals);
END;
$$;

REVOKE ALL ON FUNCTION golden_record.backfill_start() FROM PUBLIC;
