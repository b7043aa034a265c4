/**
 * ingest_vapi_calls(payloads jsonb[], org_id uuid default null)
 *   → table (ord integer, status text, call_id uuid, vapi_call_id text, reason text)
 *
 * The set form of `ingest_vapi_call`, for bulk loads: the same decisions, rows and results as
 * handing the payloads one by one in array order, written with a few set-based statements
 * instead of one round of statements per payload. One row per payload, `ord` its position in
 * the array (1-based).
 *
 * How: one statement triages every payload (`_vapi_triage`, the same as the single form) and
 * the Vapi call ids are locked; then, per org (the session acts for one org at a time), one
 * statement extracts every delivery and joins it to its call's row, sorted by call, and the
 * deliveries of each call are merged into that row in array order (`_vapi_merge`, in memory);
 * one upsert (`_vapi_upsert_calls`, the single form's too) writes every call that changed; one
 * statement stores the deliveries in `vapi_events` and one in `vapi_quarantine`. Work grows
 * with the number of payloads, however many concern one call. When the database rejects the
 * org's upsert (a value a constraint or trigger refuses, or a call id of another org), the org's deliveries are ingested
 * again one by one through `ingest_vapi_call`, so one bad payload cannot sink the batch.
 *
 * Every Vapi call id of the batch is locked (`_lock_vapi_call`, by org and id, in sorted
 * order) until the transaction ends: keep batches to a few hundred payloads per transaction
 * (max_locks_per_transaction).
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | payloads | jsonb[] | webhook bodies, as Vapi sent them |
 * | org_id | uuid | the org of every payload (NULL: resolve each from vapi_org_mappings) |
 *
 * | returns | meaning |
 * |---|---|
 * | ord | position of the payload in `payloads` |
 * | status | `ingested`, `updated`, `duplicate`, `ignored` or `quarantined` |
 * | call_id, vapi_call_id | the call (when there is one) |
 * | reason | why it was quarantined |
 *
 * Example: `SELECT status, count(*) FROM ingest_vapi_calls($1::jsonb[], $2::uuid) GROUP BY status;`
 */
CREATE OR REPLACE FUNCTION @extschema@.ingest_vapi_calls(p_payloads jsonb[], p_org_id uuid DEFAULT NULL)
RETURNS TABLE (ord integer, status text, call_id uuid, vapi_call_id text, reason text)
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
#variable_conflict use_column
DECLARE
  v_count integer := coalesce(cardinality(p_payloads), 0);
  -- What each payload is (from _vapi_triage), by position; the message only for a call's delivery.
  v_messages jsonb[];
  v_types text[];
  v_ids text[];
  v_orgs uuid[];
  v_kinds text[];
  v_details text[];
  -- What became of it, by position: status, call, reason, notes (a jsonb array), and whether
  -- the single form already stored it (a rejected org's fallback).
  r_statuses text[];
  r_call_ids uuid[];
  r_reasons text[];
  r_notes jsonb[];
  r_stored boolean[];
  -- Per org: every call its deliveries concern (a slot each), and each delivery's slot.
  v_slot_of integer[];
  v_slot_count integer;
  v_slot_vapi_ids text[];
  v_slot_rows @extschema@.calls[];
  v_slot_stored_ids uuid[];
  v_slot_creators integer[];
  v_slot_written_ids uuid[];
  v_slot_inserted boolean[];
  v_org_ords integer[];
  v_org_count integer;
  -- The call being merged: its row as stored before this batch, and as merged so far.
  v_stored_call @extschema@.calls;
  v_merged_call @extschema@.calls;
  v_merged record;
  v_delivery record;
  v_written record;
  v_org uuid;
  v_ord integer;
  v_slot integer;
  v_previous text;
  v_result jsonb;
BEGIN
  IF v_count = 0 THEN
    RETURN;
  END IF;

  SELECT array_agg(CASE WHEN triage.kind IN ('report', 'status') THEN triage.message END ORDER BY triage.o),
         array_agg(triage.message_type ORDER BY triage.o), array_agg(triage.vapi_call_id ORDER BY triage.o),
         array_agg(triage.org_id ORDER BY triage.o), array_agg(triage.kind ORDER BY triage.o), array_agg(triage.detail ORDER BY triage.o),
         array_agg(CASE WHEN triage.kind IN ('quarantined', 'ignored') THEN triage.kind END ORDER BY triage.o),
         array_agg(triage.reason ORDER BY triage.o), array_agg(to_jsonb(triage.notes) ORDER BY triage.o)
    INTO v_messages, v_types, v_ids, v_orgs, v_kinds, v_details, r_statuses, r_reasons, r_notes
  FROM unnest(p_payloads) WITH ORDINALITY AS payload(body, o)
  CROSS JOIN LATERAL (SELECT payload.o, t.* FROM _vapi_triage(payload.body, p_org_id) AS t) AS triage;
  r_call_ids := array_fill(NULL::uuid, ARRAY[v_count]);
  r_stored := array_fill(false, ARRAY[v_count]);
  v_slot_of := array_fill(NULL::integer, ARRAY[v_count]);

  -- Sorted, so two batches sharing calls cannot deadlock; the linking triggers take the same locks.
  PERFORM _lock_vapi_call(call_key.org_id, call_key.vapi_call_id)
  FROM (SELECT DISTINCT u.org_id, u.vapi_call_id FROM unnest(v_orgs, v_ids, v_kinds) AS u(org_id, vapi_call_id, kind)
         WHERE u.kind IN ('report', 'status') ORDER BY u.org_id, u.vapi_call_id) AS call_key;

  FOR v_org IN SELECT DISTINCT u.org_id FROM unnest(v_orgs) AS u(org_id) WHERE u.org_id IS NOT NULL LOOP
    v_previous := _act_for_org(v_org);
    v_slot_count := 0;
    v_slot_vapi_ids := '{}';
    v_slot_rows := '{}';
    v_slot_stored_ids := '{}';
    v_slot_creators := '{}';
    v_org_ords := '{}';
    v_org_count := 0;

    BEGIN
      -- The same steps as ingest_vapi_call: each call's deliveries in array order, merged in memory.
      FOR v_delivery IN
        SELECT u.o::integer AS o, u.vapi_call_id, extracted.call AS delivered, extracted.notes,
               stored_call AS stored, ct.id AS contact_id
        FROM unnest(v_messages, v_ids, v_orgs, v_kinds) WITH ORDINALITY AS u(message, vapi_call_id, org_id, kind, o)
        CROSS JOIN LATERAL _vapi_extract(u.message) AS extracted
        LEFT JOIN @extschema@.calls stored_call ON stored_call.vapi_call_id = u.vapi_call_id
        LEFT JOIN @extschema@.contacts ct ON ct.org_id = v_org AND ct.phone_number = (extracted.call).phone_number
        WHERE u.org_id = v_org AND u.kind IN ('report', 'status')
        ORDER BY u.vapi_call_id, u.o
      LOOP
        v_ord := v_delivery.o;
        IF (v_delivery.stored).org_id <> v_org THEN
          -- Another org's call (a session that sees every org): never merged, never written.
          r_statuses[v_ord] := 'quarantined';
          r_reasons[v_ord] := 'call_of_another_org';
          v_details[v_ord] := format('call %s belongs to another org', v_ids[v_ord]);
          CONTINUE;
        END IF;
        IF v_slot_count = 0 OR v_slot_vapi_ids[v_slot_count] IS DISTINCT FROM v_delivery.vapi_call_id THEN
          v_slot_count := v_slot_count + 1;
          v_slot_vapi_ids[v_slot_count] := v_delivery.vapi_call_id;
          v_slot_stored_ids[v_slot_count] := (v_delivery.stored).id;
          v_stored_call := v_delivery.stored;
          v_merged_call := v_delivery.stored;
        END IF;
        v_org_count := v_org_count + 1;
        v_org_ords[v_org_count] := v_ord;
        v_slot_of[v_ord] := v_slot_count;

        v_merged := _vapi_merge(v_merged_call, v_delivery.delivered, v_org, v_delivery.contact_id);
        r_notes[v_ord] := r_notes[v_ord] || to_jsonb(v_delivery.notes) || coalesce(to_jsonb(v_merged.note), '[]');
        IF v_merged_call.id IS NULL THEN
          -- This delivery creates the row: it gets its uuid now, so later deliveries merge into it.
          r_statuses[v_ord] := 'ingested';
          v_slot_creators[v_slot_count] := v_ord;
          v_merged_call := v_merged.call;
          v_merged_call.id := gen_random_uuid();
        ELSIF v_merged.call *= v_merged_call THEN
          r_statuses[v_ord] := 'duplicate';
        ELSE
          r_statuses[v_ord] := 'updated';
          v_merged_call := v_merged.call;
        END IF;
        -- The slot holds the call as it will be written; NULL while nothing changed.
        v_slot_rows[v_slot_count] := CASE WHEN v_stored_call.id IS NULL OR NOT v_merged_call *= v_stored_call THEN v_merged_call END;
      END LOOP;

      v_slot_written_ids := array_fill(NULL::uuid, ARRAY[greatest(v_slot_count, 1)]);
      v_slot_inserted := array_fill(NULL::boolean, ARRAY[greatest(v_slot_count, 1)]);
      IF v_slot_count > 0 THEN
        FOR v_written IN
          SELECT slot.n::integer AS n, written.id, written.inserted
          FROM _vapi_upsert_calls(v_slot_rows) AS written
          JOIN unnest(v_slot_vapi_ids) WITH ORDINALITY AS slot(vapi_call_id, n) ON slot.vapi_call_id = written.vapi_call_id
        LOOP
          v_slot_written_ids[v_written.n] := v_written.id;
          v_slot_inserted[v_written.n] := v_written.inserted;
        END LOOP;
      END IF;

      FOREACH v_ord IN ARRAY v_org_ords LOOP
        v_slot := v_slot_of[v_ord];
        IF v_slot_rows[v_slot] IS NULL THEN
          -- Nothing changed for this call: its deliveries are duplicates of the stored row.
          r_call_ids[v_ord] := v_slot_stored_ids[v_slot];
        ELSIF v_slot_written_ids[v_slot] IS NULL THEN
          r_statuses[v_ord] := 'quarantined';
          r_reasons[v_ord] := 'call_of_another_org';
          v_details[v_ord] := format('call %s belongs to another org', v_ids[v_ord]);
        ELSE
          r_call_ids[v_ord] := v_slot_written_ids[v_slot];
          -- A writer outside the package inserted the call meanwhile: the creator updated it.
          IF v_ord = v_slot_creators[v_slot] AND NOT v_slot_inserted[v_slot] THEN
            r_statuses[v_ord] := 'updated';
          END IF;
        END IF;
      END LOOP;
    EXCEPTION WHEN data_exception OR integrity_constraint_violation OR program_limit_exceeded OR insufficient_privilege THEN
      -- Delivery by delivery: the single form quarantines the one the database refuses, and
      -- one whose call id belongs to another org (insufficient_privilege: the upsert met a row
      -- the forced row-level security hides).
      FOR v_delivery IN
        SELECT u.o::integer AS o, u.payload FROM unnest(p_payloads, v_orgs, v_kinds) WITH ORDINALITY AS u(payload, org_id, kind, o)
        WHERE u.org_id = v_org AND u.kind IN ('report', 'status') ORDER BY u.o
      LOOP
        v_result := @extschema@.ingest_vapi_call(v_delivery.payload, v_org);
        r_statuses[v_delivery.o] := v_result->>'status';
        r_call_ids[v_delivery.o] := (v_result->>'call_id')::uuid;
        r_reasons[v_delivery.o] := v_result->>'reason';
        r_stored[v_delivery.o] := true;
      END LOOP;
    END;

    -- Every delivery of this org is stored: processed and ignored ones as events, the others in quarantine.
    INSERT INTO @extschema@.vapi_events (org_id, message_type, vapi_call_id, call_id, outcome, notes, payload)
    SELECT v_org, u.message_type, u.vapi_call_id, u.call_id, u.status,
           CASE WHEN u.notes = '[]' THEN '{}' ELSE ARRAY(SELECT jsonb_array_elements_text(u.notes)) END, u.payload
    FROM unnest(p_payloads, v_types, v_ids, v_orgs, r_statuses, r_call_ids, r_notes, r_stored)
      AS u(payload, message_type, vapi_call_id, org_id, status, call_id, notes, stored)
    WHERE u.org_id = v_org AND u.status <> 'quarantined' AND NOT u.stored;

    PERFORM _act_for_org_restore(v_previous);
  END LOOP;

  -- The quarantined deliveries of every org (and of none), in one statement.
  IF 'quarantined' = ANY (r_statuses) THEN
    FOR v_org IN SELECT DISTINCT u.org_id FROM unnest(v_orgs, r_statuses, r_stored) AS u(org_id, status, stored)
                  WHERE u.status = 'quarantined' AND NOT u.stored LOOP
      v_previous := _act_for_org(v_org);
      INSERT INTO @extschema@.vapi_quarantine (org_id, reason, detail, message_type, vapi_call_id, payload)
      SELECT v_org, u.reason, u.detail, u.message_type, u.vapi_call_id, coalesce(u.payload, 'null')
      FROM unnest(p_payloads, v_types, v_ids, v_orgs, r_statuses, r_reasons, v_details, r_stored)
        AS u(payload, message_type, vapi_call_id, org_id, status, reason, detail, stored)
      WHERE u.org_id IS NOT DISTINCT FROM v_org AND u.status = 'quarantined' AND NOT u.stored;
      PERFORM _act_for_org_restore(v_previous);
    END LOOP;
  END IF;

  RETURN QUERY
    SELECT r.o::integer, r.status, r.call_id, r.vapi_call_id, r.reason
    FROM unnest(r_statuses, r_call_ids, v_ids, r_reasons) WITH ORDINALITY AS r(status, call_id, vapi_call_id, reason, o);
END;
$$;

REVOKE ALL ON FUNCTION @extschema@.ingest_vapi_calls(jsonb[], uuid) FROM PUBLIC;
