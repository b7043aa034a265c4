/**
 * link_appointments(org_id uuid, cursor text default null, batch_size integer default 500) → jsonb
 *
 * Links historical rows: for a database that had calls and appointments before this package
 * (whose triggers only see new writes). Runs the same linking as the triggers
 * (`_link_call_appointments`: by Vapi call id, then the time-window fallback) over one batch of
 * the org's calls, in `(created_at, id)` order, and returns an opaque cursor for the next
 * batch. Call it again with that cursor, one transaction per batch, until `done`: it is
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
  v_call record;
  v_calls integer := 0;
  v_linked integer := 0;
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

  FOR v_call IN
    SELECT c.id, c.created_at
      FROM @extschema@.calls c
     WHERE c.org_id = p_org_id
       AND (c.created_at, c.id) > (v_last_created_at, v_last_id)
     ORDER BY c.created_at, c.id
     LIMIT p_batch_size
       -- What _link_call_appointments expects of its caller (as a writer of the call would).
       FOR NO KEY UPDATE
  LOOP
    v_linked := v_linked + _link_call_appointments(v_call.id);
    v_calls := v_calls + 1;
    v_last_created_at := v_call.created_at;
    v_last_id := v_call.id;
  END LOOP;

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
