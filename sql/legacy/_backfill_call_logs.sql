/**
 * _backfill_call_logs(call_logs regclass, position text, batch_size integer) → jsonb
 *
 * Private, one batch of the backfill's `call_logs` step: merges the next `batch_size` rows of
 * the legacy log (in call_sid order, after `position`) into `calls`. The log is only read,
 * never emptied.
 * - A row whose Vapi id has a `calls` row (a twin) fills what that call is missing, never
 *   overwriting: cost_cents, ended_reason, direction, started_at, ended_at, duration_seconds,
 *   recording_url, transcript, summary, status, phone_number (see _call_log_golden).
 * - A row whose Vapi id has no `calls` row (its call was deleted, or never copied) becomes a
 *   call: the columns both tables share, the golden ones, and its metadata with
 *   `"merged_from": "<table>"`. A row the calls table refuses (a constraint of the legacy
 *   schema) is counted with the last error, and the step goes on.
 * - A row without a Vapi id stays where it is and is counted.
 * - A 0 in a column whose default is 0 (`total_cost numeric DEFAULT 0`, see
 *   _zero_default_columns) is unknown, not free: it gives nothing (_without_default_zeros), so
 *   the cost falls back to other evidence, else stays NULL. Rows whose only cost was such a 0
 *   are counted as `unknown_cost_zero`. A value above 0 is evidence and used.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | call_logs | regclass | the legacy log (see _legacy_call_logs_table) |
 * | position | text | the last call_sid of the previous batch (NULL: from the start) |
 * | batch_size | integer | rows per batch |
 *
 * Returns `{"position": last call_sid, "done": boolean, "counts": {"scanned", "without_vapi_id",
 * "unknown_cost_zero", "twins_filled", "twins_complete", "calls_inserted", "calls_insert_failed",
 * "last_error"}}`.
 *
 * Example: `SELECT _backfill_call_logs('call_logs', NULL, 2000);`
 */
CREATE OR REPLACE FUNCTION golden_record._backfill_call_logs(p_call_logs regclass, p_position text, p_batch_size integer)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
DECLARE
  v_rows jsonb[];
  v_zero_defaults text[] := _zero_default_columns(p_call_logs);
  v_counts jsonb;
  v_orphan record;
  v_doc jsonb;
  v_columns text;
  v_count integer;
  v_inserted integer := 0;
  v_failed integer := 0;
  v_last_error text;
BEGIN
  EXECUTE format('SELECT array_agg(to_jsonb(l) ORDER BY l.call_sid) FROM (SELECT * FROM %s l WHERE %s ORDER BY l.call_sid LIMIT $2) l',
                 p_call_logs, CASE WHEN p_position IS NULL THEN 'true' ELSE 'l.call_sid > $1' END)
    INTO v_rows
    USING p_position, p_batch_size;
  v_rows := coalesce(v_rows, '{}');

  WITH log_rows AS (
    SELECT r, known, _call_log_golden(known) AS g
      FROM unnest(v_rows) AS r, _without_default_zeros(r, v_zero_defaults) AS known
  ), logs AS (
    SELECT nullif(btrim(r ->> 'vapi_call_id'), '') AS vapi_call_id, g,
           known <> r AND NOT g ? 'cost_cents' AND _call_log_golden(r) ? 'cost_cents' AS cost_unknown_zero
      FROM log_rows
  ), twins AS (
    SELECT c.id AS call_id, logs.g FROM logs JOIN @extschema@.calls c ON c.vapi_call_id = logs.vapi_call_id
  ), updated AS (
    UPDATE @extschema@.calls c
       SET cost_cents = coalesce(c.cost_cents, (t.g ->> 'cost_cents')::integer),
           ended_reason = coalesce(c.ended_reason, t.g ->> 'ended_reason'),
           direction = coalesce(c.direction, t.g ->> 'direction'),
           started_at = coalesce(c.started_at, (t.g ->> 'started_at')::timestamptz),
           ended_at = coalesce(c.ended_at, (t.g ->> 'ended_at')::timestamptz),
           duration_seconds = coalesce(c.duration_seconds, (t.g ->> 'duration_seconds')::integer),
           recording_url = coalesce(c.recording_url, t.g ->> 'recording_url'),
           transcript = coalesce(c.transcript, t.g ->> 'transcript'),
           summary = coalesce(c.summary, t.g ->> 'summary'),
           status = coalesce(c.status, t.g ->> 'status'),
           phone_number = coalesce(c.phone_number, t.g ->> 'phone_number')
      FROM twins t
     WHERE c.id = t.call_id
       AND ((c.cost_cents IS NULL AND t.g ? 'cost_cents') OR (c.ended_reason IS NULL AND t.g ? 'ended_reason')
         OR (c.direction IS NULL AND t.g ? 'direction') OR (c.started_at IS NULL AND t.g ? 'started_at')
         OR (c.ended_at IS NULL AND t.g ? 'ended_at') OR (c.duration_seconds IS NULL AND t.g ? 'duration_seconds')
         OR (c.recording_url IS NULL AND t.g ? 'recording_url') OR (c.transcript IS NULL AND t.g ? 'transcript')
         OR (c.summary IS NULL AND t.g ? 'summary') OR (c.status IS NULL AND t.g ? 'status')
         OR (c.phone_number IS NULL AND t.g ? 'phone_number'))
    RETURNING c.id
  )
  SELECT jsonb_build_object(
           'scanned', (SELECT count(*) FROM logs),
           'without_vapi_id', (SELECT count(*) FROM logs WHERE vapi_call_id IS NULL),
           'unknown_cost_zero', (SELECT count(*) FROM logs WHERE cost_unknown_zero),
           'twins_filled', (SELECT count(*) FROM updated),
           'twins_complete', (SELECT count(*) FROM twins) - (SELECT count(*) FROM updated))
    INTO v_counts;

  FOR v_orphan IN
    SELECT r, nullif(btrim(r ->> 'vapi_call_id'), '') AS vapi_call_id, _call_log_golden(_without_default_zeros(r, v_zero_defaults)) AS g
      FROM unnest(v_rows) AS r
     WHERE nullif(btrim(r ->> 'vapi_call_id'), '') IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM @extschema@.calls c WHERE c.vapi_call_id = nullif(btrim(r ->> 'vapi_call_id'), ''))
  LOOP
    v_doc := jsonb_strip_nulls(v_orphan.r - ARRAY['id', 'metadata', 'updated_at']) || v_orphan.g
             || jsonb_build_object(
                  'vapi_call_id', v_orphan.vapi_call_id,
                  'metadata', CASE WHEN jsonb_typeof(v_orphan.r -> 'metadata') = 'object' THEN v_orphan.r -> 'metadata' ELSE '{}' END
                              || jsonb_build_object('merged_from', (SELECT relname FROM pg_class WHERE oid = p_call_logs)));
    SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) INTO v_columns
      FROM pg_attribute a
     WHERE a.attrelid = '@extschema@.calls'::regclass AND a.attnum > 0 AND NOT a.attisdropped
       AND a.attgenerated = '' AND a.attidentity = '' AND a.attname <> 'id' AND v_doc ? a.attname;
    BEGIN
      EXECUTE format('INSERT INTO @extschema@.calls (%1$s) SELECT %1$s FROM jsonb_populate_record(NULL::@extschema@.calls, $1) ON CONFLICT DO NOTHING', v_columns)
        USING v_doc;
      GET DIAGNOSTICS v_count = ROW_COUNT;
      v_inserted := v_inserted + v_count;
    EXCEPTION WHEN integrity_constraint_violation OR data_exception THEN
      v_failed := v_failed + 1;
      v_last_error := format('%s %s: %s (SQLSTATE %s)', p_call_logs, v_orphan.vapi_call_id, SQLERRM, SQLSTATE);
    END;
  END LOOP;

  RETURN jsonb_build_object(
    'position', v_rows[cardinality(v_rows)] ->> 'call_sid',
    'done', cardinality(v_rows) < p_batch_size,
    'counts', v_counts || jsonb_build_object('calls_inserted', v_inserted, 'calls_insert_failed', v_failed)
              || jsonb_strip_nulls(jsonb_build_object('last_error', v_last_error)));
END;
$$;

REVOKE ALL ON FUNCTION golden_record._backfill_call_logs(regclass, text, integer) FROM PUBLIC;
