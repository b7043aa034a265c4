-- Up Migration
-- Per-org settings the package reads. Optional: an org without a row gets the defaults.
-- time_zone: an IANA name (e.g. 'Europe/Paris'); call_analytics groups its daily series by
-- the org's local day when it is set, else by the UTC day. An unknown name is rejected on
-- write (timezone() raises 22023), so a stored value always works.

SELECT golden_record.track('0010_org-settings', 'table', 'org_settings', 'org_settings');
CREATE TABLE IF NOT EXISTS org_settings (
  org_id uuid PRIMARY KEY,
  time_zone text CONSTRAINT org_settings_time_zone_check CHECK (time_zone IS NULL OR timezone(time_zone, timestamptz '2000-01-01') IS NOT NULL),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
SELECT golden_record.untrack('0010_org-settings');
