BEGIN;
SELECT plan(4);

-- Up to mid-2024 the report's timestamp is an ISO string, after that epoch milliseconds.
SELECT ingest_vapi_call('{"message": {"type": "end-of-call-report", "timestamp": "2024-05-14T09:30:12.345Z", "call": {"id": "ts-iso"}}}'::jsonb,
  '00000000-0000-0000-0000-0000000000a1');
SELECT ingest_vapi_call('{"message": {"type": "end-of-call-report", "timestamp": 1741255212345, "call": {"id": "ts-ms"}}}',
  '00000000-0000-0000-0000-0000000000a1');
SELECT * FROM ingest_vapi_calls(ARRAY['{"message": {"type": "end-of-call-report", "timestamp": 1741255212345, "call": {"id": "ts-set"}}}'::jsonb,
  '{"message": {"type": "end-of-call-report", "timestamp": "2024-05-14T09:30:12.345Z", "call": {"id": "ts-set-iso"}}}'::jsonb],
  '00000000-0000-0000-0000-0000000000a1');

SELECT is((SELECT report_sent_at FROM calls WHERE vapi_call_id = 'ts-iso'), '2024-05-14 09:30:12.345+00'::timestamptz, 'an ISO string (single form)');
SELECT is((SELECT report_sent_at FROM calls WHERE vapi_call_id = 'ts-ms'), '2025-03-06 10:00:12.345+00'::timestamptz, 'epoch milliseconds (text form)');
SELECT is((SELECT report_sent_at FROM calls WHERE vapi_call_id = 'ts-set'), '2025-03-06 10:00:12.345+00'::timestamptz, 'epoch milliseconds (set form)');
SELECT is((SELECT report_sent_at FROM calls WHERE vapi_call_id = 'ts-set-iso'), '2024-05-14 09:30:12.345+00'::timestamptz, 'an ISO string (set form)');

SELECT * FROM finish();
ROLLBACK;
