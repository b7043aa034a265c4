/**
 * _vapi_cost_components(cost_breakdown jsonb) → setof record
 *
 * Private. The cost of a call per component, read from what `calls.cost_breakdown` keeps (Vapi's
 * `costBreakdown`, with the report's `costs[]` added under `costs`): from `costs[]` when it has
 * items, else from `costBreakdown`. Amounts are the dollars exactly as sent (numeric); items of
 * the same component and sub-type are added up; an amount that is not a number is skipped.
 * Shared by the ledger check of `_vapi_extract` and the trigger that fills `call_cost_components`.
 *
 * - `costs[]`: `type` is the component (unknown types keep their own name), `subType` (else
 *   `analysisType`) the sub-type; `minutes`, `characters`, `promptTokens`, `completionTokens`.
 * - `costBreakdown`: `transport`; `stt` → transcriber; `llm` → model (with `llmPromptTokens`,
 *   `llmCompletionTokens`); `tts` → voice (with `ttsCharacters`); `vapi`; `chat`;
 *   `voicemailDetectionCost` → voicemail-detection; `knowledgeBaseCost` → knowledge-base;
 *   `analysisCostBreakdown.summary` / `structuredData` / `successEvaluation` / `structuredOutput`
 *   → analysis with that sub-type (and their `...PromptTokens`, `...CompletionTokens`); any other
 *   key ending in `Cost` keeps its own name. `total` and counts are not components.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | cost_breakdown | jsonb | a `calls.cost_breakdown` value |
 *
 * | returns | meaning |
 * |---|---|
 * | component, sub_type | the component (`''` sub-type when none) |
 * | cost | dollars |
 * | minutes, characters, prompt_tokens, completion_tokens | the quantities sent with it |
 * | source | `costs` or `costBreakdown` |
 *
 * Example: `SELECT component, cost FROM _vapi_cost_components('{"costs": [{"type": "model", "cost": 0.0123}]}');`
 */
CREATE OR REPLACE FUNCTION _vapi_cost_components(
  p_cost_breakdown jsonb,
  OUT component text,
  OUT sub_type text,
  OUT cost numeric,
  OUT minutes numeric,
  OUT characters numeric,
  OUT prompt_tokens numeric,
  OUT completion_tokens numeric,
  OUT source text
)
RETURNS SETOF record
LANGUAGE sql
IMMUTABLE
PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
  WITH items AS (
    -- costs[], when it has items.
    SELECT left(btrim(item->>'type'), 64) AS component,
           left(btrim(coalesce(item->>'subType', item->>'analysisType', '')), 64) AS sub_type,
           _vapi_numeric(item->'cost') AS cost, _vapi_numeric(item->'minutes') AS minutes,
           _vapi_numeric(item->'characters') AS characters, _vapi_numeric(item->'promptTokens') AS prompt_tokens,
           _vapi_numeric(item->'completionTokens') AS completion_tokens, 'costs' AS source
      FROM jsonb_array_elements(CASE WHEN jsonb_typeof(p_cost_breakdown->'costs') = 'array' THEN p_cost_breakdown->'costs' ELSE '[]' END) AS item
     WHERE jsonb_typeof(item->'type') = 'string'
    UNION ALL
    -- Else costBreakdown's top-level amounts.
    SELECT CASE entry.key
             WHEN 'stt' THEN 'transcriber' WHEN 'llm' THEN 'model' WHEN 'tts' THEN 'voice'
             WHEN 'voicemailDetectionCost' THEN 'voicemail-detection' WHEN 'knowledgeBaseCost' THEN 'knowledge-base'
             ELSE left(entry.key, 64)
           END,
           '', _vapi_numeric(entry.value), NULL,
           CASE entry.key WHEN 'tts' THEN _vapi_numeric(p_cost_breakdown->'ttsCharacters') END,
           CASE entry.key WHEN 'llm' THEN _vapi_numeric(p_cost_breakdown->'llmPromptTokens') END,
           CASE entry.key WHEN 'llm' THEN _vapi_numeric(p_cost_breakdown->'llmCompletionTokens') END,
           'costBreakdown'
      FROM jsonb_each(CASE WHEN jsonb_typeof(p_cost_breakdown) = 'object' THEN p_cost_breakdown ELSE '{}' END) AS entry
     WHERE NOT coalesce(jsonb_array_length(CASE WHEN jsonb_typeof(p_cost_breakdown->'costs') = 'array' THEN p_cost_breakdown->'costs' END) > 0, false)
       AND (entry.key IN ('transport', 'stt', 'llm', 'tts', 'vapi', 'chat') OR entry.key ~ '.Cost$')
    UNION ALL
    -- And its analysis amounts.
    SELECT 'analysis', analysis.key, _vapi_numeric(analysis.value), NULL, NULL,
           _vapi_numeric(p_cost_breakdown #> ARRAY['analysisCostBreakdown', analysis.key || 'PromptTokens']),
           _vapi_numeric(p_cost_breakdown #> ARRAY['analysisCostBreakdown', analysis.key || 'CompletionTokens']),
           'costBreakdown'
      FROM jsonb_each(CASE WHEN jsonb_typeof(p_cost_breakdown->'analysisCostBreakdown') = 'object' THEN p_cost_breakdown->'analysisCostBreakdown' ELSE '{}' END) AS analysis
     WHERE NOT coalesce(jsonb_array_length(CASE WHEN jsonb_typeof(p_cost_breakdown->'costs') = 'array' THEN p_cost_breakdown->'costs' END) > 0, false)
       AND analysis.key !~ '(Tokens|Characters)$'
  )
  SELECT i.component, i.sub_type, sum(i.cost), sum(i.minutes), sum(i.characters), sum(i.prompt_tokens), sum(i.completion_tokens), min(i.source)
    FROM items i
   WHERE i.cost IS NOT NULL AND i.component <> ''
   GROUP BY i.component, i.sub_type
$$;

REVOKE ALL ON FUNCTION _vapi_cost_components(jsonb) FROM PUBLIC;
