/**
 * calls_dashboard_list(org_id uuid, filters jsonb DEFAULT '{}', page_size integer DEFAULT 50,
 *                      cursor text DEFAULT NULL) → jsonb
 *
 * One page of an org's calls for the dashboard, newest first: `{"items": [...], "next_cursor":
 * text | null}`. Sorted by `created_at` (when the call was first recorded) descending, then
 * `id` descending as the tie-break, and paged by keyset: pass `next_cursor` back as `cursor` for
 * the next page (NULL when there is none), so a page deep in the list costs what the first one
 * costs and no row is skipped or repeated across pages. Runs as the caller: row-level
 * security applies on top of the explicit `org_id`.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | org_id | uuid | the org whose calls are listed |
 * | filters | jsonb | an object of the filters below, all optional, combined with AND |
 * | page_size | integer | items per page, 1 to 500 |
 * | cursor | text | the `next_cursor` of the previous page; NULL for the first page |
 *
 * A key whose value is null is no filter.
 *
 * | filter key | value | keeps calls whose |
 * |---|---|---|
 * | from | timestamp text | created_at >= from |
 * | to | timestamp text | created_at < to |
 * | direction | string or array of strings | direction is one of them (inbound, outbound, web) |
 * | ended_reason | string or array of strings | ended_reason is one of them |
 * | has_appointment | boolean | booking (true) or absence of one (false) |
 * | tool | string | tools_used contains this tool name |
 * | min_cost_cents | integer | cost_cents >= the value (calls without a cost are excluded) |
 * | max_cost_cents | integer | cost_cents <= the value (calls without a cost are excluded) |
 * | search | string | a number starting with + ("+1 555 01"): phone_number starts with it (spaces, dashes, dots and parentheses ignored; index-backed); other phone characters ("555-01"): phone_number contains those digits; any other text: the contact's current name or the name Vapi reported contains it, case-insensitive |
 *
 * Each item: id, vapi_call_id, direction, phone_number, resolved_caller_name, status,
 * started_at, ended_at, duration_seconds, cost_cents, ended_reason, tools_used,
 * has_appointment, appointment_id, appointment_scheduled_at, appointment_status,
 * appointment_service_type, created_at.
 *
 * Cost: a page reads its own rows through idx_calls_org_created_at (the booked-calls index with
 * has_appointment true, the phone index with a "+..." search), however deep the cursor. The
 * other filters are checked on the rows walked newest first, so a filter that keeps very few
 * calls (a rare ended reason, a name search) walks more of them: bound it with from/to.
 *
 * Raises SQLSTATE 22023 (invalid_parameter_value) for a NULL org, a page size out of range, a
 * filters value that is not an object, an unknown filter key, a filter value of the wrong
 * type (or a direction other than the three), or a cursor this function did not make.
 *
 * Example:
 * `SELECT calls_dashboard_list('6f1c...'::uuid, '{"direction": "inbound", "has_appointment": true}', 25);`
 * then `SELECT calls_dashboard_list('6f1c...'::uuid, '{"direction": "inbound", "has_appointment": true}', 25, '<next_cursor>');`
 */
CREATE OR REPLACE FUNCTION @extschema@.calls_dashboard_list(
  p_org_id uuid,
  p_filters jsonb DEFAULT '{}',
  p_page_size integer DEFAULT 50,
  p_cursor text DEFAULT NULL
)
RETURNS jsonb
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
DECLARE
  c_filter_keys CONSTANT text[] := ARRAY['from', 'to', 'direction', 'ended_reason', 'has_appointment', 'tool',
                                         'min_cost_cents', 'max_cost_cents', 'search'];
  v_filters jsonb := coalesce(p_filters, '{}');
  v_key text;
  v_after_created_at timestamptz;
  v_after_id uuid;
  v_from timestamptz;
  v_to timestamptz;
  v_directions text[];
  v_ended_reasons text[];
  v_has_appointment boolean;
  v_tool text;
  v_min_cost integer;
  v_max_cost integer;
  v_search text;
  v_phone_from text;
  v_phone_to text;
  v_phone_pattern text;
  v_name_pattern text;
  -- Only these fixed fragments are ever put together; every filter value is a parameter.
  v_where text[] := ARRAY['c.org_id = $1'];
  v_items jsonb;
  v_last jsonb;
  v_next_cursor text;
BEGIN
  IF p_org_id IS NULL THEN
    RAISE EXCEPTION 'calls_dashboard_list: org_id is required' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF p_page_size IS NULL OR p_page_size NOT BETWEEN 1 AND 500 THEN
    RAISE EXCEPTION 'calls_dashboard_list: page_size must be between 1 and 500, got %', coalesce(p_page_size::text, 'NULL')
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF jsonb_typeof(v_filters) <> 'object' THEN
    RAISE EXCEPTION 'calls_dashboard_list: filters must be a JSON object, got %', v_filters
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  SELECT k INTO v_key FROM jsonb_object_keys(v_filters) k WHERE k <> ALL (c_filter_keys) ORDER BY k LIMIT 1;
  IF v_key IS NOT NULL THEN
    RAISE EXCEPTION 'calls_dashboard_list: unknown filter key "%"', v_key
      USING ERRCODE = 'invalid_parameter_value', HINT = 'known keys: ' || array_to_string(c_filter_keys, ', ');
  END IF;
  -- A UI that sends every key, unset ones as null, means no filter by them.
  v_filters := jsonb_strip_nulls(v_filters);

  IF p_cursor IS NOT NULL THEN
    SELECT d.created_at, d.id INTO v_after_created_at, v_after_id FROM _dashboard_cursor_decode(p_cursor) d;
    v_where := array_append(v_where, '(c.created_at, c.id) < ($2, $3)');
  END IF;

  v_directions := _dashboard_text_list(v_filters, 'direction');
  v_ended_reasons := _dashboard_text_list(v_filters, 'ended_reason');
  IF NOT v_directions <@ ARRAY['inbound', 'outbound', 'web'] THEN
    RAISE EXCEPTION 'calls_dashboard_list: direction must be inbound, outbound or web, got %', v_filters -> 'direction'
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF v_directions IS NOT NULL THEN
    v_where := array_append(v_where, 'c.direction = ANY ($6)');
  END IF;
  IF v_ended_reasons IS NOT NULL THEN
    v_where := array_append(v_where, 'c.ended_reason = ANY ($7)');
  END IF;

  BEGIN
    v_key := 'from';
    IF v_filters ? 'from' THEN
      IF jsonb_typeof(v_filters -> 'from') <> 'string' THEN RAISE EXCEPTION 'not a string'; END IF;
      v_from := (v_filters ->> 'from')::timestamptz;
      v_where := array_append(v_where, 'c.created_at >= $4');
    END IF;
    v_key := 'to';
    IF v_filters ? 'to' THEN
      IF jsonb_typeof(v_filters -> 'to') <> 'string' THEN RAISE EXCEPTION 'not a string'; END IF;
      v_to := (v_filters ->> 'to')::timestamptz;
      v_where := array_append(v_where, 'c.created_at < $5');
    END IF;
    v_key := 'has_appointment';
    IF v_filters ? 'has_appointment' THEN
      IF jsonb_typeof(v_filters -> 'has_appointment') <> 'boolean' THEN RAISE EXCEPTION 'not a boolean'; END IF;
      v_has_appointment := (v_filters ->> 'has_appointment')::boolean;
      -- Plain IS [NOT] NULL, so the partial index of booked calls can serve it.
      v_where := array_append(v_where, CASE WHEN v_has_appointment THEN 'c.appointment_id IS NOT NULL' ELSE 'c.appointment_id IS NULL' END);
    END IF;
    v_key := 'tool';
    IF v_filters ? 'tool' THEN
      IF jsonb_typeof(v_filters -> 'tool') <> 'string' THEN RAISE EXCEPTION 'not a string'; END IF;
      v_tool := v_filters ->> 'tool';
      v_where := array_append(v_where, '$8 = ANY (c.tools_used)');
    END IF;
    v_key := 'min_cost_cents';
    IF v_filters ? 'min_cost_cents' THEN
      IF jsonb_typeof(v_filters -> 'min_cost_cents') <> 'number' THEN RAISE EXCEPTION 'not a number'; END IF;
      v_min_cost := (v_filters ->> 'min_cost_cents')::integer;
      v_where := array_append(v_where, 'c.cost_cents >= $9');
    END IF;
    v_key := 'max_cost_cents';
    IF v_filters ? 'max_cost_cents' THEN
      IF jsonb_typeof(v_filters -> 'max_cost_cents') <> 'number' THEN RAISE EXCEPTION 'not a number'; END IF;
      v_max_cost := (v_filters ->> 'max_cost_cents')::integer;
      v_where := array_append(v_where, 'c.cost_cents <= $10');
    END IF;
    v_key := 'search';
    IF v_filters ? 'search' THEN
      IF jsonb_typeof(v_filters -> 'search') <> 'string' OR btrim(v_filters ->> 'search') = '' THEN
        RAISE EXCEPTION 'not a non-empty string';
      END IF;
      v_search := regexp_replace(v_filters ->> 'search', '[\s().-]', '', 'g');
      IF v_search ~ '^\+[0-9]+$' THEN
        -- Numbers are stored in E.164. "Starts with +1555" is the byte-order range [+1555, +1556),
        -- which idx_calls_org_phone_number serves (LIKE could not: under row-level security only
        -- leakproof operators become index conditions).
        v_phone_from := v_search;
        v_phone_to := left(v_search, -1) || chr(ascii(right(v_search, 1)) + 1);
        v_where := array_append(v_where, 'c.phone_number COLLATE "C" >= $11 AND c.phone_number COLLATE "C" < $12');
      ELSIF v_search ~ '^[0-9]+$' THEN
        v_phone_pattern := '%' || v_search || '%';
        v_where := array_append(v_where, 'c.phone_number LIKE $13');
      ELSE
        v_search := btrim(v_filters ->> 'search');
        v_name_pattern := '%' || replace(replace(replace(v_search, '\', '\\'), '%', '\%'), '_', '\_') || '%';
        -- The org's contacts are matched once (a hashed subplan), not joined per scanned call.
        v_where := array_append(v_where, '(c.caller_name ILIKE $14
                              OR c.contact_id IN (SELECT ct.id FROM @extschema@.contacts ct WHERE ct.org_id = $1 AND ct.name ILIKE $14))');
      END IF;
    END IF;
  EXCEPTION
    WHEN invalid_parameter_value THEN RAISE;
    WHEN OTHERS THEN
      RAISE EXCEPTION 'calls_dashboard_list: invalid value for filter "%": %', v_key, v_filters -> v_key
        USING ERRCODE = 'invalid_parameter_value', DETAIL = SQLERRM;
  END;

  -- page_size + 1 rows: the extra one only says whether there is a next page. to_jsonb of the
  -- row costs half of what jsonb_build_object of its 18 values does.
  EXECUTE format(
    $sql$
    SELECT coalesce(jsonb_agg(to_jsonb(page) ORDER BY page.created_at DESC, page.id DESC), '[]')
      FROM (SELECT c.id, c.vapi_call_id, c.direction, c.phone_number, c.resolved_caller_name, c.status,
                   c.started_at, c.ended_at, c.duration_seconds, c.cost_cents, c.ended_reason, c.tools_used,
                   c.has_appointment, c.appointment_id, c.appointment_scheduled_at, c.appointment_status,
                   c.appointment_service_type, c.created_at
              FROM @extschema@.calls_with_caller_names c
             WHERE %s
             ORDER BY c.created_at DESC, c.id DESC
             LIMIT $15) page
    $sql$, array_to_string(v_where, ' AND '))
  INTO v_items
  USING p_org_id, v_after_created_at, v_after_id, v_from, v_to, v_directions, v_ended_reasons, v_tool,
        v_min_cost, v_max_cost, v_phone_from, v_phone_to, v_phone_pattern, v_name_pattern, p_page_size + 1;

  IF jsonb_array_length(v_items) > p_page_size THEN
    v_items := v_items - p_page_size;
    v_last := v_items -> (p_page_size - 1);
    v_next_cursor := _dashboard_cursor_encode((v_last ->> 'created_at')::timestamptz, (v_last ->> 'id')::uuid);
  END IF;
  RETURN jsonb_build_object('items', v_items, 'next_cursor', v_next_cursor);
END;
$$;

REVOKE ALL ON FUNCTION @extschema@.calls_dashboard_list(uuid, jsonb, integer, text) FROM PUBLIC;
