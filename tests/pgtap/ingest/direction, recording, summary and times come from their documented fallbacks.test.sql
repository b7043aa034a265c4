BEGIN;
SELECT plan(12);

CREATE TEMP TABLE results AS
SELECT ingest_vapi_call($${"message": {"type": "end-of-call-report", "call": {"id": "fb-outbound", "type": "outboundPhoneCall",
         "endedReason": "call-level-reason", "customer": {"number": "+15550001111", "name": "From Call"}, "metadata": {"legacy": true},
         "startedAt": "2025-01-01T10:00:00Z", "endedAt": "2025-01-01T10:00:30Z"},
         "artifact": {"recording": {"stereoUrl": "https://r/stereo.wav", "mono": {"combinedUrl": "https://r/mono.wav"}}},
         "summary": "top-level summary", "transcript": "top-level transcript"}}$$::jsonb, '00000000-0000-0000-0000-0000000000a1') AS a,
       ingest_vapi_call($${"message": {"type": "end-of-call-report", "call": {"id": "fb-websocket", "type": "vapi.websocketCall"},
         "artifact": {"stereoRecordingUrl": "https://r/only-stereo.wav"}, "durationMs": 61500}}$$::jsonb, '00000000-0000-0000-0000-0000000000a1') AS b,
       ingest_vapi_call($${"message": {"type": "end-of-call-report", "call": {"id": "fb-unknown-type", "type": "smokeSignal"},
         "recordingUrl": "https://r/top.wav"}}$$::jsonb, '00000000-0000-0000-0000-0000000000a1') AS c;

SELECT is((SELECT direction FROM calls WHERE vapi_call_id = 'fb-outbound'), 'outbound', 'outboundPhoneCall is outbound');
SELECT is((SELECT direction FROM calls WHERE vapi_call_id = 'fb-websocket'), 'web', 'vapi.websocketCall is web');
SELECT is((SELECT direction FROM calls WHERE vapi_call_id = 'fb-unknown-type'), NULL, 'an unknown call type leaves direction NULL');
SELECT ok((SELECT notes FROM vapi_events WHERE vapi_call_id = 'fb-unknown-type')::text LIKE '%smokeSignal%', 'and is noted');
SELECT is((SELECT (ended_reason, phone_number, caller_name) FROM calls WHERE vapi_call_id = 'fb-outbound'),
  ('call-level-reason'::text, '+15550001111'::text, 'From Call'::text), 'endedReason and customer fall back to message.call');
SELECT is((SELECT (started_at, ended_at, duration_seconds) FROM calls WHERE vapi_call_id = 'fb-outbound'),
  ('2025-01-01T10:00:00Z'::timestamptz, '2025-01-01T10:00:30Z'::timestamptz, 30), 'times fall back to message.call; duration from the times');
SELECT is((SELECT duration_seconds FROM calls WHERE vapi_call_id = 'fb-websocket'), 62, 'durationMs when durationSeconds is missing');
SELECT is((SELECT recording_url FROM calls WHERE vapi_call_id = 'fb-outbound'), 'https://r/mono.wav', 'artifact.recording.mono.combinedUrl before the stereo one');
SELECT is((SELECT recording_url FROM calls WHERE vapi_call_id = 'fb-websocket'), 'https://r/only-stereo.wav', 'artifact.stereoRecordingUrl');
SELECT is((SELECT recording_url FROM calls WHERE vapi_call_id = 'fb-unknown-type'), 'https://r/top.wav', 'message.recordingUrl of older payloads');
SELECT is((SELECT (summary, transcript) FROM calls WHERE vapi_call_id = 'fb-outbound'), ('top-level summary'::text, 'top-level transcript'::text),
  'summary and transcript of older payloads');
SELECT is((SELECT metadata FROM calls WHERE vapi_call_id = 'fb-outbound'), '{"legacy": true}'::jsonb, 'metadata of older payloads: message.call.metadata');

SELECT * FROM finish();
ROLLBACK;
