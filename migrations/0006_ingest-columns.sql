-- Up Migration
-- Which end-of-call-report a call's row holds: Vapi's timestamp of that report (the time it was
-- received when Vapi sent none). NULL until a report is applied. A status-update never writes
-- what a report owns once this is set, and a redelivered report older than it changes nothing,
-- so the row ends the same whatever order the deliveries arrive in.
-- Nullable, no default: adding it rewrites nothing and locks `calls` only for the catalogue change.
SELECT golden_record.track('0006_ingest-columns', 'column', 'calls', 'report_sent_at');
ALTER TABLE calls ADD COLUMN IF NOT EXISTS report_sent_at timestamptz;

-- Raw bodies (a few KB of JSON each) are compressed with lz4 where the server has it: several
-- times faster than the default pglz for about the same size, on every delivery stored. Only
-- values written from now on use it; nothing is rewritten. A server built without lz4 keeps pglz.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
    ALTER TABLE vapi_events ALTER COLUMN payload SET COMPRESSION lz4;
    ALTER TABLE vapi_quarantine ALTER COLUMN payload SET COMPRESSION lz4;
  END IF;
END
$$;

-- Down Migration
ALTER TABLE IF EXISTS vapi_quarantine ALTER COLUMN payload SET COMPRESSION default;
ALTER TABLE IF EXISTS vapi_events ALTER COLUMN payload SET COMPRESSION default;
SELECT golden_record.untrack('0006_ingest-columns');
