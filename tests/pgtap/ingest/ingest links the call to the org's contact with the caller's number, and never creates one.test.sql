BEGIN;
SELECT plan(5);

INSERT INTO contacts (org_id, phone_number, name) VALUES
  ('00000000-0000-0000-0000-0000000000a1', '+14155550123', 'Maria Alvarez-Smith'),
  ('00000000-0000-0000-0000-0000000000a2', '+13105550147', 'Other Org Person');

CREATE TEMP TABLE results AS
SELECT ingest_vapi_call($${"message": {"type": "end-of-call-report", "customer": {"number": "+14155550123", "name": "Maria A."},
         "call": {"id": "call-known-contact"}}}$$::jsonb, '00000000-0000-0000-0000-0000000000a1') AS known,
       ingest_vapi_call($${"message": {"type": "end-of-call-report", "customer": {"number": "+19995550000", "name": "New Caller"},
         "call": {"id": "call-new-caller"}}}$$::jsonb, '00000000-0000-0000-0000-0000000000a1') AS unknown,
       ingest_vapi_call($${"message": {"type": "status-update", "status": "ringing", "customer": {"number": "+13105550147"},
         "call": {"id": "call-other-org-number"}}}$$::jsonb, '00000000-0000-0000-0000-0000000000a1') AS other_org;

SELECT is((SELECT ct.name FROM calls c JOIN contacts ct ON ct.id = c.contact_id WHERE c.vapi_call_id = 'call-known-contact'),
  'Maria Alvarez-Smith', 'the call is linked to the org''s contact with that number');
SELECT is((SELECT caller_name FROM calls WHERE vapi_call_id = 'call-known-contact'), 'Maria A.', 'and keeps the name Vapi reported');
SELECT is((SELECT contact_id FROM calls WHERE vapi_call_id = 'call-new-caller'), NULL, 'an unknown number links to no contact');
SELECT is((SELECT contact_id FROM calls WHERE vapi_call_id = 'call-other-org-number'), NULL, 'another org''s contact is never used');
SELECT is((SELECT count(*)::integer FROM contacts), 2, 'no contact is created');

SELECT * FROM finish();
ROLLBACK;
