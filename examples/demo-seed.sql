-- What `npm start` sets up before it ingests the example webhooks, as a clinic's backend would:
-- the Vapi assistant mapped to the clinic's org, a known patient, and the appointment the
-- booking tool inserted during the first call (before Vapi's end-of-call-report arrives).
-- Idempotent, so `npm start` can run again.
SELECT set_config('golden_record.org_id', '6c1f3e2a-55b0-4b1e-9a57-0c2f0d3d9e11', true);

INSERT INTO vapi_org_mappings (vapi_id_kind, vapi_id, org_id)
VALUES ('assistant', 'a3f5c9d2-1e7b-4c8a-b6d0-9e2f4a1c7b35', '6c1f3e2a-55b0-4b1e-9a57-0c2f0d3d9e11')
ON CONFLICT DO NOTHING;

INSERT INTO contacts (id, org_id, phone_number, name)
VALUES ('5e0c7a10-0000-4000-8000-000000000001', '6c1f3e2a-55b0-4b1e-9a57-0c2f0d3d9e11', '+14155550123', 'Maria Alvarez')
ON CONFLICT DO NOTHING;

INSERT INTO appointments (id, org_id, contact_id, scheduled_at, status, service_type, duration_minutes, vapi_call_id, created_at)
VALUES ('a0b1c2d3-0000-4000-8000-000000000001', '6c1f3e2a-55b0-4b1e-9a57-0c2f0d3d9e11', '5e0c7a10-0000-4000-8000-000000000001',
        '2025-03-11 09:30:00+00', 'confirmed', 'cleaning', 30, '0196a1c2-7f3e-7a10-9c1d-3f5e2b8a4d01', '2025-03-06 10:01:30+00')
ON CONFLICT DO NOTHING;
