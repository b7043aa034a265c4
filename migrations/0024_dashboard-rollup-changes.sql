-- Up Migration
-- Writers of calls stop updating shared call_rollups rows: each statement appends its changes
-- (old versions subtracted, new ones added) to call_rollup_changes, which no other writer
-- touches, so two webhooks of one org and day no longer wait for each other until commit.
-- Every 1024th change folds its org's pending changes into call_rollups
-- (sql/dashboard/_call_rollups_fold.sql); call_analytics reads the rollups plus the pending
-- changes in one snapshot, so its figures stay exact between folds. A new, empty table.
SELECT golden_record.track('0024_dashboard-rollup-changes', 'table', 'call_rollup_changes', 'call_rollup_changes');
CREATE TABLE IF NOT EXISTS call_rollup_changes (
  org_id uuid NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  -- The call's created_at, not its local day: the day is cut when the change is folded or read,
  -- in the org's zone of that moment, so a zone change in between cannot misfile it.
  created_at timestamptz NOT NULL,
  direction text,
  ended_reason text,
  tools_used text[] NOT NULL,
  -- +1 for an added call version, -1 for a removed one (and its figures signed the same way).
  calls integer NOT NULL,
  answered_calls integer NOT NULL,
  cost_cents bigint NOT NULL,
  calls_with_cost integer NOT NULL,
  booked_calls integer NOT NULL,
  PRIMARY KEY (org_id, id)
);

SELECT golden_record.secure_table('0024_dashboard-rollup-changes', 'call_rollup_changes');

-- Down Migration
-- The code layer (which folds) is gone by now: an org with changes pending is marked not built,
-- so the previous version's code rebuilds its rollups from its calls on its next write and
-- call_analytics reads its calls until then. Row-level security is forced on these tables and
-- their policies went with the code layer, so it is lifted for these statements (the
-- migrating role acts as the tables' owner) and forced again after.
DO $$
BEGIN
  IF to_regclass('call_rollup_changes') IS NOT NULL THEN
    ALTER TABLE call_rollup_changes NO FORCE ROW LEVEL SECURITY;
    ALTER TABLE call_rollups NO FORCE ROW LEVEL SECURITY;
    ALTER TABLE call_rollup_orgs NO FORCE ROW LEVEL SECURITY;
    DELETE FROM call_rollups WHERE org_id IN (SELECT DISTINCT org_id FROM call_rollup_changes);
    DELETE FROM call_rollup_orgs WHERE org_id IN (SELECT DISTINCT org_id FROM call_rollup_changes);
    ALTER TABLE call_rollups FORCE ROW LEVEL SECURITY;
    ALTER TABLE call_rollup_orgs FORCE ROW LEVEL SECURITY;
  END IF;
END
$$;
SELECT golden_record.unsecure_tables('0024_dashboard-rollup-changes');
SELECT golden_record.untrack('0024_dashboard-rollup-changes');
