BEGIN;
SELECT plan(4);

-- One body with 30,000 distinct tool names (issue #12: quadratic before).
CREATE TEMP TABLE body AS
SELECT jsonb_build_object('type', 'end-of-call-report', 'call', jsonb_build_object('id', 'many-tools'),
  'artifact', jsonb_build_object('messages', (
    SELECT jsonb_agg(jsonb_build_object('role', 'tool_calls', 'toolCalls',
             jsonb_build_array(jsonb_build_object('function', jsonb_build_object('name', 'tool_' || n)))) ORDER BY n)
      FROM generate_series(1, 30000) AS n))) AS message;

SELECT is((SELECT cardinality(vapi_extract_tools(message)) FROM body), 256, 'at most 256 names are kept');
SELECT is((SELECT vapi_extract_tools(message) FROM body), (SELECT array_agg('tool_' || n ORDER BY n) FROM generate_series(1, 256) AS n),
  'the first 256, in order of first use');
CREATE TEMP TABLE result AS SELECT ingest_vapi_call(jsonb_build_object('message', message), '00000000-0000-0000-0000-0000000000a1') AS r FROM body;
SELECT ok((SELECT r->'notes' @? '$[*] ? (@ == "30000 distinct tool names: tools_used keeps the first 256")' FROM result),
  'ingest notes how many there were');
SELECT is((SELECT cardinality(tools_used) FROM calls WHERE vapi_call_id = 'many-tools'), 256, 'and stores 256');
SELECT * FROM finish();
ROLLBACK;
