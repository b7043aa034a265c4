BEGIN;
SELECT plan(7);

-- n8n's webhook node forwards the request as {headers, params, query, body}.
CREATE TEMP TABLE body AS SELECT $${"headers": {"host": "n8n.example.test", "content-type": "application/json", "x-vapi-secret": "s"},
  "params": {}, "query": {}, "webhookUrl": "https://n8n.example.test/webhook/vapi", "executionMode": "production",
  "body": {"message": {"type": "end-of-call-report", "cost": 0.31, "endedReason": "customer-ended-call",
    "artifact": {"messages": [{"role": "tool_calls", "toolCalls": [{"function": {"name": "bookAppointment"}}]}]},
    "call": {"id": "ID", "type": "inboundPhoneCall"}}}}$$::text AS template;

CREATE TEMP TABLE results AS
SELECT 'single' AS form, ingest_vapi_call(replace(template, '"ID"', '"n8n-single"')::jsonb, '00000000-0000-0000-0000-0000000000a1') AS result FROM body
UNION ALL
SELECT 'text', ingest_vapi_call(replace(template, '"ID"', '"n8n-text"'), '00000000-0000-0000-0000-0000000000a1') FROM body;
CREATE TEMP TABLE bulk AS
SELECT * FROM ingest_vapi_calls((SELECT ARRAY[replace(template, '"ID"', '"n8n-set"')::jsonb] FROM body), '00000000-0000-0000-0000-0000000000a1');

SELECT is((SELECT array_agg(result->>'status' ORDER BY form) FROM results), ARRAY['ingested', 'ingested'], 'single and text forms ingest the wrapped report');
SELECT is((SELECT status FROM bulk), 'ingested', 'so does the set form');
SELECT is((SELECT array_agg(cost_cents ORDER BY vapi_call_id) FROM calls WHERE vapi_call_id LIKE 'n8n-%'), ARRAY[31, 31, 31], 'with the report''s cost');
SELECT is((SELECT array_agg(DISTINCT array_to_string(tools_used, ',')) FROM calls WHERE vapi_call_id LIKE 'n8n-%'), ARRAY['bookAppointment'], 'and its tools');
SELECT is((SELECT count(*)::integer FROM vapi_events WHERE array_to_string(notes, ' ') LIKE '%n8n webhook envelope%'), 3,
  'each event notes the unwrapping (and keeps the body as received)');

-- A JSON array of bodies is a file format of the CLI; through SQL it is one body that is not an object.
CREATE TEMP TABLE array_body AS
SELECT ingest_vapi_call('[{"message": {"type": "status-update", "status": "ringing", "call": {"id": "in-array"}}}]'::jsonb,
                        '00000000-0000-0000-0000-0000000000a1') AS result;
SELECT is((SELECT result->>'reason' FROM array_body), 'not_an_object', 'an array handed to SQL is quarantined as not_an_object');
SELECT is((SELECT count(*)::integer FROM calls WHERE vapi_call_id = 'in-array'), 0, 'and makes no call');

SELECT * FROM finish();
ROLLBACK;
