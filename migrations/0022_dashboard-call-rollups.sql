-- Up Migration
-- Exact daily rollups of calls per org, so call_analytics reads a few rows per day instead of
-- every call of its period (SCALING.md). Kept exact by statement-level triggers on calls
-- (sql/dashboard/); an org's rollups are built the first time one of its calls is written, and
-- rebuilt when its time zone changes. New, empty tables: nothing to backfill here.

-- One row per org, local day (in call_rollup_orgs.time_zone) and the dimensions call_analytics
-- groups by. A row whose calls fall to zero is deleted, so every row counts at least one call.
SELECT golden_record.track('0022_dashboard-call-rollups', 'table', 'call_rollups', 'call_rollups');
CREATE TABLE IF NOT EXISTS call_rollups (
  org_id uuid NOT NULL,
  day date NOT NULL,
  direction text,
  ended_reason text,
  tools_used text[] NOT NULL,
  calls bigint NOT NULL,
  answered_calls bigint NOT NULL,
  cost_cents bigint NOT NULL,
  calls_with_cost bigint NOT NULL,
  booked_calls bigint NOT NULL,
  CONSTRAINT call_rollups_key UNIQUE NULLS NOT DISTINCT (org_id, day, direction, ended_reason, tools_used)
);

-- Which orgs have complete rollups, and in which time zone their days are cut. No row: the
-- org's rollups are not built yet and call_analytics reads its calls.
SELECT golden_record.track('0022_dashboard-call-rollups', 'table', 'call_rollup_orgs', 'call_rollup_orgs');
CREATE TABLE IF NOT EXISTS call_rollup_orgs (
  org_id uuid PRIMARY KEY,
  time_zone text NOT NULL,
  built_at timestamptz NOT NULL DEFAULT now()
);

-- The columns of a call the rollups read: what the triggers on calls hand to _call_rollups_add.
DO $$
BEGIN
  IF to_regtype('call_rollup_fact') IS NULL THEN
    CREATE TYPE call_rollup_fact AS (
      org_id uuid,
      created_at timestamptz,
      direction text,
      ended_reason text,
      tools_used text[],
      started_at timestamptz,
      cost_cents integer,
      appointment_id uuid
    );
  END IF;
END
$$;

SELECT golden_record.secure_table('0022_dashboard-call-rollups', 'call_rollups');
SELECT golden_record.secure_table('0022_dashboard-call-rollups', 'call_rollup_orgs');

-- Down Migration
SELECT golden_record.unsecure_tables('0022_dashboard-call-rollups');
SELECT golden_record.untrack('0022_dashboard-call-rollups');
DROP TYPE IF EXISTS call_rollup_fact;
