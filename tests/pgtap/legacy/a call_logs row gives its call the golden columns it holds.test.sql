BEGIN;
SELECT plan(5);

SELECT is(
  golden_record._call_log_golden('{"call_sid": "CA1", "total_cost": 0.0700, "metadata": {"vapi_cost": 0.0712, "vapi_end_reason": "voicemail"},
                     "direction": " Inbound", "from_number": "+15550001111", "to_number": "+18005550000", "duration_seconds": 42,
                     "started_at": "2024-05-01T10:00:00+00:00", "ended_at": null, "recording_url": "", "status": "ended"}'),
  '{"cost_cents": 8, "ended_reason": "voicemail", "direction": "inbound", "started_at": "2024-05-01T10:00:00+00:00",
    "duration_seconds": 42, "status": "ended", "phone_number": "+15550001111"}'::jsonb,
  'cost from metadata.vapi_cost (unrounded) first, the customer number by direction, blanks and NULLs left out'
);
SELECT is(golden_record._call_log_golden('{"total_cost": 0.0700, "metadata": {"vapi_cost": "garbage"}}') -> 'cost_cents', '7'::jsonb,
  'the total_cost column when metadata.vapi_cost is unreadable');
SELECT is(golden_record._call_log_golden('{"direction": "sideways", "to_number": "+1555"}'), '{}'::jsonb,
  'an unknown direction is no direction, and then no customer number either');
SELECT is(golden_record._call_log_golden('{"start_time": "not a time", "end_time": "2024-05-01 10:05:00+00", "duration_seconds": "12.5"}'),
  jsonb_build_object('ended_at', '2024-05-01 10:05:00+00'::timestamptz),
  'a time that is not one and a duration that is not whole seconds are left out, never an error');
SELECT is(golden_record._call_log_golden('{"direction": "outbound", "from_number": "+18005550000", "to_number": "+15550002222"}') ->> 'phone_number',
  '+15550002222', 'an outbound call''s customer is the number called');

SELECT * FROM finish();
ROLLBACK;
