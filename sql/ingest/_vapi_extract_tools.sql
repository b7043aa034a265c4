/**
 * _vapi_extract_tools(message jsonb) → record (tools text[], note text)
 *
 * Private. What `vapi_extract_tools` returns, plus a note when the list was cut. The messages
 * are read from the first **non-empty** array of `artifact.messages`, `messages`,
 * `artifact.messagesOpenAIFormatted`, `messagesOpenAIFormatted` (copies of one history, never
 * added up: real 2024 reports carry `artifact.messages: []` beside a full top-level
 * `messages`). A use is:
 *
 * - Vapi format: a `tool_calls` message, each of its `toolCalls[].function.name`;
 * - legacy format: a `function_call` message, its `name` (or `functionCall.name`,
 *   `function_call.name`);
 * - OpenAI format: an `assistant` message, each of its `tool_calls[].function.name` (several
 *   per message), or its legacy `function_call.name`.
 *
 * Results (`tool_call_result`, `function_result`, `tool`) are not uses. Names are trimmed and cut
 * to 128 characters, empty ones and ones that are not strings skipped; distinct names in order of
 * first use, at most 256 (`note` says how many there were when cut). Work grows with the size of
 * the history, whatever the number of distinct names: up to 64 uses are deduplicated in place
 * (bounded), more by one hash aggregate and a sort.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | message | jsonb | the `message` object of an end-of-call-report (or the whole body) |
 *
 * Example: `SELECT tools, note FROM _vapi_extract_tools('{"messages": [{"role": "function_call", "name": "endCall"}]}');`
 */
CREATE OR REPLACE FUNCTION golden_record._vapi_extract_tools(p_message jsonb, OUT tools text[], OUT note text)
LANGUAGE plpgsql
IMMUTABLE
PARALLEL SAFE
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
DECLARE
  v_message jsonb := CASE WHEN jsonb_typeof(p_message->'message') = 'object' THEN p_message->'message' ELSE p_message END;
  v_history jsonb;
  v_vapi jsonb;
  v_openai jsonb;
  v_legacy jsonb;
  v_uses jsonb;
  v_name text;
  v_distinct_names bigint;
BEGIN
  v_history := CASE
    WHEN jsonb_typeof(v_message #> '{artifact,messages}') = 'array' AND v_message #> '{artifact,messages}' <> '[]' THEN v_message #> '{artifact,messages}'
    WHEN jsonb_typeof(v_message->'messages') = 'array' AND v_message->'messages' <> '[]' THEN v_message->'messages'
    WHEN jsonb_typeof(v_message #> '{artifact,messagesOpenAIFormatted}') = 'array' AND v_message #> '{artifact,messagesOpenAIFormatted}' <> '[]' THEN v_message #> '{artifact,messagesOpenAIFormatted}'
    WHEN jsonb_typeof(v_message->'messagesOpenAIFormatted') = 'array' THEN v_message->'messagesOpenAIFormatted'
  END;
  tools := '{}';
  IF v_history IS NULL OR v_history = '[]' THEN
    RETURN;
  END IF;

  -- Every use, in order. A history in one format with names where they usually are (the usual
  -- case) is read by one path query per format; otherwise message by message.
  v_vapi := jsonb_path_query_array(v_history, 'lax $[*] ? (@.role == "tool_calls").toolCalls[*].function.name');
  v_openai := jsonb_path_query_array(v_history, 'lax $[*] ? (@.role == "assistant").tool_calls[*].function.name');
  v_legacy := jsonb_path_query_array(v_history, 'lax $[*] ? (@.role == "function_call").name ? (@.type() == "string")');
  IF (v_vapi <> '[]')::integer + (v_openai <> '[]')::integer + (v_legacy <> '[]')::integer <= 1
     -- A legacy call named elsewhere than `name`, or an OpenAI function_call: the general reading.
     AND NOT v_history @? 'lax $[*] ? ((@.role == "function_call" && !(exists (@.name ? (@.type() == "string")))) || (@.role == "assistant" && exists (@.function_call)))' THEN
    v_uses := v_vapi || v_openai || v_legacy;
  ELSE
    SELECT coalesce(jsonb_agg(call_name.name ORDER BY entry.position, call_name.position), '[]') INTO v_uses
      FROM jsonb_array_elements(v_history) WITH ORDINALITY AS entry(message, position)
     CROSS JOIN LATERAL jsonb_array_elements(CASE entry.message->>'role'
         WHEN 'tool_calls' THEN jsonb_path_query_array(entry.message, 'lax $.toolCalls[*].function.name')
         WHEN 'assistant' THEN jsonb_path_query_array(entry.message, 'lax $.tool_calls[*].function.name')
                               || jsonb_build_array(entry.message #> '{function_call,name}')
         WHEN 'function_call' THEN jsonb_build_array(coalesce(
             CASE WHEN jsonb_typeof(entry.message->'name') = 'string' THEN entry.message->'name' END,
             entry.message #> '{functionCall,name}', entry.message #> '{function_call,name}'))
       END) WITH ORDINALITY AS call_name(name, position)
     WHERE entry.message->>'role' IN ('tool_calls', 'assistant', 'function_call');
  END IF;

  -- Distinct names in order of first use. A short list (the usual case) is deduplicated in
  -- place: at most 64 x 64 comparisons, no statement to run.
  IF jsonb_array_length(v_uses) <= 64 THEN
    FOR i IN 0 .. jsonb_array_length(v_uses) - 1 LOOP
      CONTINUE WHEN jsonb_typeof(v_uses->i) IS DISTINCT FROM 'string';
      v_name := left(btrim(v_uses->>i, E' \t\r\n'), 128);
      IF v_name <> '' AND NOT v_name = ANY (tools) THEN
        tools := tools || v_name;
      END IF;
    END LOOP;
    RETURN;
  END IF;
  -- A long one by one hash aggregate and a sort, the first 256 kept.
  SELECT coalesce(array_agg(first_use.name ORDER BY first_use.position) FILTER (WHERE first_use.rank <= 256), '{}'), count(*)
    INTO tools, v_distinct_names
    FROM (
      SELECT use.name, min(use.position) AS position, row_number() OVER (ORDER BY min(use.position)) AS rank
        FROM (
          SELECT left(btrim(raw.value #>> '{}', E' \t\r\n'), 128) AS name, raw.position
            FROM jsonb_array_elements(v_uses) WITH ORDINALITY AS raw(value, position)
           WHERE jsonb_typeof(raw.value) = 'string'
        ) AS use
       WHERE use.name <> ''
       GROUP BY use.name
    ) AS first_use;
  IF v_distinct_names > 256 THEN
    note := format('%s distinct tool names: tools_used keeps the first 256', v_distinct_names);
  END IF;
END;
$$;

REVOKE ALL ON FUNCTION golden_record._vapi_extract_tools(jsonb) FROM PUBLIC;
