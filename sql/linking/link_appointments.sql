/**
 * link_appointments(org_id uuid, since timestamptz default '-infinity', batch_size integer default 500, after_call_id uuid default null) → jsonb
 *
 * Links historical rows: for a database that had calls and appointments before this package
 * (whose triggers only see new writes). Runs the same linking as the triggers over one batch
 * of the org's calls, in `(created_at, id)` order from `since`: by Vapi call id in one
 * statement for the whole batch, then the time-window fallback of `_link_appointments_to_call`
 * for each call still without an appointment; and says where the next batch starts. Call it
 * again with that cursor, one transaction per batch, until `done`: it is idempotent (a linked
 * appointment stays as it is), so a run stopped anywhere is resumed by calling again from the
 * last cursor, or from the start. A batch locks the rows of the calls it
 * visits until it commits (writers of those calls wait that long): keep batches small on a
 * busy database.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | org_id | uuid | the org whose calls to link (required) |
 * | since | timestamptz | first `calls.created_at` to visit (default: the oldest call) |
 * | batch_size | integer | how many calls this call visits (1 to 100000, default 500) |
 * | after_call_id | uuid | with `since`: resume after this call among those created at `since` |
 *
 * | returns (jsonb) | meaning |
 * |---|---|
 * | calls | calls visited in this batch |
 * | linked | appointments linked in this batch |
 * | done | true when no call is left after this batch |
 * | next_since, next_after_call_id | the cursor of the next batch (NULL when done) |
 *
 * Errors: 22023 when org_id is NULL or batch_size is out of range.
 *
 * Example:
 *   SELECT link_appointments('9f1c...'::uuid);                 -- first batch
 *   SELECT link_appointments('9f1c...'::uuid, '2024-05-01 10:00+00', 500, 'c2d4...'::uuid); -- next
 */
CREATE OR REPLACE FUNCTION @extschema@.link_appointments(
  p_org_id uuid,
  p_since timestamptz DEFAULT '-infinity',
  p_batch_size integer DEFAULT 500,
  p_after_call_id uuid DEFAULT NULL
)
RETURNS jsonb
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
DECLARE
  v_previous text;
  v_batch @extschema@.calls[];
  v_call @extschema@.calls;
  v_calls integer;
  v_linked integer;
BEGIN
  IF p_org_id IS NULL THEN
    RAISE EXCEPTION 'link_appointments: org_id is required' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF p_batch_size IS NULL OR p_batch_size NOT BETWEEN 1 AND 100000 THEN
    RAISE EXCEPTION 'link_appointments: batch_size must be between 1 and 100000, not %', p_batch_size
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  v_previous := _act_for_org(p_org_id);

  -- Locked as a writer of each call would hold it: what _link_appointments_to_call expects.
  v_batch := ARRAY(
    SELECT c
      FROM @extschema@.calls c
     WHERE c.org_id = p_org_id
       AND (c.created_at, c.id) > (coalesce(p_since, '-infinity'), coalesce(p_after_call_id, '00000000-0000-0000-0000-000000000000'))
     ORDER BY c.created_at, c.id
     LIMIT p_batch_size
       FOR NO KEY UPDATE);
  v_calls := cardinality(v_batch);

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

  PERFORM _act_for_org_restore(v_previous);
  RETURN jsonb_build_object(
    'calls', v_calls,
    'linked', v_linked,
    'done', v_calls < p_batch_size,
    'next_since', CASE WHEN v_calls = p_batch_size THEN v_batch[v_calls].created_at END,
    'next_after_call_id', CASE WHEN v_calls = p_batch_size THEN v_batch[v_calls].id END
  );
END;
$$;

REVOKE ALL ON FUNCTION @extschema@.link_appointments(uuid, timestamptz, integer, uuid) FROM PUBLIC;
