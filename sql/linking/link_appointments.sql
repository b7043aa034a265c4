/**
 * link_appointments(org_id uuid, cursor text default null, batch_size integer default 500) → jsonb
 *
 * Links historical rows: for a database that had calls and appointments before this package
 * (whose triggers only see new writes). Runs the same linking as the triggers over one batch
 * of the org's calls, in `(created_at, id)` order: by Vapi call id in one statement for the
 * whole batch, then the time-window fallback of `_link_appointments_to_call` for each call
 * still without an appointment; and returns an opaque cursor for the next batch. Call it again with that cursor, one transaction per batch, until `done`: it is
 * idempotent (a linked appointment stays as it is, and a cursor can be passed again), so a run
 * stopped anywhere is resumed from the last cursor, or from the start. A batch locks the rows
 * of the calls it visits until it commits (writers of those calls wait that long): keep
 * batches small on a busy database.
 *
 * The ingest role may run it for any org, so it returns counts only: the cursor is a random
 * token for a position kept in golden_record.link_cursors (for 7 days), never a call id or a
 * time of the org.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | org_id | uuid | the org whose calls to link (required) |
 * | cursor | text | the `next_cursor` of the previous batch for the same org (NULL: from the oldest call) |
 * | batch_size | integer | how many calls this call visits (1 to 100000, default 500) |
 *
 * | returns (jsonb) | meaning |
 * |---|---|
 * | calls | calls visited in this batch |
 * | linked | appointments linked in this batch |
 * | done | true when no call is left after this batch |
 * | next_cursor | the cursor of the next batch (NULL when done) |
 *
 * Errors: 22023 when org_id is NULL, batch_size is out of range, or the cursor is not one this
 * function returned for that org.
 *
 * Example:
 *   SELECT link_appointments('9f1c...'::uuid);                                  -- first batch
 *   SELECT link_appointments('9f1c...'::uuid, '<next_cursor of the last batch>'); -- next
 */
CREATE OR REPLACE FUNCTION @extschema@.link_appointments(
  p_org_id uuid,
  p_cursor text DEFAULT NULL,
  p_batch_size integer DEFAULT 500
)
RETURNS jsonb
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
DECLARE
  v_previous text;
  v_position golden_record.link_cursors;
  v_batch @extschema@.calls[];
  v_call @extschema@.calls;
  v_calls integer;
  v_linked integer;
  v_last_created_at timestamptz := '-infinity'::timestamptz;
  v_last_id uuid := '00000000-0000-0000-0000-000000000000'::uuid;
  v_next uuid;
BEGIN
  IF p_org_id IS NULL THEN
    RAISE EXCEPTION 'link_appointments: org_id is required' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF p_batch_size IS NULL OR p_batch_size NOT BETWEEN 1 AND 100000 THEN
    RAISE EXCEPTION 'link_appointments: batch_size must be between 1 and 100000, not %', p_batch_size
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF p_cursor IS NOT NULL THEN
    SELECT * INTO v_position FROM golden_record.link_cursors
     WHERE token::text = lower(btrim(p_cursor)) AND org_id = p_org_id;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'link_appointments: unknown cursor: pass the next_cursor of the previous batch of this org unchanged'
        USING ERRCODE = 'invalid_parameter_value';
    END IF;
    v_last_created_at := v_position.after_created_at;
    v_last_id := v_position.after_call_id;
  END IF;
  v_previous := _act_for_org(p_org_id);

  -- Locked as a writer of each call would hold it: what _link_appointments_to_call expects.
  v_batch := ARRAY(
    SELECT c
      FROM @extschema@.calls c
     WHERE c.org_id = p_org_id
       AND (c.created_at, c.id) > (v_last_created_at, v_last_id)
     ORDER BY c.created_at, c.id
     LIMIT p_batch_size
       FOR NO KEY UPDATE);
  v_calls := cardinality(v_batch);

  -- By Vapi id, for the whole batch in one statement; then the fallback, call by call.
  UPDATE @extschema@.appointments a
     SET call_id = b.id
    FROM unnest(v_batch) b
   WHERE a.org_id = b.org_id
     AND a.vapi_call_id = b.vapi_call_id
     AND a.call_id IS DISTINCT FROM b.id;
  GET DIAGNOSTICS v_linked = ROW_COUNT;

  FOREACH v_call IN ARRAY v_batch LOOP
    v_linked := v_linked + _link_appointments_to_call(v_call, false);
  END LOOP;
  IF v_calls > 0 THEN
    v_last_created_at := v_batch[v_calls].created_at;
    v_last_id := v_batch[v_calls].id;
  END IF;

  PERFORM _act_for_org_restore(v_previous);
  IF v_calls = p_batch_size THEN
    v_next := gen_random_uuid();
    INSERT INTO golden_record.link_cursors (token, org_id, after_created_at, after_call_id)
    VALUES (v_next, p_org_id, v_last_created_at, v_last_id);
  END IF;
  DELETE FROM golden_record.link_cursors WHERE created_at < now() - interval '7 days';
  RETURN jsonb_build_object('calls', v_calls, 'linked', v_linked, 'done', v_calls < p_batch_size, 'next_cursor', v_next);
END;
$$;

REVOKE ALL ON FUNCTION @extschema@.link_appointments(uuid, text, integer) FROM PUBLIC;
