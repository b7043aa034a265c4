BEGIN;
SELECT plan(7);

-- A report with costs[] (and a costBreakdown beside it, which costs[] wins over).
SELECT ingest_vapi_call($${"message": {"type": "end-of-call-report", "timestamp": 1000, "cost": 0.1834,
  "costs": [
    {"type": "transport", "cost": 0.0042, "minutes": 0.85},
    {"type": "transcriber", "cost": 0.0085, "minutes": 0.85, "transcriber": {"provider": "deepgram"}},
    {"type": "model", "cost": 0.0213, "promptTokens": 5120, "completionTokens": 96, "model": {"provider": "openai"}},
    {"type": "voice", "cost": 0.0301, "characters": 602, "voice": {"provider": "11labs"}},
    {"type": "vapi", "subType": "normal", "cost": 0.0425, "minutes": 0.85},
    {"type": "vapi", "subType": "overage", "cost": 0.05, "minutes": 0.5},
    {"type": "analysis", "analysisType": "summary", "cost": 0.0011, "promptTokens": 900, "completionTokens": 40},
    {"type": "analysis", "analysisType": "structuredData", "cost": 0.0007},
    {"type": "voicemail-detection", "cost": 0.015},
    {"type": "knowledge-base", "cost": 0.0},
    {"type": "sentiment-probe", "cost": 0.01}],
  "costBreakdown": {"transport": 0.0042, "stt": 0.0085, "llm": 0.0213, "tts": 0.0301, "vapi": 0.0925, "total": 0.1834},
  "call": {"id": "components"}}}$$::jsonb, '00000000-0000-0000-0000-0000000000a1');

SELECT results_eq(
  $$SELECT component, sub_type, cost, source FROM call_cost_components cc JOIN calls c ON c.id = cc.call_id
     WHERE c.vapi_call_id = 'components' ORDER BY component, sub_type$$,
  $$VALUES ('analysis', 'structuredData', 0.0007, 'costs'), ('analysis', 'summary', 0.0011, 'costs'),
           ('knowledge-base', '', 0.0, 'costs'), ('model', '', 0.0213, 'costs'), ('sentiment-probe', '', 0.01, 'costs'),
           ('transcriber', '', 0.0085, 'costs'), ('transport', '', 0.0042, 'costs'), ('vapi', 'normal', 0.0425, 'costs'),
           ('vapi', 'overage', 0.05, 'costs'), ('voice', '', 0.0301, 'costs'), ('voicemail-detection', '', 0.015, 'costs')$$,
  'one row per type and sub-type, the dollars exactly as sent, an unknown type under its own name');
SELECT is((SELECT row(minutes, prompt_tokens, completion_tokens, characters)::text FROM call_cost_components WHERE component = 'model'),
  '(,5120,96,)', 'with the quantities sent beside them');
SELECT is((SELECT pg_typeof(cost)::text FROM call_cost_components LIMIT 1), 'numeric', 'in numeric, never float');

-- A redelivered report with other amounts rewrites them; the costBreakdown is read when costs[] is absent.
SELECT * FROM ingest_vapi_calls(ARRAY[$${"message": {"type": "end-of-call-report", "timestamp": 2000, "cost": 0.2,
  "costBreakdown": {"transport": 0.01, "stt": 0.02, "llm": 0.03, "tts": 0.04, "vapi": 0.05, "chat": 0, "total": 0.2,
    "llmPromptTokens": 4000, "llmCompletionTokens": 50, "ttsCharacters": 300, "voicemailDetectionCost": 0.005,
    "knowledgeBaseCost": 0.001, "newThingCost": 0.004,
    "analysisCostBreakdown": {"summary": 0.002, "summaryPromptTokens": 800, "summaryCompletionTokens": 30, "structuredData": 0.003,
                              "successEvaluation": 0.001, "structuredOutput": 0.004}},
  "call": {"id": "components"}}}$$::jsonb], '00000000-0000-0000-0000-0000000000a1');

SELECT results_eq(
  $$SELECT component, sub_type, cost, source FROM call_cost_components ORDER BY component, sub_type$$,
  $$VALUES ('analysis', 'structuredData', 0.003, 'costBreakdown'), ('analysis', 'structuredOutput', 0.004, 'costBreakdown'),
           ('analysis', 'successEvaluation', 0.001, 'costBreakdown'), ('analysis', 'summary', 0.002, 'costBreakdown'),
           ('chat', '', 0, 'costBreakdown'), ('knowledge-base', '', 0.001, 'costBreakdown'), ('model', '', 0.03, 'costBreakdown'),
           ('newThingCost', '', 0.004, 'costBreakdown'), ('transcriber', '', 0.02, 'costBreakdown'), ('transport', '', 0.01, 'costBreakdown'),
           ('vapi', '', 0.05, 'costBreakdown'), ('voice', '', 0.04, 'costBreakdown'), ('voicemail-detection', '', 0.005, 'costBreakdown')$$,
  'a later report with other amounts replaces them; costBreakdown names map to the component types, total and counts are not components');
SELECT is((SELECT row(prompt_tokens, completion_tokens)::text FROM call_cost_components WHERE component = 'model'), '(4000,50)',
  'llm tokens go with the model');
SELECT is((SELECT row(prompt_tokens, completion_tokens)::text FROM call_cost_components WHERE component = 'analysis' AND sub_type = 'summary'), '(800,30)',
  'analysis tokens with their analysis');

-- A status-update changes no cost, so no component.
SELECT ingest_vapi_call('{"message": {"type": "status-update", "status": "ended", "call": {"id": "components"}}}'::jsonb, '00000000-0000-0000-0000-0000000000a1');
SELECT is((SELECT count(*)::integer FROM call_cost_components), 13, 'a status-update leaves them as they are');

SELECT * FROM finish();
ROLLBACK;
