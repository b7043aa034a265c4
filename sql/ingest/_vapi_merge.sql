/**
 * _vapi_merge(old calls, new calls, org_id uuid, contact_id uuid) → record (call calls, note text)
 *
 * Private. The delivery rules (SPEC §3), in one place for the single and the set form: what a
 * call's row becomes when a delivery, read by `_vapi_extract`, meets the row as it is. Returns
 * `old` itself when nothing changes, so the caller can tell `duplicate` by `call *= old`.
 *
 * - No row yet: the delivery's row, for `org_id`, linked to `contact_id`.
 * - Status never moves backwards: scheduled < queued < ringing < in-progress < forwarding < ended
 *   (an unknown status only fills an empty one).
 * - End-of-call-report: writes what it carries (cost, breakdown and tools always, other fields
 *   when present), and its metadata keys win. A report sent before the one already applied
 *   changes nothing (`note` says so); one that only differs by its timestamp changes nothing.
 * - Status-update, and a Call object from Vapi's API (`api-call`, ingest_vapi_call_object):
 *   only fill what is empty; ended_at, ended_reason and tools only while no report was
 *   applied. A status-update carries nothing else a report owns; an ended Call object does
 *   (cost, breakdown, duration, recording, transcript, summary) and fills those where empty,
 *   so a lost report is recovered and one that arrived is never overwritten. Existing
 *   metadata keys win.
 *
 * - created_at: the earliest time any delivery gave for the call (Vapi's `call.createdAt`,
 *   else its start or end), so a replay files each call on its own day.
 *
 * So the row ends the same whatever order the deliveries of a call arrive in.
 *
 * Each kind of delivery is one branch below (report, status-update): another source (a Vapi
 * Call object fetched by reconcile, which only fills what a report did not write) is one more
 * branch chosen the same way, from what `_vapi_extract` marked on `new`.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | old | calls | the call's row (NULL: none yet) |
 * | new | calls | the delivery, from `_vapi_extract` (`report_sent_at` set: a report) |
 * | org_id | uuid | the delivery's org |
 * | contact_id | uuid | the org's contact with the caller's number, if any |
 *
 * Example: `SELECT (_vapi_merge(c, (_vapi_extract(m)).call, c.org_id, NULL)).call FROM calls c ...;`
 */
CREATE OR REPLACE FUNCTION golden_record._vapi_merge(p_old @extschema@.calls, p_new @extschema@.calls, p_org_id uuid, p_contact_id uuid, OUT call @extschema@.calls, OUT note text)
LANGUAGE plpgsql
IMMUTABLE
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
DECLARE
  v_is_report boolean := p_new.report_sent_at IS NOT NULL;
  v_statuses constant text[] := ARRAY['scheduled', 'queued', 'ringing', 'in-progress', 'forwarding', 'ended'];
BEGIN
  IF p_old.id IS NULL THEN
    call := p_new;
    call.org_id := p_org_id;
    call.contact_id := p_contact_id;
    call.tools_used := coalesce(p_new.tools_used, '{}');
    call.metadata := coalesce(p_new.metadata, '{}');
    RETURN;
  END IF;

  call := p_old;
  IF v_is_report AND p_old.report_sent_at > p_new.report_sent_at THEN
    note := format('a report sent later (%s) is already applied: nothing changed', p_old.report_sent_at);
    RETURN;
  END IF;

  call.created_at := least(p_old.created_at, p_new.created_at);

  IF p_old.status IS NULL
     OR coalesce(array_position(v_statuses, p_new.status), -1) > coalesce(array_position(v_statuses, p_old.status), -1) THEN
    call.status := coalesce(p_new.status, p_old.status);
  END IF;

  IF v_is_report THEN
    call.direction := coalesce(p_new.direction, p_old.direction);
    call.phone_number := coalesce(p_new.phone_number, p_old.phone_number);
    call.caller_name := coalesce(p_new.caller_name, p_old.caller_name);
    call.contact_id := coalesce(p_contact_id, p_old.contact_id);
    call.started_at := coalesce(p_new.started_at, p_old.started_at);
    call.ended_at := coalesce(p_new.ended_at, p_old.ended_at);
    call.duration_seconds := coalesce(p_new.duration_seconds, p_old.duration_seconds);
    call.ended_reason := coalesce(p_new.ended_reason, p_old.ended_reason);
    call.cost_cents := p_new.cost_cents;
    call.cost_breakdown := p_new.cost_breakdown;
    call.cost_ledger_gap := p_new.cost_ledger_gap;
    call.tools_used := coalesce(p_new.tools_used, '{}');
    call.recording_url := coalesce(p_new.recording_url, p_old.recording_url);
    call.transcript := coalesce(p_new.transcript, p_old.transcript);
    call.summary := coalesce(p_new.summary, p_old.summary);
    call.metadata := coalesce(p_old.metadata, '{}') || coalesce(p_new.metadata, '{}');
    -- The first report always marks the row; a later one only when it changed something.
    call.report_sent_at := coalesce(p_old.report_sent_at, p_new.report_sent_at);
  ELSE
    call.direction := coalesce(p_old.direction, p_new.direction);
    call.phone_number := coalesce(p_old.phone_number, p_new.phone_number);
    call.caller_name := coalesce(p_old.caller_name, p_new.caller_name);
    call.contact_id := coalesce(p_old.contact_id, p_contact_id);
    call.started_at := coalesce(p_old.started_at, p_new.started_at);
    IF p_old.report_sent_at IS NULL THEN
      call.ended_at := coalesce(p_old.ended_at, p_new.ended_at);
      call.ended_reason := coalesce(p_old.ended_reason, p_new.ended_reason);
      IF cardinality(p_old.tools_used) = 0 THEN
        call.tools_used := coalesce(p_new.tools_used, p_old.tools_used);
      END IF;
    END IF;
    -- What a report owns comes otherwise only from an ended Call object (a status-update
    -- carries none of it): it fills what is empty, never overwrites.
    call.duration_seconds := coalesce(p_old.duration_seconds, p_new.duration_seconds);
    IF p_old.cost_cents IS NULL AND p_old.cost_breakdown IS NULL THEN
      -- The cost and its components' ledger gap come together, from one source.
      call.cost_cents := p_new.cost_cents;
      call.cost_breakdown := p_new.cost_breakdown;
      call.cost_ledger_gap := p_new.cost_ledger_gap;
    END IF;
    call.recording_url := coalesce(p_old.recording_url, p_new.recording_url);
    call.transcript := coalesce(p_old.transcript, p_new.transcript);
    call.summary := coalesce(p_old.summary, p_new.summary);
    call.metadata := coalesce(p_new.metadata, '{}') || coalesce(p_old.metadata, '{}');
  END IF;

  IF call *= p_old THEN
    call := p_old;
  ELSIF v_is_report THEN
    call.report_sent_at := p_new.report_sent_at;
  END IF;
END;
$$;

REVOKE ALL ON FUNCTION golden_record._vapi_merge(@extschema@.calls, @extschema@.calls, uuid, uuid) FROM PUBLIC;
