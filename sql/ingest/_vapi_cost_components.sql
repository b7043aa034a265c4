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
CREATE OR REPLACE FUNCTION golden_record._vapi_cost_components(
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
LANGUAGE plpgsql
IMMUTABLE
PARALLEL SAFE
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
#variable_conflict use_column
DECLARE
  -- costs[] when it has items (else the breakdown's amounts are read).
  v_costs jsonb := CASE WHEN jsonb_typeof(p_cost_breakdown->'costs') = 'array' AND p_cost_breakdown->'costs' <> '[]' THEN p_cost_breakdown->'costs' END;
BEGIN
  -- plpgsql rather than sql: its plans are kept for the session, and this runs for every report.
  IF v_costs IS NOT NULL THEN
    RETURN QUERY
    SELECT item.component, item.sub_type, sum(item.cost), sum(item.minutes), sum(item.characters),
           sum(item.prompt_tokens), sum(item.completion_tokens), 'costs'
      FROM (
        SELECT left(btrim(entry->>'type'), 64) AS component,
               left(btrim(coalesce(entry->>'subType', entry->>'analysisType', '')), 64) AS sub_type,
               -- A cost given as a decimal string is read too; quantities only as numbers.
               CASE jsonb_typeof(entry->'cost') WHEN 'number' THEN (entry->'cost')::numeric WHEN 'string' THEN _vapi_numeric(entry->'cost') END AS cost,
               CASE WHEN jsonb_typeof(entry->'minutes') = 'number' THEN (entry->'minutes')::numeric END AS minutes,
               CASE WHEN jsonb_typeof(entry->'characters') = 'number' THEN (entry->'characters')::numeric END AS characters,
               CASE WHEN jsonb_typeof(entry->'promptTokens') = 'number' THEN (entry->'promptTokens')::numeric END AS prompt_tokens,
               CASE WHEN jsonb_typeof(entry->'completionTokens') = 'number' THEN (entry->'completionTokens')::numeric END AS completion_tokens
          FROM jsonb_array_elements(v_costs) AS entry
         WHERE jsonb_typeof(entry->'type') = 'string'
      ) AS item
     WHERE item.cost IS NOT NULL AND item.component <> ''
     GROUP BY item.component, item.sub_type;
    RETURN;
  END IF;
  IF jsonb_typeof(p_cost_breakdown) IS DISTINCT FROM 'object' THEN
    RETURN;
  END IF;

  -- costBreakdown: its top-level amounts, then its analysis amounts (each key once: no grouping).
  RETURN QUERY
  SELECT CASE entry.key
           WHEN 'stt' THEN 'transcriber' WHEN 'llm' THEN 'model' WHEN 'tts' THEN 'voice'
           WHEN 'voicemailDetectionCost' THEN 'voicemail-detection' WHEN 'knowledgeBaseCost' THEN 'knowledge-base'
           ELSE left(entry.key, 64)
         END,
         '', entry.cost, NULL::numeric,
         CASE WHEN entry.key = 'tts' AND jsonb_typeof(p_cost_breakdown->'ttsCharacters') = 'number' THEN (p_cost_breakdown->'ttsCharacters')::numeric END,
         CASE WHEN entry.key = 'llm' AND jsonb_typeof(p_cost_breakdown->'llmPromptTokens') = 'number' THEN (p_cost_breakdown->'llmPromptTokens')::numeric END,
         CASE WHEN entry.key = 'llm' AND jsonb_typeof(p_cost_breakdown->'llmCompletionTokens') = 'number' THEN (p_cost_breakdown->'llmCompletionTokens')::numeric END,
         'costBreakdown'
    FROM (
      SELECT amount.key, CASE jsonb_typeof(amount.value) WHEN 'number' THEN amount.value::numeric WHEN 'string' THEN _vapi_numeric(amount.value) END AS cost
        FROM jsonb_each(p_cost_breakdown) AS amount
       WHERE amount.key IN ('transport', 'stt', 'llm', 'tts', 'vapi', 'chat') OR amount.key ~ '.Cost$'
    ) AS entry
   WHERE entry.cost IS NOT NULL;
  IF jsonb_typeof(p_cost_breakdown->'analysisCostBreakdown') = 'object' THEN
    RETURN QUERY
    SELECT 'analysis', entry.key, entry.cost, NULL::numeric, NULL::numeric,
           CASE WHEN jsonb_typeof(p_cost_breakdown #> ARRAY['analysisCostBreakdown', entry.key || 'PromptTokens']) = 'number'
                THEN (p_cost_breakdown #> ARRAY['analysisCostBreakdown', entry.key || 'PromptTokens'])::numeric END,
           CASE WHEN jsonb_typeof(p_cost_breakdown #> ARRAY['analysisCostBreakdown', entry.key || 'CompletionTokens']) = 'number'
                THEN (p_cost_breakdown #> ARRAY['analysisCostBreakdown', entry.key || 'CompletionTokens'])::numeric END,
           'costBreakdown'
      FROM (
        SELECT amount.key, CASE jsonb_typeof(amount.value) WHEN 'number' THEN amount.value::numeric WHEN 'string' THEN _vapi_numeric(amount.value) END AS cost
          FROM jsonb_each(p_cost_breakdown->'analysisCostBreakdown') AS amount
         WHERE amount.key !~ '(Tokens|Characters)$'
      ) AS entry
     WHERE entry.cost IS NOT NULL;
  END IF;
END;
$$;

REVOKE ALL ON FUNCTION golden_record._vapi_cost_components(jsonb) FROM PUBLIC;
