/**
 * ingest_vapi_call(payload text, org_id uuid default null) → jsonb
 *
 * The text form of `ingest_vapi_call`, for bodies that may not be valid jsonb: broken JSON, a
 * `\u0000` escape (jsonb cannot hold NUL), a lone UTF-16 surrogate escape. A body that parses
 * is ingested as it is. One that does not is repaired where that is safe (`\u0000` dropped,
 * lone surrogates replaced by U+FFFD, see `_vapi_repair_json`) and ingested, with a note saying
 * so; otherwise the raw text is quarantined (`invalid_json`, with the parser's message). Never
 * raises for what the text holds.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | payload | text | the webhook body exactly as received |
 * | org_id | uuid | the org of the call (NULL: resolve it from vapi_org_mappings) |
 *
 * Returns what the jsonb form returns.
 *
 * Example: `SELECT ingest_vapi_call(convert_from($1, 'UTF8'), NULL);`
 */
CREATE OR REPLACE FUNCTION @extschema@.ingest_vapi_call(p_payload text, p_org_id uuid DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
DECLARE
  v_body jsonb;
  v_error text;
  v_error_detail text;
  v_repaired text;
  v_note text;
  v_result jsonb;
  v_previous text;
BEGIN
  IF p_payload IS NULL THEN
    RETURN @extschema@.ingest_vapi_call(NULL::jsonb, p_org_id);
  END IF;
  BEGIN
    v_body := p_payload::jsonb;
  EXCEPTION WHEN data_exception OR program_limit_exceeded THEN
    GET STACKED DIAGNOSTICS v_error = MESSAGE_TEXT, v_error_detail = PG_EXCEPTION_DETAIL;
    v_error := concat_ws(': ', v_error, nullif(v_error_detail, ''));
  END;

  IF v_error IS NOT NULL THEN
    v_repaired := _vapi_repair_json(p_payload);
    IF v_repaired IS DISTINCT FROM p_payload THEN
      BEGIN
        v_body := v_repaired::jsonb;
        v_note := 'repaired before parsing: \u0000 escapes dropped, lone surrogate escapes replaced by \ufffd';
      EXCEPTION WHEN data_exception OR program_limit_exceeded THEN
        NULL;
      END;
    END IF;
  END IF;

  IF v_body IS NULL THEN
    RETURN _vapi_quarantine(NULL, p_payload, p_org_id, 'invalid_json', v_error, NULL, NULL);
  END IF;

  v_result := @extschema@.ingest_vapi_call(v_body, p_org_id);
  IF v_note IS NOT NULL THEN
    -- The event or quarantine row keeps the repaired body; say what was repaired.
    v_previous := _act_for_org((v_result->>'org_id')::uuid);
    IF v_result ? 'event_id' THEN
      UPDATE @extschema@.vapi_events SET notes = notes || v_note WHERE id = (v_result->>'event_id')::bigint;
    ELSE
      UPDATE @extschema@.vapi_quarantine SET detail = concat_ws('; ', detail, v_note) WHERE id = (v_result->>'quarantine_id')::bigint;
    END IF;
    PERFORM _act_for_org_restore(v_previous);
    v_result := jsonb_set(v_result, '{notes}', coalesce(v_result->'notes', '[]') || to_jsonb(v_note));
  END IF;
  RETURN v_result;
END;
$$;

REVOKE ALL ON FUNCTION @extschema@.ingest_vapi_call(text, uuid) FROM PUBLIC;
