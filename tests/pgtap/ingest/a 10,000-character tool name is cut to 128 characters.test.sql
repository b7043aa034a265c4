BEGIN;
SELECT plan(3);

CREATE TEMP TABLE delivery AS
SELECT ingest_vapi_call(jsonb_build_object('message', jsonb_build_object(
  'type', 'end-of-call-report',
  'call', jsonb_build_object('id', 'call-long-tool'),
  'artifact', jsonb_build_object('messages', jsonb_build_array(
    jsonb_build_object('role', 'tool_calls', 'toolCalls', jsonb_build_array(
      jsonb_build_object('function', jsonb_build_object('name', repeat('x', 10000))),
      jsonb_build_object('function', jsonb_build_object('name', 'bookAppointment')))))))),
  '00000000-0000-0000-0000-0000000000a1') AS result;

SELECT is((SELECT result->>'status' FROM delivery), 'ingested', 'the report is ingested, no error');
SELECT is((SELECT tools_used FROM calls WHERE vapi_call_id = 'call-long-tool'), ARRAY[repeat('x', 128), 'bookAppointment'], 'the name is cut to 128 characters');
SELECT is((SELECT length(payload::text) > 10000 FROM vapi_events WHERE vapi_call_id = 'call-long-tool'), true, 'the raw delivery keeps the whole name');

SELECT * FROM finish();
ROLLBACK;
