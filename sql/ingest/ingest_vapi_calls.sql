/**
 * ingest_vapi_calls(payloads jsonb[], org_id uuid default null)
 *   → table (ord integer, status text, call_id uuid, vapi_call_id text, reason text)
 *
 * The set form of `ingest_vapi_call`, for bulk loads: the same decisions, rows and results as
 * handing the payloads one by one in array order, written with a few set-based statements
 * instead of one round of statements per payload. One row per payload, `ord` its position in
 * the array (1-based).
 *
 * How: one statement triages every payload; then, per org (the session acts for one org at a
 * time) and per round (the n-th delivery of each call in the batch, so a call appears once per
 * statement), one statement extracts, merges with the call's row and upserts `calls`; last, per
 * org, one statement stores the deliveries in `vapi_events` and one in `vapi_quarantine`. The
 * payloads are only ever read in order (unnest), never picked by position. A round the
 * database rejects (a value a constraint or trigger refuses) is retried payload by payload
 * through `ingest_vapi_call`, so one bad payload cannot sink the batch.
 *
 * Every Vapi call id of the batch is locked (`_lock_vapi_call`, in sorted order) until the
 * transaction ends: keep batches to a few hundred payloads per transaction
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
  -- What each payload is (from _vapi_triage), by position.
  v_types text[];
  v_ids text[];
  v_orgs uuid[];
  v_details text[];
  v_rounds integer[];
  -- What became of it, by position: status, call, reason, notes (a jsonb array), and whether
  -- the single form already stored it (a rejected round's fallback).
  r_statuses text[];
  r_call_ids uuid[];
  r_reasons text[];
  r_notes jsonb[];
  r_stored boolean[];
  v_org uuid;
  v_round integer;
  v_previous text;
  v_result jsonb;
  g record;
BEGIN
  IF v_count = 0 THEN
    RETURN;
  END IF;

  SELECT array_agg(t.message_type ORDER BY t.o), array_agg(t.vapi_call_id ORDER BY t.o), array_agg(t.org_id ORDER BY t.o),
         array_agg(t.detail ORDER BY t.o), array_agg(t.round ORDER BY t.o),
         array_agg(CASE WHEN t.kind IN ('quarantined', 'ignored') THEN t.kind END ORDER BY t.o), array_agg(t.reason ORDER BY t.o)
    INTO v_types, v_ids, v_orgs, v_details, v_rounds, r_statuses, r_reasons
  FROM (
    SELECT p.o, t.message_type, t.kind, t.vapi_call_id, t.org_id, t.reason, t.detail,
           CASE WHEN t.kind IN ('report', 'status')
             THEN row_number() OVER (PARTITION BY t.org_id, t.vapi_call_id, t.kind IN ('report', 'status') ORDER BY p.o) END AS round
    FROM unnest(p_payloads) WITH ORDINALITY AS p(payload, o)
    CROSS JOIN LATERAL _vapi_triage(p.payload, p_org_id) AS t
  ) AS t;
  r_call_ids := array_fill(NULL::uuid, ARRAY[v_count]);
  r_notes := array_fill('[]'::jsonb, ARRAY[v_count]);
  r_stored := array_fill(false, ARRAY[v_count]);

  -- Sorted, so two batches sharing calls cannot deadlock; the linking triggers take the same locks.
  PERFORM _lock_vapi_call(l.id)
  FROM (SELECT DISTINCT u.id FROM unnest(v_ids, v_rounds) AS u(id, round) WHERE u.round IS NOT NULL ORDER BY u.id) AS l;

  FOR v_org IN SELECT DISTINCT u.org_id FROM unnest(v_orgs) AS u(org_id) LOOP
    v_previous := _act_for_org(v_org);

    FOR v_round IN
      SELECT DISTINCT u.round FROM unnest(v_orgs, v_rounds) AS u(org_id, round)
      WHERE u.org_id = v_org AND u.round IS NOT NULL ORDER BY u.round
    LOOP
      BEGIN
        -- The same steps as ingest_vapi_call, for every call of the round at once.
        FOR g IN
          WITH given AS (
            SELECT u.o::integer AS o, u.vapi_call_id, x.call AS delivered, x.notes
            FROM unnest(p_payloads, v_ids, v_orgs, v_rounds) WITH ORDINALITY AS u(payload, vapi_call_id, org_id, round, o)
            -- The message as _vapi_triage read it: the envelope's, else the body itself.
            CROSS JOIN LATERAL _vapi_extract(CASE WHEN jsonb_typeof(u.payload->'message') = 'object' THEN u.payload->'message' ELSE u.payload END) AS x
            WHERE u.org_id = v_org AND u.round = v_round
          ), merged AS (
            SELECT g.o, g.vapi_call_id, c AS old, mg.call AS new,
                   CASE WHEN mg.note IS NULL THEN g.notes ELSE g.notes || mg.note END AS notes,
                   c.id IS NOT NULL AND c.org_id <> v_org AS foreign_call
            FROM given g
            LEFT JOIN @extschema@.calls c ON c.vapi_call_id = g.vapi_call_id
            LEFT JOIN @extschema@.contacts ct ON ct.org_id = v_org AND ct.phone_number = (g.delivered).phone_number
            CROSS JOIN LATERAL _vapi_merge(c, g.delivered, v_org, ct.id) AS mg
          ), written AS (
            INSERT INTO @extschema@.calls AS c (
              org_id, vapi_call_id, direction, phone_number, caller_name, contact_id, status,
              started_at, ended_at, duration_seconds, cost_cents, cost_breakdown, ended_reason,
              tools_used, recording_url, transcript, summary, metadata, report_sent_at, created_at)
            SELECT (m.new).org_id, (m.new).vapi_call_id, (m.new).direction, (m.new).phone_number, (m.new).caller_name,
                   (m.new).contact_id, (m.new).status, (m.new).started_at, (m.new).ended_at, (m.new).duration_seconds,
                   (m.new).cost_cents, (m.new).cost_breakdown, (m.new).ended_reason, (m.new).tools_used,
                   (m.new).recording_url, (m.new).transcript, (m.new).summary, (m.new).metadata, (m.new).report_sent_at,
                   coalesce((m.new).created_at, now())
            FROM merged m
            WHERE NOT m.foreign_call AND NOT coalesce(m.new *= m.old, false)
            ORDER BY m.vapi_call_id
            ON CONFLICT (vapi_call_id) DO UPDATE SET
              direction = EXCLUDED.direction, phone_number = EXCLUDED.phone_number, caller_name = EXCLUDED.caller_name,
              contact_id = EXCLUDED.contact_id, status = EXCLUDED.status, started_at = EXCLUDED.started_at,
              ended_at = EXCLUDED.ended_at, duration_seconds = EXCLUDED.duration_seconds, cost_cents = EXCLUDED.cost_cents,
              cost_breakdown = EXCLUDED.cost_breakdown, ended_reason = EXCLUDED.ended_reason, tools_used = EXCLUDED.tools_used,
              recording_url = EXCLUDED.recording_url, transcript = EXCLUDED.transcript, summary = EXCLUDED.summary,
              metadata = EXCLUDED.metadata, report_sent_at = EXCLUDED.report_sent_at,
            created_at = least(c.created_at, EXCLUDED.created_at), updated_at = now()
            WHERE c.org_id = EXCLUDED.org_id
            RETURNING c.id, c.vapi_call_id, c.xmax = 0 AS inserted
          ), written_by_call AS MATERIALIZED (
            -- One lookup object rather than a join: the planner cannot see how many rows a round has.
            SELECT coalesce(jsonb_object_agg(w.vapi_call_id, jsonb_build_array(w.id, w.inserted)), '{}') AS calls FROM written w
          )
          SELECT m.o, to_jsonb(m.notes) AS notes,
                 coalesce((wb.calls->m.vapi_call_id->>0)::uuid, CASE WHEN NOT m.foreign_call THEN (m.old).id END) AS call_id,
                 CASE
                   WHEN (wb.calls->m.vapi_call_id->>1)::boolean THEN 'ingested'
                   WHEN wb.calls ? m.vapi_call_id THEN 'updated'
                   WHEN NOT m.foreign_call AND (m.old).id IS NOT NULL THEN 'duplicate'
                 END AS outcome
          FROM merged m
          CROSS JOIN written_by_call wb
        LOOP
          r_statuses[g.o] := coalesce(g.outcome, 'quarantined');
          r_call_ids[g.o] := CASE WHEN g.outcome IS NOT NULL THEN g.call_id END;
          r_notes[g.o] := g.notes;
          IF g.outcome IS NULL THEN
            r_reasons[g.o] := 'call_of_another_org';
            v_details[g.o] := format('call %s belongs to another org', v_ids[g.o]);
          END IF;
        END LOOP;
      EXCEPTION WHEN data_exception OR integrity_constraint_violation OR program_limit_exceeded OR insufficient_privilege THEN
        -- Payload by payload: the single form quarantines the one the database refuses, and
        -- one whose call id belongs to another org (insufficient_privilege: the upsert met a
        -- row the forced row-level security hides).
        FOR g IN
          SELECT u.o::integer AS o, u.payload FROM unnest(p_payloads, v_orgs, v_rounds) WITH ORDINALITY AS u(payload, org_id, round, o)
          WHERE u.org_id = v_org AND u.round = v_round
        LOOP
          v_result := @extschema@.ingest_vapi_call(g.payload, v_org);
          r_statuses[g.o] := v_result->>'status';
          r_call_ids[g.o] := (v_result->>'call_id')::uuid;
          r_reasons[g.o] := v_result->>'reason';
          r_stored[g.o] := true;
        END LOOP;
      END;
    END LOOP;

    -- Every delivery of this org is stored: processed and ignored ones as events, the others in quarantine.
    INSERT INTO @extschema@.vapi_events (org_id, message_type, vapi_call_id, call_id, outcome, notes, payload)
    SELECT v_org, u.message_type, u.vapi_call_id, u.call_id, u.status,
           CASE WHEN u.notes = '[]' THEN '{}' ELSE ARRAY(SELECT jsonb_array_elements_text(u.notes)) END, u.payload
    FROM unnest(p_payloads, v_types, v_ids, v_orgs, r_statuses, r_call_ids, r_notes, r_stored)
      AS u(payload, message_type, vapi_call_id, org_id, status, call_id, notes, stored)
    WHERE u.org_id = v_org AND u.status <> 'quarantined' AND NOT u.stored;
    IF 'quarantined' = ANY (r_statuses) THEN
      INSERT INTO @extschema@.vapi_quarantine (org_id, reason, detail, message_type, vapi_call_id, payload)
      SELECT v_org, u.reason, u.detail, u.message_type, u.vapi_call_id, coalesce(u.payload, 'null')
      FROM unnest(p_payloads, v_types, v_ids, v_orgs, r_statuses, r_reasons, v_details, r_stored)
        AS u(payload, message_type, vapi_call_id, org_id, status, reason, detail, stored)
      WHERE u.org_id IS NOT DISTINCT FROM v_org AND u.status = 'quarantined' AND NOT u.stored;
    END IF;

    PERFORM _act_for_org_restore(v_previous);
  END LOOP;

  RETURN QUERY
    SELECT r.o::integer, r.status, r.call_id, r.vapi_call_id, r.reason
    FROM unnest(r_statuses, r_call_ids, v_ids, r_reasons) WITH ORDINALITY AS r(status, call_id, vapi_call_id, reason, o);
END;
$$;

REVOKE ALL ON FUNCTION @extschema@.ingest_vapi_calls(jsonb[], uuid) FROM PUBLIC;
