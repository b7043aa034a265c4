-- A backend that knows the call's row id may set appointments.call_id itself: the trigger
-- fills vapi_call_id from the call and points the call at the appointment. Both given and
-- disagreeing is an error.
BEGIN;
SELECT plan(5);

INSERT INTO calls (id, org_id, vapi_call_id, started_at, ended_at)
VALUES ('ca000000-0000-0000-0000-000000000001', 'aaaaaaaa-0000-0000-0000-000000000001', 'vapi-direct-1', '2024-05-01 10:00:00+00', '2024-05-01 10:05:00+00'),
       ('ca000000-0000-0000-0000-000000000002', 'aaaaaaaa-0000-0000-0000-000000000001', 'vapi-direct-2', '2024-05-01 11:00:00+00', '2024-05-01 11:05:00+00');

INSERT INTO appointments (id, org_id, call_id, created_at)
VALUES ('a0000000-0000-0000-0000-000000000001', 'aaaaaaaa-0000-0000-0000-000000000001', 'ca000000-0000-0000-0000-000000000001', '2024-05-01 10:02:00+00');
SELECT results_eq(
  $$SELECT a.vapi_call_id, c.appointment_id FROM appointments a JOIN calls c ON c.id = a.call_id$$,
  $$VALUES ('vapi-direct-1', 'a0000000-0000-0000-0000-000000000001'::uuid)$$,
  'inserted with call_id: the Vapi id is filled in and the call points back'
);

UPDATE appointments SET call_id = 'ca000000-0000-0000-0000-000000000002' WHERE id = 'a0000000-0000-0000-0000-000000000001';
SELECT is((SELECT vapi_call_id FROM appointments WHERE id = 'a0000000-0000-0000-0000-000000000001'),
          'vapi-direct-2', 'a new call_id brings its Vapi id');
SELECT results_eq(
  $$SELECT vapi_call_id, appointment_id FROM calls ORDER BY vapi_call_id$$,
  $$VALUES ('vapi-direct-1', NULL::uuid), ('vapi-direct-2', 'a0000000-0000-0000-0000-000000000001'::uuid)$$,
  'and both calls follow'
);

SELECT throws_ok(
  $$INSERT INTO appointments (org_id, call_id, vapi_call_id) VALUES ('aaaaaaaa-0000-0000-0000-000000000001', 'ca000000-0000-0000-0000-000000000001', 'vapi-direct-2')$$,
  '23514', NULL, 'a call_id and a vapi_call_id that disagree are refused'
);
SELECT lives_ok(
  $$INSERT INTO appointments (org_id, call_id, vapi_call_id) VALUES ('aaaaaaaa-0000-0000-0000-000000000001', 'ca000000-0000-0000-0000-000000000001', 'vapi-direct-1')$$,
  'a call_id and a vapi_call_id that agree are fine'
);

SELECT * FROM finish();
ROLLBACK;
