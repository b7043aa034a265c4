-- The booking was inserted without the Vapi call id (its backend learns it afterwards) and a
-- later UPDATE sets it: linked at that moment, both ways; changing it moves the appointment.
BEGIN;
SELECT plan(6);

INSERT INTO calls (id, org_id, vapi_call_id, started_at, ended_at)
VALUES ('ca000000-0000-0000-0000-000000000003', 'aaaaaaaa-0000-0000-0000-000000000001', 'vapi-later-1', '2024-05-01 10:00:00+00', '2024-05-01 10:05:00+00'),
       ('ca000000-0000-0000-0000-000000000004', 'aaaaaaaa-0000-0000-0000-000000000001', 'vapi-later-2', '2024-05-01 11:00:00+00', '2024-05-01 11:05:00+00');
-- No contact: the fallback cannot claim it.
INSERT INTO appointments (id, org_id, created_at)
VALUES ('a0000000-0000-0000-0000-000000000003', 'aaaaaaaa-0000-0000-0000-000000000001', '2024-05-01 10:02:00+00');
SELECT is((SELECT call_id FROM appointments WHERE id = 'a0000000-0000-0000-0000-000000000003'), NULL,
          'inserted without a Vapi call id and without a contact, it is unlinked');

UPDATE appointments SET vapi_call_id = 'vapi-later-1' WHERE id = 'a0000000-0000-0000-0000-000000000003';
SELECT is((SELECT call_id FROM appointments WHERE id = 'a0000000-0000-0000-0000-000000000003'),
          'ca000000-0000-0000-0000-000000000003'::uuid, 'the update links the appointment to the call');
SELECT is((SELECT appointment_id FROM calls WHERE id = 'ca000000-0000-0000-0000-000000000003'),
          'a0000000-0000-0000-0000-000000000003'::uuid, 'and the call to the appointment');

UPDATE appointments SET vapi_call_id = 'vapi-later-2' WHERE id = 'a0000000-0000-0000-0000-000000000003';
SELECT is((SELECT call_id FROM appointments WHERE id = 'a0000000-0000-0000-0000-000000000003'),
          'ca000000-0000-0000-0000-000000000004'::uuid, 'another Vapi call id moves the appointment to that call');
SELECT results_eq(
  $$SELECT vapi_call_id, appointment_id FROM calls ORDER BY vapi_call_id$$,
  $$VALUES ('vapi-later-1', NULL::uuid), ('vapi-later-2', 'a0000000-0000-0000-0000-000000000003'::uuid)$$,
  'the old call lets go of it and the new call points at it'
);

-- An update of other columns leaves the link alone.
UPDATE appointments SET status = 'confirmed' WHERE id = 'a0000000-0000-0000-0000-000000000003';
SELECT is((SELECT call_id FROM appointments WHERE id = 'a0000000-0000-0000-0000-000000000003'),
          'ca000000-0000-0000-0000-000000000004'::uuid, 'an unrelated update keeps the link');

SELECT * FROM finish();
ROLLBACK;
