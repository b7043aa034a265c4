/**
 * vapi_extract_tools(message jsonb) → text[]
 *
 * The tools an assistant used during a call, from an end-of-call-report: distinct names in
 * order of first use. The messages are read from the first of `artifact.messages`, `messages`,
 * `artifact.messagesOpenAIFormatted`, `messagesOpenAIFormatted` that is an array (they are
 * copies of one history, so they are never added up). A use is:
 *
 * - Vapi format: a `tool_calls` message, each of its `toolCalls[].function.name`;
 * - legacy format: a `function_call` message, its `name` (or `functionCall.name`,
 *   `function_call.name`);
 * - OpenAI format: an `assistant` message, each of its `tool_calls[].function.name` (several
 *   per message), or its legacy `function_call.name`.
 *
 * Results (`tool_call_result`, `function_result`, `tool`) are not uses; a tool without a result
 * (`transferCall`, `endCall`) still counts. Names are trimmed and cut to 128 characters; names
 * that are not strings or are empty are skipped; a messages value that is not an array gives no
 * tools. The webhook envelope `{"message": ...}` is accepted as well as the bare message.
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
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
DECLARE
  v_messages jsonb;
  v_vapi jsonb;
  v_openai jsonb;
  v_legacy jsonb;
  v_name text;
  v_tools text[] := '{}';
BEGIN
  IF jsonb_typeof(p_message->'message') = 'object' THEN
    RETURN @extschema@.vapi_extract_tools(p_message->'message');
  END IF;
  v_messages := CASE
    WHEN jsonb_typeof(p_message #> '{artifact,messages}') = 'array' THEN p_message #> '{artifact,messages}'
    WHEN jsonb_typeof(p_message->'messages') = 'array' THEN p_message->'messages'
    WHEN jsonb_typeof(p_message #> '{artifact,messagesOpenAIFormatted}') = 'array' THEN p_message #> '{artifact,messagesOpenAIFormatted}'
    WHEN jsonb_typeof(p_message->'messagesOpenAIFormatted') = 'array' THEN p_message->'messagesOpenAIFormatted'
  END;
  IF v_messages IS NULL THEN
    RETURN v_tools;
  END IF;

  -- A history in one format (the usual case) is read with one path: the names in order.
  v_vapi := jsonb_path_query_array(v_messages, 'lax $[*] ? (@.role == "tool_calls").toolCalls[*].function.name');
  v_openai := jsonb_path_query_array(v_messages, 'lax $[*] ? (@.role == "assistant").tool_calls[*].function.name');
  v_legacy := jsonb_path_query_array(v_messages, 'lax $[*] ? (@.role == "function_call").name ? (@.type() == "string")');
  IF (v_vapi <> '[]')::integer + (v_openai <> '[]')::integer + (v_legacy <> '[]')::integer <= 1
     -- A legacy call named elsewhere than `name`, or an OpenAI function_call: the general reading.
     AND NOT v_messages @? 'lax $[*] ? ((@.role == "function_call" && !(exists (@.name ? (@.type() == "string")))) || (@.role == "assistant" && exists (@.function_call)))' THEN
    v_vapi := v_vapi || v_openai || v_legacy;
    FOR i IN 0 .. jsonb_array_length(v_vapi) - 1 LOOP
      CONTINUE WHEN jsonb_typeof(v_vapi->i) IS DISTINCT FROM 'string';
      v_name := left(btrim(v_vapi->>i, E' \t\r\n'), 128);
      IF v_name <> '' AND NOT v_name = ANY (v_tools) THEN
        v_tools := v_tools || v_name;
      END IF;
    END LOOP;
    RETURN v_tools;
  END IF;

  -- Mixed formats: every use with its position in the history.
  RETURN (
    SELECT coalesce(array_agg(name ORDER BY first_use), '{}')
    FROM (
      SELECT left(btrim(c.name #>> '{}', E' \t\r\n'), 128) AS name, min(ARRAY[e.i, c.j]) AS first_use
      FROM jsonb_array_elements(v_messages) WITH ORDINALITY AS e(msg, i)
      -- The names of every call the message makes, in order.
      CROSS JOIN LATERAL jsonb_array_elements(CASE e.msg->>'role'
          WHEN 'tool_calls' THEN jsonb_path_query_array(e.msg, 'lax $.toolCalls[*].function.name')
          WHEN 'assistant' THEN jsonb_path_query_array(e.msg, 'lax $.tool_calls[*].function.name')
                                || jsonb_build_array(e.msg->'function_call'->'name')
          WHEN 'function_call' THEN jsonb_build_array(coalesce(
              CASE WHEN jsonb_typeof(e.msg->'name') = 'string' THEN e.msg->'name' END,
              e.msg->'functionCall'->'name', e.msg->'function_call'->'name'))
        END) WITH ORDINALITY AS c(name, j)
      WHERE e.msg->>'role' IN ('tool_calls', 'assistant', 'function_call')
        AND jsonb_typeof(c.name) = 'string'
        AND btrim(c.name #>> '{}', E' \t\r\n') <> ''
      GROUP BY 1
    ) AS distinct_uses
  );
END;
$$;

REVOKE ALL ON FUNCTION @extschema@.vapi_extract_tools(jsonb) FROM PUBLIC;
