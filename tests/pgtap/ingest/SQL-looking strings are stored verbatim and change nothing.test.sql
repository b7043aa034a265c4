BEGIN;
SELECT plan(7);

CREATE TEMP TABLE before AS SELECT (SELECT count(*) FROM pg_class WHERE relpersistence <> 't') AS relations, (SELECT count(*) FROM calls) AS calls;

CREATE TEMP TABLE results AS
SELECT ingest_vapi_call($body${"message": {"type": "end-of-call-report",
  "endedReason": "'); DROP TABLE calls; --",
  "customer": {"number": "+1'; DELETE FROM contacts; --", "name": "Robert'); DROP TABLE students;--"},
  "analysis": {"summary": "$$; SELECT pg_sleep(10); $$"},
  "artifact": {"messages": [{"role": "tool_calls", "toolCalls": [{"function": {"name": "x'); TRUNCATE vapi_events; --"}}]}]},
  "call": {"id": "call'); DROP TABLE calls; --", "type": "inboundPhoneCall"}}}$body$::jsonb, '00000000-0000-0000-0000-0000000000a1') AS result,
       ingest_vapi_call($${"message": {"type": "'; DROP TABLE vapi_events; --", "call": {"id": "x"}}}$$::jsonb, '00000000-0000-0000-0000-0000000000a1') AS odd_type;

SELECT is((SELECT result->>'status' FROM results), 'ingested', 'the report is ingested');
SELECT is((SELECT vapi_call_id FROM calls), $t$call'); DROP TABLE calls; --$t$, 'the call id is stored verbatim');
SELECT is((SELECT ended_reason FROM calls), $t$'); DROP TABLE calls; --$t$, 'ended_reason verbatim');
SELECT is((SELECT (phone_number, caller_name, summary) FROM calls),
  ($t$+1'; DELETE FROM contacts; --$t$::text, $t$Robert'); DROP TABLE students;--$t$::text, $t$$$; SELECT pg_sleep(10); $$$t$::text), 'caller and summary verbatim');
SELECT is((SELECT tools_used FROM calls), ARRAY[$t$x'); TRUNCATE vapi_events; --$t$], 'the tool name verbatim');
SELECT is((SELECT message_type FROM vapi_events WHERE outcome = 'ignored'), $t$'; DROP TABLE vapi_events; --$t$, 'an odd message type is only a label');
SELECT is((SELECT (SELECT count(*) FROM pg_class WHERE relpersistence <> 't') = b.relations AND (SELECT count(*) FROM calls) = b.calls + 1 FROM before b), true,
  'no table was dropped or emptied');

SELECT * FROM finish();
ROLLBACK;
