-- Up Migration
-- Nothing a backend hands in is lost: every delivery lands in vapi_events (processed or
-- ignored) or in vapi_quarantine (with the reason and the raw body, even when it was not JSON).

SELECT golden_record.track('0003_event-store', 'table', 'vapi_events', 'vapi_events');
CREATE TABLE IF NOT EXISTS vapi_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_id uuid NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  message_type text,
  vapi_call_id text,
  call_id uuid,
  outcome text NOT NULL CONSTRAINT vapi_events_outcome_check CHECK (outcome IN ('ingested', 'updated', 'duplicate', 'ignored')),
  notes text[] NOT NULL DEFAULT '{}',
  payload jsonb NOT NULL
);

SELECT golden_record.track('0003_event-store', 'table', 'vapi_quarantine', 'vapi_quarantine');
CREATE TABLE IF NOT EXISTS vapi_quarantine (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_id uuid,
  received_at timestamptz NOT NULL DEFAULT now(),
  reason text NOT NULL,
  detail text,
  message_type text,
  vapi_call_id text,
  -- Exactly one of the two holds the body: jsonb when it parsed, the raw text otherwise.
  payload jsonb,
  payload_text text,
  replayed_at timestamptz,
  replay_outcome text,
  CONSTRAINT vapi_quarantine_body_check CHECK ((payload IS NULL) <> (payload_text IS NULL))
);

-- Which org a delivery belongs to when the backend does not say: Vapi's assistant id,
-- phone number id or org id, mapped by the DBA.
SELECT golden_record.track('0003_event-store', 'table', 'vapi_org_mappings', 'vapi_org_mappings');
CREATE TABLE IF NOT EXISTS vapi_org_mappings (
  vapi_id_kind text NOT NULL CONSTRAINT vapi_org_mappings_kind_check CHECK (vapi_id_kind IN ('assistant', 'phone_number', 'vapi_org')),
  vapi_id text NOT NULL,
  org_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (vapi_id_kind, vapi_id)
);

-- Down Migration
SELECT golden_record.untrack('0003_event-store');
