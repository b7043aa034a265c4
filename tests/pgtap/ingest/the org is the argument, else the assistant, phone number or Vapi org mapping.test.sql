BEGIN;
SELECT plan(5);

INSERT INTO vapi_org_mappings (vapi_id_kind, vapi_id, org_id) VALUES
  ('assistant', 'asst-map', '00000000-0000-0000-0000-0000000000b1'),
  ('phone_number', 'pn-map', '00000000-0000-0000-0000-0000000000b2'),
  ('vapi_org', 'vorg-map', '00000000-0000-0000-0000-0000000000b3');

CREATE TEMP TABLE results AS
SELECT ingest_vapi_call($${"message": {"type": "status-update", "status": "ringing",
         "call": {"id": "call-org-arg", "assistantId": "asst-map"}}}$$::jsonb, '00000000-0000-0000-0000-0000000000a1') AS by_argument,
       ingest_vapi_call($${"message": {"type": "status-update", "status": "ringing",
         "call": {"id": "call-org-assistant", "assistantId": "asst-map", "phoneNumberId": "pn-map", "orgId": "vorg-map"}}}$$::jsonb) AS by_assistant,
       ingest_vapi_call($${"message": {"type": "status-update", "status": "ringing",
         "call": {"id": "call-org-phone", "assistantId": "asst-other", "phoneNumberId": "pn-map", "orgId": "vorg-map"}}}$$::jsonb) AS by_phone,
       ingest_vapi_call($${"message": {"type": "status-update", "status": "ringing",
         "call": {"id": "call-org-vapi", "orgId": "vorg-map"}}}$$::jsonb) AS by_vapi_org,
       ingest_vapi_call($${"message": {"type": "status-update", "status": "ringing", "assistant": {"id": "asst-map"},
         "call": {"id": "call-org-message-assistant"}}}$$::jsonb) AS by_message_assistant;

SELECT is((SELECT org_id FROM calls WHERE vapi_call_id = 'call-org-arg'), '00000000-0000-0000-0000-0000000000a1'::uuid, 'the argument wins over any mapping');
SELECT is((SELECT org_id FROM calls WHERE vapi_call_id = 'call-org-assistant'), '00000000-0000-0000-0000-0000000000b1'::uuid, 'then the assistant''s mapping');
SELECT is((SELECT org_id FROM calls WHERE vapi_call_id = 'call-org-phone'), '00000000-0000-0000-0000-0000000000b2'::uuid, 'then the phone number''s');
SELECT is((SELECT org_id FROM calls WHERE vapi_call_id = 'call-org-vapi'), '00000000-0000-0000-0000-0000000000b3'::uuid, 'then the Vapi org''s');
SELECT is((SELECT by_message_assistant->>'org_id' FROM results), '00000000-0000-0000-0000-0000000000b1', 'message.assistant.id maps too, and the result names the org');

SELECT * FROM finish();
ROLLBACK;
