BEGIN;
SELECT plan(5);

CREATE TEMP TABLE results AS
SELECT t.type, ingest_vapi_call(jsonb_build_object('message', jsonb_build_object(
         'type', t.type, 'timestamp', 1741255212000,
         'call', jsonb_build_object('id', 'call-noise', 'type', 'inboundPhoneCall'),
         'messages', '[{"role": "user", "message": "hello"}]'::jsonb,
         'toolCallList', '[{"id": "t1", "type": "function", "function": {"name": "bookAppointment", "arguments": {}}}]'::jsonb,
         'status', 'ended', 'endedReason', 'customer-ended-call', 'cost', 1.5)),
       '00000000-0000-0000-0000-0000000000a1') AS result
FROM unnest(ARRAY['tool-calls', 'conversation-update', 'transcript', 'transcript[transcriptType="final"]', 'speech-update',
                  'hang', 'model-output', 'user-interrupted', 'voice-input', 'function-call', 'assistant-request',
                  'transfer-destination-request', 'phone-call-control', 'some-type-vapi-adds-next-year']) AS t(type);

SELECT is((SELECT array_agg(DISTINCT result->>'status') FROM results), ARRAY['ignored'], 'every in-call type is ignored');
SELECT is((SELECT count(*)::integer FROM calls WHERE vapi_call_id = 'call-noise'), 0, 'no call row is created or touched');
SELECT is((SELECT count(*)::integer FROM vapi_events WHERE outcome = 'ignored' AND vapi_call_id = 'call-noise'), 14, 'each one is stored in vapi_events');
SELECT set_eq($$SELECT message_type FROM vapi_events$$, $$SELECT type FROM results$$, 'with its message type');
SELECT is((SELECT count(*)::integer FROM vapi_quarantine), 0, 'nothing is quarantined');

SELECT * FROM finish();
ROLLBACK;
