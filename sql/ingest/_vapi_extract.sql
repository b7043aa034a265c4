/**
 * _vapi_extract(message jsonb) → record (call calls, notes text[])
 *
 * Private. Reads one end-of-call-report or status-update (SPEC §3) into the columns of a `calls`
 * row, in one pass, without touching a table. `notes` says what was read in an unusual way or
 * could not be read (a cost given as a string, a cost that is not a number or does not fit,
 * an unreadable time, an unknown call type); the caller stores them with the event.
 *
 * - report: everything below; `status` is `ended` (the report comes after the call) and
 *   `report_sent_at` is Vapi's `timestamp` of the report (else now()).
 * - status-update: `status` from `message.status`, and the call's identity and times; cost,
 *   tools, transcript, summary and recording are left NULL (a report owns them).
 * - api-call (`{"type": "api-call", "call": <Call object from GET /call>}`): the Call is read
 *   as a report's message (the same fields at its top level); read like a report once the
 *   Call has ended (`status` ended or `endedAt` set), else like a status-update. Never sets
 *   `report_sent_at`: a Call object is not a report.
 *
 * | field | from |
 * |---|---|
 * | vapi_call_id | `call.id` |
 * | direction | `call.type`: inboundPhoneCall → inbound, outboundPhoneCall → outbound, webCall / vapi.websocketCall → web |
 * | phone_number, caller_name | `customer.number` / `.name`, else `call.customer...` |
 * | started_at, ended_at | `startedAt` / `endedAt`, else `call.startedAt` / `call.endedAt` |
 * | created_at | `call.createdAt` (when Vapi created the call), else started_at, else ended_at, else NULL (the caller uses now()): a replay of old payloads keeps each call on its own day |
 * | duration_seconds | `durationSeconds`, else `durationMs / 1000`, else ended_at - started_at |
 * | ended_reason | `endedReason`, else `call.endedReason` |
 * | cost_cents | `vapi_cost_to_cents` of the first readable of `cost`, `costBreakdown.total`, `call.cost`; `call.cost` only when that snapshot says the call ended (`call.status` is `ended` or `call.endedAt` is set), else NULL with a note |
 * | cost_breakdown | `costBreakdown` (else `call.costBreakdown`), with `costs` (the per-component list) added |
 * | cost_ledger_gap | the components' sum (`_vapi_cost_components`) minus the cost, in dollars; more than half a cent is noted |
 * | tools_used | `_vapi_extract_tools(message)` (noted when cut at 256 names) |
 * | summary, transcript | `analysis.summary` else `summary`; `artifact.transcript` else `transcript` |
 * | recording_url | `artifact.recordingUrl`, `artifact.recording.mono.combinedUrl`, `artifact.recording.stereoUrl`, `artifact.stereoRecordingUrl`, `recordingUrl`, `stereoRecordingUrl` |
 * | metadata | `call.metadata`, `assistant.metadata`, `call.assistantOverrides.metadata` merged (the later wins a key) |
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | message | jsonb | the `message` object of the body |
 *
 * Example: `SELECT (x.call).cost_cents, x.notes FROM _vapi_extract('{"type": "end-of-call-report", "call": {"id": "c1"}, "cost": "0.07"}') x;`
 */
CREATE OR REPLACE FUNCTION golden_record._vapi_extract(p_message jsonb, OUT call @extschema@.calls, OUT notes text[])
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
DECLARE
  -- Values are read inline with #> paths (no helper call, no copy of a whole sub-object per
  -- field): this runs once per delivery, in the single and the set form.
  -- A Call object from Vapi's API (`{"type": "api-call", "call": <Call>}`, see
  -- ingest_vapi_call_object) carries at its top level the fields a report carries in its
  -- message: read it as that message, so there is one extraction.
  m jsonb := CASE WHEN p_message->>'type' = 'api-call' AND jsonb_typeof(p_message->'call') = 'object'
                  THEN (p_message->'call') || jsonb_build_object('type', 'api-call', 'call', p_message->'call')
                  ELSE p_message END;
  c jsonb := m->'call';
  v_number jsonb := coalesce(CASE WHEN jsonb_typeof(m #> '{customer,number}') = 'string' THEN m #> '{customer,number}' END, c #> '{customer,number}');
  v_name jsonb := coalesce(CASE WHEN jsonb_typeof(m #> '{customer,name}') = 'string' THEN m #> '{customer,name}' END, c #> '{customer,name}');
  v_reason jsonb := coalesce(CASE WHEN jsonb_typeof(m->'endedReason') = 'string' THEN m->'endedReason' END, c->'endedReason');
  v_started jsonb := coalesce(m->'startedAt', c->'startedAt');
  v_ended jsonb := coalesce(m->'endedAt', c->'endedAt');
  v_sources constant text[] := ARRAY['cost', 'costBreakdown.total', 'call.cost'];
  v_costs jsonb[];
  v_value jsonb;
  v_amount numeric;
  v_cost numeric;
  v_components_total numeric;
  v_tools record;
BEGIN
  notes := '{}';
  call.vapi_call_id := btrim(c->>'id');

  call.direction := CASE c->>'type'
    WHEN 'inboundPhoneCall' THEN 'inbound'
    WHEN 'outboundPhoneCall' THEN 'outbound'
    WHEN 'webCall' THEN 'web'
    WHEN 'vapi.websocketCall' THEN 'web'
  END;
  IF call.direction IS NULL AND c->'type' IS NOT NULL THEN
    notes := notes || format('call.type %s is not a known call type: direction left NULL', left((c->'type')::text, 100));
  END IF;

  call.phone_number := CASE WHEN jsonb_typeof(v_number) = 'string' THEN nullif(left(btrim(v_number #>> '{}'), 64), '') END;
  call.caller_name := CASE WHEN jsonb_typeof(v_name) = 'string' THEN nullif(left(btrim(v_name #>> '{}'), 255), '') END;
  call.ended_reason := CASE WHEN jsonb_typeof(v_reason) = 'string' THEN nullif(left(btrim(v_reason #>> '{}'), 255), '') END;
  call.metadata := nullif(
    CASE WHEN jsonb_typeof(c->'metadata') = 'object' THEN c->'metadata' ELSE '{}' END
    || CASE WHEN jsonb_typeof(m #> '{assistant,metadata}') = 'object' THEN m #> '{assistant,metadata}' ELSE '{}' END
    || CASE WHEN jsonb_typeof(c #> '{assistantOverrides,metadata}') = 'object' THEN c #> '{assistantOverrides,metadata}' ELSE '{}' END,
    '{}');

  -- A time is an ISO-8601 string; one PostgreSQL cannot read is caught here (a block that
  -- writes nothing is cheap), and words it would accept ('now', 'infinity') never get there.
  BEGIN
    call.started_at := CASE WHEN v_started #>> '{}' ~ '^\d{4}-\d\d-\d\d' THEN (v_started #>> '{}')::timestamptz END;
  EXCEPTION WHEN data_exception THEN
    call.started_at := NULL;
  END;
  IF call.started_at IS NULL AND v_started NOT IN ('null', '""') THEN
    notes := notes || format('startedAt %s is not a time: started_at left NULL', left(v_started::text, 100));
  END IF;
  BEGIN
    call.ended_at := CASE WHEN v_ended #>> '{}' ~ '^\d{4}-\d\d-\d\d' THEN (v_ended #>> '{}')::timestamptz END;
  EXCEPTION WHEN data_exception THEN
    call.ended_at := NULL;
  END;
  IF call.ended_at IS NULL AND v_ended NOT IN ('null', '""') THEN
    notes := notes || format('endedAt %s is not a time: ended_at left NULL', left(v_ended::text, 100));
  END IF;

  BEGIN
    call.created_at := CASE WHEN c->>'createdAt' ~ '^\d{4}-\d\d-\d\d' THEN (c->>'createdAt')::timestamptz END;
  EXCEPTION WHEN data_exception THEN
    call.created_at := NULL;
  END;
  call.created_at := coalesce(call.created_at, call.started_at, call.ended_at);

  IF m->>'type' IS DISTINCT FROM 'end-of-call-report'
     AND NOT coalesce(m->>'type' = 'api-call' AND (m->>'status' = 'ended' OR jsonb_typeof(m->'endedAt') = 'string'), false) THEN
    call.status := CASE WHEN jsonb_typeof(m->'status') = 'string' THEN nullif(lower(left(btrim(m->>'status'), 64)), '') END;
    RETURN;
  END IF;

  call.status := 'ended';
  -- Vapi's timestamp of the message: milliseconds since the epoch (older payloads: ISO-8601).
  v_value := m->'timestamp';
  BEGIN
    call.report_sent_at := CASE
      WHEN jsonb_typeof(v_value) = 'number' AND v_value::numeric BETWEEN 0 AND 2.5e14 THEN to_timestamp(v_value::numeric / 1000)
      WHEN v_value #>> '{}' ~ '^\d{4}-\d\d-\d\d' THEN (v_value #>> '{}')::timestamptz
    END;
  EXCEPTION WHEN data_exception THEN
    call.report_sent_at := NULL;
  END;
  call.report_sent_at := coalesce(call.report_sent_at, now());
  -- A Call object is not a report: without report_sent_at it never outranks one.
  IF m->>'type' = 'api-call' THEN
    call.report_sent_at := NULL;
  END IF;

  v_value := m->'durationSeconds';
  v_amount := CASE WHEN jsonb_typeof(v_value) = 'number' THEN v_value::numeric ELSE _vapi_numeric(v_value) END;
  IF v_amount IS NULL THEN
    v_amount := coalesce(_vapi_numeric(m->'durationMs') / 1000, extract(epoch FROM call.ended_at - call.started_at));
  END IF;
  IF v_amount >= 0 AND v_amount < 2147483647 THEN
    call.duration_seconds := round(v_amount);
  ELSIF v_amount IS NOT NULL THEN
    notes := notes || format('duration of %s seconds is out of range: duration_seconds left NULL', v_amount);
  END IF;

  -- The cost: a plain number in message.cost (the usual case) is read at once; otherwise the
  -- first readable of the three sources, each one skipped on the way noted.
  v_value := m->'cost';
  IF jsonb_typeof(v_value) = 'number' AND abs(v_value::numeric) < 21474836 THEN
    v_cost := v_value::numeric;
    call.cost_cents := ceil(v_cost * 100);
  ELSE
    v_costs := ARRAY[v_value, m #> '{costBreakdown,total}', c->'cost'];
    FOR i IN 1..3 LOOP
      v_value := v_costs[i];
      CONTINUE WHEN v_value IS NULL OR v_value = 'null';
      -- The call object is a snapshot: before the call ended its cost is not the call's cost.
      IF i = 3 AND c->>'status' IS DISTINCT FROM 'ended' AND coalesce(c->'endedAt', 'null') = 'null' THEN
        notes := notes || format('call.cost %s is from a snapshot of the call before it ended (call.status %s): cost left NULL',
                                 left(v_value::text, 100), coalesce(left(c->>'status', 64), 'missing'));
        EXIT;
      END IF;
      v_amount := _vapi_numeric(v_value);
      IF v_amount IS NULL THEN
        notes := notes || format('%s %s is not a number', v_sources[i], left(v_value::text, 100));
        CONTINUE;
      END IF;
      IF jsonb_typeof(v_value) = 'string' THEN
        notes := notes || format('%s read from the string %s', v_sources[i], left(v_value::text, 100));
      END IF;
      call.cost_cents := @extschema@.vapi_cost_to_cents(v_amount);
      v_cost := v_amount;
      IF call.cost_cents IS NULL THEN
        notes := notes || format('%s %s dollars does not fit cost_cents: left NULL', v_sources[i], left(v_value::text, 100));
      END IF;
      EXIT;
    END LOOP;
  END IF;
  IF call.cost_cents < 0 THEN
    notes := notes || format('the cost is negative (%s cents)', call.cost_cents);
  END IF;

  call.cost_breakdown := CASE
    WHEN jsonb_typeof(m->'costBreakdown') = 'object' THEN m->'costBreakdown'
    WHEN jsonb_typeof(c->'costBreakdown') = 'object' THEN c->'costBreakdown'
  END;
  IF jsonb_typeof(m->'costs') = 'array' THEN
    call.cost_breakdown := coalesce(call.cost_breakdown, '{}') || jsonb_build_object('costs', m->'costs');
  END IF;

  -- The ledger check: do the components add up to the cost (within half a cent)?
  IF v_cost IS NOT NULL AND call.cost_breakdown IS NOT NULL THEN
    SELECT sum(part.cost) INTO v_components_total FROM _vapi_cost_components(call.cost_breakdown) AS part;
    call.cost_ledger_gap := v_components_total - v_cost;
    IF abs(call.cost_ledger_gap) > 0.005 THEN
      notes := notes || format('the cost components add up to %s dollars, the cost is %s dollars (off by %s)',
                               v_components_total, v_cost, call.cost_ledger_gap);
    END IF;
  END IF;

  v_tools := _vapi_extract_tools(m);
  call.tools_used := v_tools.tools;
  IF v_tools.note IS NOT NULL THEN
    notes := notes || v_tools.note;
  END IF;
  v_value := coalesce(CASE WHEN jsonb_typeof(m #> '{analysis,summary}') = 'string' THEN m #> '{analysis,summary}' END, m->'summary');
  call.summary := CASE WHEN jsonb_typeof(v_value) = 'string' THEN nullif(btrim(v_value #>> '{}'), '') END;
  v_value := coalesce(CASE WHEN jsonb_typeof(m #> '{artifact,transcript}') = 'string' THEN m #> '{artifact,transcript}' END, m->'transcript');
  call.transcript := CASE WHEN jsonb_typeof(v_value) = 'string' THEN nullif(btrim(v_value #>> '{}'), '') END;
  FOREACH v_value IN ARRAY ARRAY[m #> '{artifact,recordingUrl}', m #> '{artifact,recording,mono,combinedUrl}',
                                 m #> '{artifact,recording,stereoUrl}', m #> '{artifact,stereoRecordingUrl}',
                                 m->'recordingUrl', m->'stereoRecordingUrl'] LOOP
    call.recording_url := CASE WHEN jsonb_typeof(v_value) = 'string' THEN nullif(btrim(v_value #>> '{}'), '') END;
    EXIT WHEN call.recording_url IS NOT NULL;
  END LOOP;
END;
$$;

REVOKE ALL ON FUNCTION golden_record._vapi_extract(jsonb) FROM PUBLIC;
