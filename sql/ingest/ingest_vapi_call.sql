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
 * - any other type (tool-calls, conversation-update, transcript, speech-update, hang, ...):
 *   `ignored`, stored, the record untouched.
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
  t record;
  x record;
  v_merge record;
  v_old @extschema@.calls;
  v_row @extschema@.calls;
  v_found record;
  v_previous text;
  v_call_id uuid;
  v_outcome text;
  v_notes text[];
  v_event_id bigint;
  v_reason text;
  v_detail text;
BEGIN
  t := _vapi_triage(p_payload, p_org_id);
  IF t.kind = 'quarantined' THEN
    RETURN _vapi_quarantine(p_payload, NULL, t.org_id, t.reason, t.detail, t.message_type, t.vapi_call_id);
  END IF;

  v_previous := _act_for_org(t.org_id);

  IF t.kind = 'ignored' THEN
    INSERT INTO @extschema@.vapi_events (org_id, message_type, vapi_call_id, outcome, payload)
    VALUES (t.org_id, t.message_type, t.vapi_call_id, 'ignored', p_payload)
    RETURNING id INTO v_event_id;
    PERFORM _act_for_org_restore(v_previous);
    RETURN jsonb_build_object('status', 'ignored', 'org_id', t.org_id, 'vapi_call_id', t.vapi_call_id,
                              'message_type', t.message_type, 'event_id', v_event_id);
  END IF;

  BEGIN
    -- The same lock the linking triggers take: a booking committing at this moment waits, or
    -- is seen.
    PERFORM _lock_vapi_call(t.vapi_call_id);
    x := _vapi_extract(t.message);
    SELECT c AS call, ct.id AS contact_id INTO v_found
    FROM (SELECT) AS one
    LEFT JOIN @extschema@.calls c ON c.vapi_call_id = t.vapi_call_id
    LEFT JOIN @extschema@.contacts ct ON ct.org_id = t.org_id AND ct.phone_number = (x.call).phone_number;
    v_old := v_found.call;
    IF v_old.id IS NOT NULL AND v_old.org_id <> t.org_id THEN
      v_reason := 'call_of_another_org';
    ELSE
      v_merge := _vapi_merge(v_old, x.call, t.org_id, v_found.contact_id);
      v_row := v_merge.call;
      v_notes := CASE WHEN v_merge.note IS NULL THEN x.notes ELSE x.notes || v_merge.note END;

      IF v_old.id IS NOT NULL AND v_row *= v_old THEN
        INSERT INTO @extschema@.vapi_events (org_id, message_type, vapi_call_id, call_id, outcome, notes, payload)
        VALUES (t.org_id, t.message_type, t.vapi_call_id, v_old.id, 'duplicate', v_notes, p_payload)
        RETURNING id, call_id, outcome INTO v_event_id, v_call_id, v_outcome;
      ELSE
        -- An upsert even for a row just read: a writer outside the package (a legacy app) may
        -- have inserted the call since. Another org's row is never touched (WHERE): then no
        -- row is written, no event either, and the delivery is quarantined below.
        WITH written AS (
          INSERT INTO @extschema@.calls AS c (
            org_id, vapi_call_id, direction, phone_number, caller_name, contact_id, status,
            started_at, ended_at, duration_seconds, cost_cents, cost_breakdown, ended_reason,
            tools_used, recording_url, transcript, summary, metadata, report_sent_at, created_at)
          VALUES (
            v_row.org_id, v_row.vapi_call_id, v_row.direction, v_row.phone_number, v_row.caller_name, v_row.contact_id, v_row.status,
            v_row.started_at, v_row.ended_at, v_row.duration_seconds, v_row.cost_cents, v_row.cost_breakdown, v_row.ended_reason,
            v_row.tools_used, v_row.recording_url, v_row.transcript, v_row.summary, v_row.metadata, v_row.report_sent_at,
            coalesce(v_row.created_at, now()))
          ON CONFLICT (vapi_call_id) DO UPDATE SET
            direction = EXCLUDED.direction, phone_number = EXCLUDED.phone_number, caller_name = EXCLUDED.caller_name,
            contact_id = EXCLUDED.contact_id, status = EXCLUDED.status, started_at = EXCLUDED.started_at,
            ended_at = EXCLUDED.ended_at, duration_seconds = EXCLUDED.duration_seconds, cost_cents = EXCLUDED.cost_cents,
            cost_breakdown = EXCLUDED.cost_breakdown, ended_reason = EXCLUDED.ended_reason, tools_used = EXCLUDED.tools_used,
            recording_url = EXCLUDED.recording_url, transcript = EXCLUDED.transcript, summary = EXCLUDED.summary,
            metadata = EXCLUDED.metadata, report_sent_at = EXCLUDED.report_sent_at,
            created_at = least(c.created_at, EXCLUDED.created_at), updated_at = now()
          WHERE c.org_id = EXCLUDED.org_id
          RETURNING c.id, c.xmax = 0 AS inserted
        )
        INSERT INTO @extschema@.vapi_events (org_id, message_type, vapi_call_id, call_id, outcome, notes, payload)
        SELECT t.org_id, t.message_type, t.vapi_call_id, w.id, CASE WHEN w.inserted THEN 'ingested' ELSE 'updated' END, v_notes, p_payload
        FROM written w
        RETURNING id, call_id, outcome INTO v_event_id, v_call_id, v_outcome;
        IF v_event_id IS NULL THEN
          v_reason := 'call_of_another_org';
        END IF;
      END IF;
    END IF;
  EXCEPTION
    WHEN insufficient_privilege THEN
      -- The upsert met a row of that call id the forced row-level security hides from this
      -- function (it runs as the package's owner, acting for t.org_id): another org's call.
      v_reason := 'call_of_another_org';
    WHEN data_exception OR integrity_constraint_violation OR program_limit_exceeded THEN
      -- A value the database refused (a constraint, a trigger, an index row too large): keep the
      -- delivery, do not raise.
      v_reason := 'rejected';
      v_detail := format('%s (SQLSTATE %s)', SQLERRM, SQLSTATE);
  END;

  PERFORM _act_for_org_restore(v_previous);
  IF v_reason IS NOT NULL THEN
    RETURN _vapi_quarantine(p_payload, NULL, t.org_id, v_reason,
      coalesce(v_detail, format('call %s belongs to another org', t.vapi_call_id)), t.message_type, t.vapi_call_id);
  END IF;
  RETURN jsonb_build_object('status', v_outcome, 'call_id', v_call_id, 'org_id', t.org_id, 'vapi_call_id', t.vapi_call_id,
                            'message_type', t.message_type, 'event_id', v_event_id, 'notes', to_jsonb(v_notes));
END;
$$;

REVOKE ALL ON FUNCTION @extschema@.ingest_vapi_call(jsonb, uuid) FROM PUBLIC;
