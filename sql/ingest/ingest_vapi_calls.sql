/**
 * ingest_vapi_calls(payloads jsonb[], org_id uuid default null)
 *   → table (ord integer, status text, call_id uuid, vapi_call_id text, reason text)
 *
 * The set form of `ingest_vapi_call`, for bulk loads: the same decisions, rows and results as
 * handing the payloads one by one in array order, written with a few set-based statements
 * instead of one round of statements per payload. One row per payload, `ord` its position in
 * the array (1-based).
 *
 * How: every payload is triaged in one pass; then, per org (the session acts for one org at a
 * time) and per round (the n-th delivery of each call in the batch, so a call appears once per
 * statement), one statement extracts, merges with the call's row, upserts `calls` and stores
 * the events. A round the database rejects (a value a constraint or trigger refuses) is
 * retried payload by payload, so one bad payload cannot sink the batch.
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
CREATE OR REPLACE FUNCTION ingest_vapi_calls(p_payloads jsonb[], p_org_id uuid DEFAULT NULL)
RETURNS TABLE (ord integer, status text, call_id uuid, vapi_call_id text, reason text)
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path FROM CURRENT
AS $$
#variable_conflict use_column
DECLARE
  v_messages jsonb[];
  v_types text[];
  v_kinds text[];
  v_ids text[];
  v_orgs uuid[];
  v_reasons text[];
  v_details text[];
  v_rounds integer[];
  v_org uuid;
  v_round integer;
  v_previous text;
  v_ord integer;
  v_result jsonb;
  -- The results, appended group by group.
  r_ords integer[] := '{}';
  r_statuses text[] := '{}';
  r_call_ids uuid[] := '{}';
  r_vapi_call_ids text[] := '{}';
  r_reasons text[] := '{}';
  g_ords integer[];
  g_statuses text[];
  g_call_ids uuid[];
  g_vapi_call_ids text[];
  g_reasons text[];
BEGIN
  IF coalesce(cardinality(p_payloads), 0) = 0 THEN
    RETURN;
  END IF;

  -- What each payload is and whose, and its round: the n-th delivery of its call in the batch.
  SELECT array_agg(t.message ORDER BY t.o), array_agg(t.message_type ORDER BY t.o), array_agg(t.kind ORDER BY t.o),
         array_agg(t.vapi_call_id ORDER BY t.o), array_agg(t.org_id ORDER BY t.o), array_agg(t.reason ORDER BY t.o),
         array_agg(t.detail ORDER BY t.o), array_agg(t.round ORDER BY t.o)
    INTO v_messages, v_types, v_kinds, v_ids, v_orgs, v_reasons, v_details, v_rounds
  FROM (
    SELECT p.o, t.*,
           CASE WHEN t.kind IN ('report', 'status')
             THEN row_number() OVER (PARTITION BY t.org_id, t.vapi_call_id, t.kind IN ('report', 'status') ORDER BY p.o) END AS round
    FROM unnest(p_payloads) WITH ORDINALITY AS p(payload, o)
    CROSS JOIN LATERAL _vapi_triage(p.payload, p_org_id) AS t
  ) AS t;

  -- Sorted, so two batches sharing calls cannot deadlock; the linking triggers take the same locks.
  PERFORM _lock_vapi_call(l.id)
  FROM (SELECT DISTINCT u.id FROM unnest(v_ids, v_kinds) AS u(id, kind) WHERE u.kind IN ('report', 'status') ORDER BY u.id) AS l;

  FOR v_org IN SELECT DISTINCT u.org_id FROM unnest(v_orgs) AS u(org_id) LOOP
    v_previous := _act_for_org(v_org);

    -- Quarantined and ignored payloads of this org: stored, nothing else.
    WITH given AS (
      SELECT u.o::integer AS o, u.payload, u.message_type, u.kind, u.vapi_call_id, u.reason, u.detail
      FROM unnest(p_payloads, v_types, v_kinds, v_ids, v_orgs, v_reasons, v_details)
        WITH ORDINALITY AS u(payload, message_type, kind, vapi_call_id, org_id, reason, detail, o)
      WHERE u.org_id IS NOT DISTINCT FROM v_org AND u.kind IN ('quarantined', 'ignored')
    ), quarantined AS (
      INSERT INTO vapi_quarantine (org_id, reason, detail, message_type, vapi_call_id, payload)
      SELECT v_org, g.reason, g.detail, g.message_type, g.vapi_call_id, coalesce(g.payload, 'null')
      FROM given g WHERE g.kind = 'quarantined' ORDER BY g.o
    ), ignored AS (
      INSERT INTO vapi_events (org_id, message_type, vapi_call_id, outcome, payload)
      SELECT v_org, g.message_type, g.vapi_call_id, 'ignored', g.payload
      FROM given g WHERE g.kind = 'ignored' ORDER BY g.o
    )
    SELECT array_agg(g.o), array_agg(g.kind), array_agg(g.vapi_call_id), array_agg(g.reason)
      INTO g_ords, g_statuses, g_vapi_call_ids, g_reasons
    FROM given g;
    r_ords := r_ords || coalesce(g_ords, '{}');
    r_statuses := r_statuses || coalesce(g_statuses, '{}');
    r_call_ids := r_call_ids || array_fill(NULL::uuid, ARRAY[coalesce(cardinality(g_ords), 0)]);
    r_vapi_call_ids := r_vapi_call_ids || coalesce(g_vapi_call_ids, '{}');
    r_reasons := r_reasons || coalesce(g_reasons, '{}');

    FOR v_round IN
      SELECT DISTINCT u.round FROM unnest(v_orgs, v_rounds) AS u(org_id, round)
      WHERE u.org_id = v_org AND u.round IS NOT NULL ORDER BY u.round
    LOOP
      BEGIN
        -- The same steps as ingest_vapi_call, for every call of the round at once.
        WITH given AS (
          SELECT u.o::integer AS o, u.payload, u.message_type, u.vapi_call_id, x.call AS delivered, x.notes
          FROM unnest(p_payloads, v_messages, v_types, v_ids, v_orgs, v_rounds)
            WITH ORDINALITY AS u(payload, message, message_type, vapi_call_id, org_id, round, o)
          CROSS JOIN LATERAL _vapi_extract(u.message) AS x
          WHERE u.org_id = v_org AND u.round = v_round
        ), merged AS (
          SELECT g.o, g.payload, g.message_type, g.vapi_call_id, c AS old, mg.call AS new,
                 CASE WHEN mg.note IS NULL THEN g.notes ELSE g.notes || mg.note END AS notes,
                 c.id IS NOT NULL AND c.org_id <> v_org AS foreign_call
          FROM given g
          LEFT JOIN calls c ON c.vapi_call_id = g.vapi_call_id
          LEFT JOIN contacts ct ON ct.org_id = v_org AND ct.phone_number = (g.delivered).phone_number
          CROSS JOIN LATERAL _vapi_merge(c, g.delivered, v_org, ct.id) AS mg
        ), written AS (
          INSERT INTO calls AS c (
            org_id, vapi_call_id, direction, phone_number, caller_name, contact_id, status,
            started_at, ended_at, duration_seconds, cost_cents, cost_breakdown, ended_reason,
            tools_used, recording_url, transcript, summary, metadata, report_sent_at)
          SELECT (m.new).org_id, (m.new).vapi_call_id, (m.new).direction, (m.new).phone_number, (m.new).caller_name,
                 (m.new).contact_id, (m.new).status, (m.new).started_at, (m.new).ended_at, (m.new).duration_seconds,
                 (m.new).cost_cents, (m.new).cost_breakdown, (m.new).ended_reason, (m.new).tools_used,
                 (m.new).recording_url, (m.new).transcript, (m.new).summary, (m.new).metadata, (m.new).report_sent_at
          FROM merged m
          WHERE NOT m.foreign_call AND NOT coalesce(m.new *= m.old, false)
          ORDER BY m.vapi_call_id
          ON CONFLICT (vapi_call_id) DO UPDATE SET
            direction = EXCLUDED.direction, phone_number = EXCLUDED.phone_number, caller_name = EXCLUDED.caller_name,
            contact_id = EXCLUDED.contact_id, status = EXCLUDED.status, started_at = EXCLUDED.started_at,
            ended_at = EXCLUDED.ended_at, duration_seconds = EXCLUDED.duration_seconds, cost_cents = EXCLUDED.cost_cents,
            cost_breakdown = EXCLUDED.cost_breakdown, ended_reason = EXCLUDED.ended_reason, tools_used = EXCLUDED.tools_used,
            recording_url = EXCLUDED.recording_url, transcript = EXCLUDED.transcript, summary = EXCLUDED.summary,
            metadata = EXCLUDED.metadata, report_sent_at = EXCLUDED.report_sent_at, updated_at = now()
          WHERE c.org_id = EXCLUDED.org_id
          RETURNING c.id, c.vapi_call_id, c.xmax = 0 AS inserted
        ), settled AS (
          SELECT m.o, m.payload, m.message_type, m.vapi_call_id, m.notes,
                 coalesce(w.id, CASE WHEN NOT m.foreign_call THEN (m.old).id END) AS call_id,
                 CASE
                   WHEN w.inserted THEN 'ingested'
                   WHEN w.id IS NOT NULL THEN 'updated'
                   WHEN NOT m.foreign_call AND (m.old).id IS NOT NULL THEN 'duplicate'
                 END AS outcome
          FROM merged m
          LEFT JOIN written w ON w.vapi_call_id = m.vapi_call_id
        ), events AS (
          INSERT INTO vapi_events (org_id, message_type, vapi_call_id, call_id, outcome, notes, payload)
          SELECT v_org, s.message_type, s.vapi_call_id, s.call_id, s.outcome, s.notes, s.payload
          FROM settled s WHERE s.outcome IS NOT NULL ORDER BY s.o
        ), quarantined AS (
          INSERT INTO vapi_quarantine (org_id, reason, detail, message_type, vapi_call_id, payload)
          SELECT v_org, 'call_of_another_org', format('call %s belongs to another org', s.vapi_call_id),
                 s.message_type, s.vapi_call_id, s.payload
          FROM settled s WHERE s.outcome IS NULL ORDER BY s.o
        )
        SELECT array_agg(s.o), array_agg(coalesce(s.outcome, 'quarantined')),
               array_agg(CASE WHEN s.outcome IS NOT NULL THEN s.call_id END), array_agg(s.vapi_call_id),
               array_agg(CASE WHEN s.outcome IS NULL THEN 'call_of_another_org' END)
          INTO g_ords, g_statuses, g_call_ids, g_vapi_call_ids, g_reasons
        FROM settled s;
      EXCEPTION WHEN data_exception OR integrity_constraint_violation THEN
        -- Payload by payload: the single form quarantines the one the database refuses.
        g_ords := '{}';
        g_statuses := '{}';
        g_call_ids := '{}';
        g_vapi_call_ids := '{}';
        g_reasons := '{}';
        FOR v_ord IN
          SELECT u.o FROM unnest(v_orgs, v_rounds) WITH ORDINALITY AS u(org_id, round, o)
          WHERE u.org_id = v_org AND u.round = v_round ORDER BY u.o
        LOOP
          v_result := ingest_vapi_call(p_payloads[v_ord], v_org);
          g_ords := g_ords || v_ord;
          g_statuses := g_statuses || (v_result->>'status');
          g_call_ids := g_call_ids || (v_result->>'call_id')::uuid;
          g_vapi_call_ids := g_vapi_call_ids || (v_result->>'vapi_call_id');
          g_reasons := g_reasons || (v_result->>'reason');
        END LOOP;
      END;
      r_ords := r_ords || g_ords;
      r_statuses := r_statuses || g_statuses;
      r_call_ids := r_call_ids || g_call_ids;
      r_vapi_call_ids := r_vapi_call_ids || g_vapi_call_ids;
      r_reasons := r_reasons || g_reasons;
    END LOOP;

    PERFORM _act_for_org_restore(v_previous);
  END LOOP;

  RETURN QUERY
    SELECT r.ord, r.status, r.call_id, r.vapi_call_id, r.reason
    FROM unnest(r_ords, r_statuses, r_call_ids, r_vapi_call_ids, r_reasons) AS r(ord, status, call_id, vapi_call_id, reason)
    ORDER BY r.ord;
END;
$$;

REVOKE ALL ON FUNCTION ingest_vapi_calls(jsonb[], uuid) FROM PUBLIC;
