/**
 * _vapi_quarantine(payload jsonb, payload_text text, org_id uuid, reason text, detail text,
 *                  message_type text, vapi_call_id text) → jsonb
 *
 * Private. Keeps a delivery that cannot become a golden record, whole, with the reason, and
 * returns what ingest returns for it. Exactly one of `payload` (it parsed) and `payload_text`
 * (it did not) is given.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | payload | jsonb | the body, when it is jsonb |
 * | payload_text | text | the raw body, when it is not |
 * | org_id | uuid | the org, when known |
 * | reason | text | a short code: not_an_object, missing_message_type, missing_call_id, invalid_call_id, unknown_org, invalid_json, call_of_another_org, rejected |
 * | detail | text | the reason in words |
 * | message_type, vapi_call_id | text | what could be read, for searching |
 *
 * Example: `RETURN _vapi_quarantine(p_payload, NULL, NULL, 'unknown_org', 'no mapping', 'status-update', 'c1');`
 * → `{"status": "quarantined", "reason": "unknown_org", "detail": "no mapping", "quarantine_id": 12, ...}`
 */
CREATE OR REPLACE FUNCTION golden_record._vapi_quarantine(
  p_payload jsonb,
  p_payload_text text,
  p_org_id uuid,
  p_reason text,
  p_detail text,
  p_message_type text,
  p_vapi_call_id text
)
RETURNS jsonb
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
DECLARE
  v_previous text := _act_for_org(p_org_id);
  v_id bigint;
BEGIN
  INSERT INTO @extschema@.vapi_quarantine (org_id, reason, detail, message_type, vapi_call_id, payload, payload_text)
  VALUES (p_org_id, p_reason, p_detail, p_message_type, p_vapi_call_id,
          CASE WHEN p_payload_text IS NULL THEN coalesce(p_payload, 'null') END, p_payload_text)
  RETURNING id INTO v_id;
  PERFORM _act_for_org_restore(v_previous);
  RETURN jsonb_build_object('status', 'quarantined', 'reason', p_reason, 'detail', p_detail, 'org_id', p_org_id,
                            'vapi_call_id', p_vapi_call_id, 'message_type', p_message_type, 'quarantine_id', v_id);
END;
$$;

REVOKE ALL ON FUNCTION golden_record._vapi_quarantine(jsonb, text, uuid, text, text, text, text) FROM PUBLIC;
