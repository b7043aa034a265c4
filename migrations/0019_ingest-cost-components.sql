-- Up Migration
-- Exact cost per component (SPEC §3): every call's `costs[]` (else `costBreakdown`), one row per
-- component type and sub-type, the dollars exactly as Vapi sent them (numeric, never float), so
-- analytics sum them without parsing JSON. Written by the trigger on calls.cost_breakdown
-- (sql/ingest/tg_calls__sync_cost_components.sql), so a redelivered report that changes them
-- rewrites them. A new, empty table: nothing is locked.

SELECT golden_record.track('0019_ingest-cost-components', 'table', 'call_cost_components', 'call_cost_components');
CREATE TABLE IF NOT EXISTS call_cost_components (
  call_id uuid NOT NULL CONSTRAINT call_cost_components_call_id_fkey REFERENCES calls (id) ON DELETE CASCADE,
  org_id uuid NOT NULL,
  -- Vapi's costs[].type (transport, transcriber, model, voice, vapi, voicemail-detection,
  -- analysis, knowledge-base, chat, or a type Vapi added later, kept under its own name).
  component text NOT NULL,
  -- costs[].subType (vapi: normal / overage) or analysisType (analysis: summary, structuredData...); '' when none.
  sub_type text NOT NULL DEFAULT '',
  -- Dollars, the sum of the items of this component and sub-type, exactly as sent.
  cost numeric NOT NULL,
  minutes numeric,
  characters numeric,
  prompt_tokens numeric,
  completion_tokens numeric,
  -- Where the amounts were read: 'costs' (message.costs[]) or 'costBreakdown'.
  source text NOT NULL CONSTRAINT call_cost_components_source_check CHECK (source IN ('costs', 'costBreakdown')),
  -- Analytics reach the rows through the period's calls: this key is their index.
  CONSTRAINT call_cost_components_pkey PRIMARY KEY (call_id, component, sub_type)
);
SELECT golden_record.secure_table('0019_ingest-cost-components', 'call_cost_components');

-- The ledger check: the components' sum minus the call's cost, in dollars, when both are known
-- (NULL otherwise). More than half a cent either way means the components do not add up; the
-- event of the report says so too. Nullable, no default: a catalogue-only change.
SELECT golden_record.track('0019_ingest-cost-components', 'column', 'calls', 'cost_ledger_gap');
ALTER TABLE calls ADD COLUMN IF NOT EXISTS cost_ledger_gap numeric;

-- Down Migration
SELECT golden_record.unsecure_tables('0019_ingest-cost-components');
SELECT golden_record.untrack('0019_ingest-cost-components');
