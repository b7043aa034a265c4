-- Up Migration
-- Which end-of-call-report a call's row holds: Vapi's timestamp of that report (the time it was
-- received when Vapi sent none). NULL until a report is applied. A status-update never writes
-- what a report owns once this is set, and a redelivered report older than it changes nothing,
-- so the row ends the same whatever order the deliveries arrive in.
-- Nullable, no default: adding it rewrites nothing and locks `calls` only for the catalogue change.
SELECT golden_record.track('0010_ingest-columns', 'column', 'calls', 'report_sent_at');
ALTER TABLE calls ADD COLUMN IF NOT EXISTS report_sent_at timestamptz;

-- Down Migration
SELECT golden_record.untrack('0010_ingest-columns');
