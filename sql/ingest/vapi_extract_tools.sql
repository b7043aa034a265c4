/**
 * vapi_extract_tools(message jsonb) → text[]
 *
 * The tools an assistant used during a call, from an end-of-call-report: distinct names in
 * order of first use, read as `_vapi_extract_tools` describes (the first non-empty messages
 * array of `artifact.messages`, `messages`, `artifact.messagesOpenAIFormatted`,
 * `messagesOpenAIFormatted`; Vapi, legacy and OpenAI formats; results are not uses; names
 * trimmed, cut to 128 characters, at most 256 of them). A messages value that is not an array
 * gives no tools. The webhook envelope `{"message": ...}` is accepted as well as the bare
 * message. Work grows with the size of the messages, not with the square of the names.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | message | jsonb | the `message` object of an end-of-call-report (or the whole body) |
 *
 * Example: `SELECT vapi_extract_tools(payload) FROM vapi_events WHERE message_type = 'end-of-call-report';`
 */
CREATE OR REPLACE FUNCTION @extschema@.vapi_extract_tools(p_message jsonb)
RETURNS text[]
LANGUAGE plpgsql
IMMUTABLE
PARALLEL SAFE
-- A definer only so that a role allowed this function needs no right on the private reader it
-- wraps; it reads no table.
SECURITY DEFINER
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
BEGIN
  RETURN (_vapi_extract_tools(p_message)).tools;
END;
$$;

REVOKE ALL ON FUNCTION @extschema@.vapi_extract_tools(jsonb) FROM PUBLIC;
