-- Up Migration
-- The appointment-linking fallback (sql/linking/) matches an appointment that has no Vapi call
-- id to a call of the same contact when it was created between the call's start and its end
-- plus this grace period. A row of the package's own schema, so a DBA changes it with one
-- statement, no function redefined, and every session sees the same value at once:
--   UPDATE golden_record.linking_settings SET fallback_grace = interval '10 minutes';
CREATE TABLE IF NOT EXISTS golden_record.linking_settings (
  singleton boolean PRIMARY KEY DEFAULT true CONSTRAINT linking_settings_singleton_check CHECK (singleton),
  fallback_grace interval NOT NULL DEFAULT interval '5 minutes'
    CONSTRAINT linking_settings_fallback_grace_check CHECK (fallback_grace >= interval '0')
);
INSERT INTO golden_record.linking_settings DEFAULT VALUES ON CONFLICT DO NOTHING;

-- Down Migration
-- The package's own settings table, which no application reads.
-- squawk-ignore ban-drop-table
DROP TABLE IF EXISTS golden_record.linking_settings;
