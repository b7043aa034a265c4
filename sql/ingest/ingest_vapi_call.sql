/**
 * ingest_vapi_call(payload jsonb, org_id uuid default null) → jsonb
 *
 * Turns one Vapi webhook delivery into the call's golden record (SPEC §3, §4): stores the raw
 * delivery, reads the message (`{"message": {...}}` or a bare message), upserts the `calls` row
 * keyed by the Vapi call id (the linking triggers then link its appointments) and says what it
 * did. Every delivery ends as exactly one row of `vapi_events` (ingested, updated, duplicate,
 * ignored) or `vapi_quarantine` (with the reason and the whole body). Bad input never raises:
 * it is quarantined. Payload text is only ever data, never SQL.
 *
 * - end-of-call-report: creates or updates the row; a redelivery lands on the same row
 *   (`duplicate` when nothing changed, also when an older report arrives after a newer one).
 * - status-update: creates or advances the row; status never moves backwards and nothing a
 *   report wrote is overwritten.
 * - any other type (tool-calls, conversation-update, transcript, speech-update, hang,
 *   function-call, chat.*, session.*, call.deleted, ...) and a chat's end-of-call-report:
 *   `ignored`, stored, the record untouched.
 * - an n8n webhook envelope (`{"headers", "params", "query", "body": {"message": ...}}`) is
 *   unwrapped, with a note.
 * - quarantined: the body is not an object, has no message type, an end-of-call-report or
 *   status-update has no call id (or one longer than 255 characters), the org is unknown, the
 *   call id belongs to another org, or the database rejected a value (`rejected`).
 *
 * Org: `org_id` when given, else `vapi_org_mappings` (the call's assistant id, phone number id,
 * then Vapi org id), else quarantine `unknown_org` (replay it with `replay_quarantined` after
 * adding the mapping). Runs as its owner, acting for that org only.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | payload | jsonb | the webhook body, as Vapi sent it |
 * | org_id | uuid | the org of the call (NULL: resolve it from vapi_org_mappings) |
 *
 * | returns (jsonb) | meaning |
 * |---|---|
 * | status | `ingested`, `updated`, `duplicate`, `ignored` or `quarantined` |
 * | call_id | the `calls` row (ingested, updated, duplicate) |
 * | org_id | the org the delivery was filed under (given or resolved) |
 * | vapi_call_id, message_type | as read from the body |
 * | event_id / quarantine_id | the row that keeps the delivery |
 * | notes | what was read in an unusual way (e.g. a cost given as a string) |
 * | reason, detail | why it was quarantined |
 *
 * Example: `SELECT ingest_vapi_call($1::jsonb, '7b0c...'::uuid);`
 * → `{"status": "ingested", "call_id": "5f1e...", "vapi_call_id": "call-1", ...}`
 */
CREATE OR REPLACE FUNCTION @extschema@.ingest_vapi_call(p_payload jsonb, p_org_id uuid DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
DECLARE
  v_triage record;
  v_extracted record;
  v_merged record;
  v_stored record;
  v_old @extschema@.calls;
  v_row @extschema@.calls;
  v_previous text;
  v_call_id uuid;
  v_outcome text;
  v_notes text[];
  v_event_id bigint;
  v_reason text;
  v_detail text;
BEGIN
  v_triage := _vapi_triage(p_payload, p_org_id);
  IF v_triage.kind = 'quarantined' THEN
    RETURN _vapi_quarantine(p_payload, NULL, v_triage.org_id, v_triage.reason, v_triage.detail, v_triage.message_type, v_triage.vapi_call_id);
  END IF;

  v_previous := _act_for_org(v_triage.org_id);

  IF v_triage.kind = 'ignored' THEN
    INSERT INTO @extschema@.vapi_events (org_id, message_type, vapi_call_id, outcome, notes, payload)
    VALUES (v_triage.org_id, v_triage.message_type, v_triage.vapi_call_id, 'ignored', v_triage.notes, p_payload)
    RETURNING id INTO v_event_id;
    PERFORM _act_for_org_restore(v_previous);
    RETURN jsonb_build_object('status', 'ignored', 'org_id', v_triage.org_id, 'vapi_call_id', v_triage.vapi_call_id,
                              'message_type', v_triage.message_type, 'event_id', v_event_id, 'notes', to_jsonb(v_triage.notes));
  END IF;

  BEGIN
    -- The same lock the linking triggers take: a booking committing at this moment waits, or
    -- is seen. Keyed by org and call id, so a delivery claiming another org's call id never
    -- waits for that org's lock.
    PERFORM _lock_vapi_call(v_triage.org_id, v_triage.vapi_call_id);
    v_extracted := _vapi_extract(v_triage.message);
    SELECT stored_call AS call, ct.id AS contact_id INTO v_stored
    FROM (SELECT) AS one
    LEFT JOIN @extschema@.calls stored_call ON stored_call.vapi_call_id = v_triage.vapi_call_id
    LEFT JOIN @extschema@.contacts ct ON ct.org_id = v_triage.org_id AND ct.phone_number = (v_extracted.call).phone_number;
    v_old := v_stored.call;
    IF v_old.id IS NOT NULL AND v_old.org_id <> v_triage.org_id THEN
      v_reason := 'call_of_another_org';
    ELSE
      v_merged := _vapi_merge(v_old, v_extracted.call, v_triage.org_id, v_stored.contact_id);
      v_row := v_merged.call;
      v_notes := v_triage.notes || v_extracted.notes;
      IF v_merged.note IS NOT NULL THEN
        v_notes := v_notes || v_merged.note;
      END IF;

      IF v_old.id IS NOT NULL AND v_row *= v_old THEN
        v_outcome := 'duplicate';
        v_call_id := v_old.id;
      ELSE
        SELECT written.id, CASE WHEN written.inserted THEN 'ingested' ELSE 'updated' END
          INTO v_call_id, v_outcome
          FROM _vapi_upsert_calls(ARRAY[v_row]) AS written;
        IF v_call_id IS NULL THEN
          v_reason := 'call_of_another_org';
        END IF;
      END IF;
      IF v_reason IS NULL THEN
        INSERT INTO @extschema@.vapi_events (org_id, message_type, vapi_call_id, call_id, outcome, notes, payload)
        VALUES (v_triage.org_id, v_triage.message_type, v_triage.vapi_call_id, v_call_id, v_outcome, v_notes, p_payload)
        RETURNING id INTO v_event_id;
      END IF;
    END IF;
  EXCEPTION
    WHEN insufficient_privilege THEN
      -- The upsert met a row of that call id the forced row-level security hides from this
      -- function (it runs as the package's owner, acting for the delivery's org): another org's call.
      v_reason := 'call_of_another_org';
    WHEN data_exception OR integrity_constraint_violation OR program_limit_exceeded THEN
      -- A value the database refused (a constraint, a trigger, an index row too large): keep the
      -- delivery, do not raise.
      v_reason := 'rejected';
      v_detail := format('%s (SQLSTATE %s)', SQLERRM, SQLSTATE);
  END;

  PERFORM _act_for_org_restore(v_previous);
  IF v_reason IS NOT NULL THEN
    RETURN _vapi_quarantine(p_payload, NULL, v_triage.org_id, v_reason,
      coalesce(v_detail, format('call %s belongs to another org', v_triage.vapi_call_id)), v_triage.message_type, v_triage.vapi_call_id);
  END IF;
  RETURN jsonb_build_object('status', v_outcome, 'call_id', v_call_id, 'org_id', v_triage.org_id, 'vapi_call_id', v_triage.vapi_call_id,
                            'message_type', v_triage.message_type, 'event_id', v_event_id, 'notes', to_jsonb(v_notes));
END;
$$;

REVOKE ALL ON FUNCTION @extschema@.ingest_vapi_call(jsonb, uuid) FROM PUBLIC;
