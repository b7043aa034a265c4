/**
 * replay_quarantined(reason text default null) → jsonb
 *
 * Hands every quarantined delivery still waiting (`replay_outcome IS NULL`), oldest first, to
 * `ingest_vapi_call` again, with the org it was quarantined under (NULL: resolved again from
 * vapi_org_mappings); for instance after a DBA added the org mapping behind `unknown_org`.
 * Each replayed row gets `replayed_at` and `replay_outcome` (the new status) and stays as
 * history. A delivery that is quarantined again gets a new quarantine row, which waits in turn;
 * so the deliveries waiting are always `vapi_quarantine` rows with `replay_outcome IS NULL`.
 * Rows another session is replaying are skipped.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | reason | text | replay only this reason, e.g. `unknown_org` (NULL: every reason) |
 *
 * Returns counts: `{"replayed": n, "ingested": n, "updated": n, "duplicate": n, "ignored": n, "quarantined": n}`.
 *
 * Example: `INSERT INTO vapi_org_mappings VALUES ('assistant', 'asst_1', '7b0c...'); SELECT replay_quarantined('unknown_org');`
 */
CREATE OR REPLACE FUNCTION @extschema@.replay_quarantined(p_reason text DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
DECLARE
  q record;
  v_result jsonb;
  v_status text;
  v_counts jsonb := '{"replayed": 0, "ingested": 0, "updated": 0, "duplicate": 0, "ignored": 0, "quarantined": 0}'::jsonb;
  v_previous text := _act_for_org(NULL);
BEGIN
  FOR q IN
    SELECT id, org_id, payload, payload_text
    FROM @extschema@.vapi_quarantine
    WHERE replay_outcome IS NULL AND (p_reason IS NULL OR reason = p_reason)
    ORDER BY id
    FOR UPDATE SKIP LOCKED
  LOOP
    v_result := CASE WHEN q.payload_text IS NOT NULL
      THEN @extschema@.ingest_vapi_call(q.payload_text, q.org_id)
      ELSE @extschema@.ingest_vapi_call(q.payload, q.org_id)
    END;
    v_status := v_result->>'status';
    PERFORM _act_for_org(q.org_id);
    UPDATE @extschema@.vapi_quarantine SET replayed_at = now(), replay_outcome = v_status WHERE id = q.id;
    v_counts := v_counts || jsonb_build_object('replayed', (v_counts->>'replayed')::integer + 1,
                                               v_status, coalesce((v_counts->>v_status)::integer, 0) + 1);
  END LOOP;
  PERFORM _act_for_org_restore(v_previous);
  RETURN v_counts;
END;
$$;

REVOKE ALL ON FUNCTION @extschema@.replay_quarantined(text) FROM PUBLIC;
