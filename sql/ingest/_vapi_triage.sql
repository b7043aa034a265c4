/**
 * _vapi_triage(payload jsonb, org_id uuid) → record
 *
 * Private. What a delivery is and whose it is, before anything is written: the message (the
 * body's `message` object, or the body itself when it is a bare message), its type, the Vapi
 * call id, the org, and what ingest must do with it (`kind`). The one triage of every form
 * (`ingest_vapi_call`, `ingest_vapi_calls`, their text forms), so all decide the same way and
 * read the same message.
 *
 * - n8n's webhook node forwards `{"headers", "params", "query", "body": {"message": ...}}`: the
 *   `body` is unwrapped (noted) when the body itself has no `message`.
 * - An end-of-call-report of a chat (`message.chat`, no `message.call`) is not a phone call:
 *   `ignored`, noted, never quarantined.
 * - Every other type than end-of-call-report and status-update (tool-calls, transcript,
 *   conversation-update, function-call, chat.*, session.*, call.deleted, ...) is `ignored`.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | payload | jsonb | the body as delivered |
 * | org_id | uuid | the org the backend named (NULL: look it up in vapi_org_mappings) |
 *
 * | returns | meaning |
 * |---|---|
 * | message | the message object (NULL when the body is not an object) |
 * | message_type | `message.type` (NULL when it is missing or not a string) |
 * | kind | `report` (end-of-call-report), `status` (status-update, or `api-call`: a Call object from the API), `ignored` (any other type) or `quarantined` |
 * | vapi_call_id | `message.call.id`, trimmed |
 * | org_id | the org argument, else the first mapping of the call's assistant, phone number, then Vapi org |
 * | reason, detail | why it is quarantined: `not_an_object`, `missing_message_type`, `missing_call_id`, `invalid_call_id` or `unknown_org` |
 * | notes | what was read in an unusual way (an n8n wrapping, a chat's report), stored with the event |
 *
 * Example: `SELECT kind, reason FROM _vapi_triage('{"message": {"type": "hang"}}', NULL);`
 */
CREATE OR REPLACE FUNCTION golden_record._vapi_triage(
  p_payload jsonb,
  p_org_id uuid,
  OUT message jsonb,
  OUT message_type text,
  OUT kind text,
  OUT vapi_call_id text,
  OUT org_id uuid,
  OUT reason text,
  OUT detail text,
  OUT notes text[]
)
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
DECLARE
  v_body jsonb := p_payload;
  v_call jsonb;
BEGIN
  notes := '{}';
  IF jsonb_typeof(p_payload) IS DISTINCT FROM 'object' THEN
    kind := 'quarantined';
    reason := 'not_an_object';
    detail := format('the body is %s, not a JSON object', coalesce(jsonb_typeof(p_payload), 'missing'));
    org_id := p_org_id;
    RETURN;
  END IF;

  IF p_payload->'message' IS NULL AND jsonb_typeof(p_payload #> '{body,message}') = 'object' THEN
    v_body := p_payload->'body';
    notes := notes || 'unwrapped from an n8n webhook envelope {headers, params, query, body}'::text;
  END IF;
  message := CASE WHEN jsonb_typeof(v_body->'message') = 'object' THEN v_body->'message' ELSE v_body END;
  message_type := CASE WHEN jsonb_typeof(message->'type') = 'string' THEN nullif(left(btrim(message->>'type'), 255), '') END;
  v_call := message->'call';
  vapi_call_id := btrim(v_call->>'id');

  org_id := p_org_id;
  IF org_id IS NULL THEN
    SELECT m.org_id INTO org_id
    FROM @extschema@.vapi_org_mappings m
    WHERE (m.vapi_id_kind = 'assistant' AND m.vapi_id IN (v_call->>'assistantId', message->'assistant'->>'id'))
       OR (m.vapi_id_kind = 'phone_number' AND m.vapi_id IN (v_call->>'phoneNumberId', message->'phoneNumber'->>'id'))
       OR (m.vapi_id_kind = 'vapi_org' AND m.vapi_id IN (v_call->>'orgId', message->'assistant'->>'orgId', message->'phoneNumber'->>'orgId'))
    ORDER BY array_position(ARRAY['assistant', 'phone_number', 'vapi_org'], m.vapi_id_kind)
    LIMIT 1;
  END IF;

  kind := CASE message_type
    WHEN 'end-of-call-report' THEN 'report'
    WHEN 'status-update' THEN 'status'
    -- Not a webhook type: a Call object from Vapi's API (ingest_vapi_call_object). It merges
    -- as a status-update does, filling only what the record lacks.
    WHEN 'api-call' THEN 'status'
    ELSE 'ignored'
  END;
  IF kind = 'report' AND jsonb_typeof(v_call) IS DISTINCT FROM 'object' AND jsonb_typeof(message->'chat') = 'object' THEN
    kind := 'ignored';
    notes := notes || 'an end-of-call-report of a chat (message.chat), not a phone call: no call record'::text;
  END IF;

  -- Reasons that a mapping cannot cure come first, so a replay is only worth it for unknown_org.
  IF message_type IS NULL THEN
    reason := 'missing_message_type';
    detail := 'message.type is missing or not a string';
  ELSIF kind <> 'ignored' AND (jsonb_typeof(v_call->'id') IS DISTINCT FROM 'string' OR vapi_call_id = '') THEN
    reason := 'missing_call_id';
    detail := 'message.call.id is missing, empty or not a string';
  ELSIF kind <> 'ignored' AND length(vapi_call_id) > 255 THEN
    reason := 'invalid_call_id';
    detail := format('message.call.id is %s characters long (at most 255)', length(vapi_call_id));
  ELSIF org_id IS NULL THEN
    reason := 'unknown_org';
    detail := 'no org_id argument, and no vapi_org_mappings row for the call''s assistant, phone number or Vapi org';
  END IF;

  IF reason IS NOT NULL THEN
    kind := 'quarantined';
    detail := concat_ws('; ', detail, nullif(array_to_string(notes, '; '), ''));
  END IF;
  -- An ignored message's call id is only a label in the event store.
  IF jsonb_typeof(v_call->'id') IS DISTINCT FROM 'string' OR vapi_call_id = '' OR length(vapi_call_id) > 255 THEN
    vapi_call_id := NULL;
  END IF;
END;
$$;

REVOKE ALL ON FUNCTION golden_record._vapi_triage(jsonb, uuid) FROM PUBLIC;
