-- Up Migration
-- What the legacy upgrade needs to undo itself and to resume: the application's objects the
-- package set aside (a view with another column list, the call_direction CHECK), and the
-- progress of `golden-record backfill`. Both live in the package's schema, so a database that
-- never had a legacy shape simply has two empty tables.

-- An object of the application the package replaced. Views are parked, untouched, in the
-- package's schema (same oid, owner, grants, comment and dependants) and moved back by
-- restore_replaced_objects(); constraints keep their definition here for the down migration.
CREATE TABLE IF NOT EXISTS golden_record.replaced_objects (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL CONSTRAINT replaced_objects_kind_check CHECK (kind IN ('view', 'constraint')),
  schema_name name NOT NULL,
  -- The view itself, or the table of the constraint.
  table_name name NOT NULL,
  object_name name NOT NULL,
  -- Where a view is parked, in the golden_record schema.
  parked_as name,
  definition text NOT NULL,
  owner name,
  acl text,
  comment text,
  replaced_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT replaced_objects_object_key UNIQUE (kind, schema_name, table_name, object_name)
);

-- One row per run of `golden-record backfill`; the run without finished_at is resumed. The
-- batch that moves `position` commits with the rows it changed, so a killed run loses nothing.
CREATE TABLE IF NOT EXISTS golden_record.backfill_runs (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  steps text[] NOT NULL,
  step text,
  -- The last key the current step finished (calls.id, call_logs.call_sid, appointments.org_id...).
  position text,
  counts jsonb NOT NULL DEFAULT '{}',
  started_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
-- At most one unfinished run: two backfills started at once resume the same run.
CREATE UNIQUE INDEX IF NOT EXISTS backfill_runs_unfinished_key ON golden_record.backfill_runs ((true)) WHERE finished_at IS NULL;

/**
 * golden_record.restore_replaced_objects() → void
 *
 * Puts back the application's views the code layer replaced (recorded in
 * golden_record.replaced_objects): the package's view of that name is dropped and the parked
 * original moves back under its own name and schema, exactly as it was (same object, owner,
 * grants, comment, and the views that depend on it). Called by the code layer's uninstall
 * (src/code-layer.ts), so it is defined here, in a migration, and outlives that uninstall.
 *
 * Example: `SELECT golden_record.restore_replaced_objects();`
 */
CREATE OR REPLACE FUNCTION golden_record.restore_replaced_objects()
RETURNS void
LANGUAGE plpgsql
-- Pinned, no application schema: the uninstall runs it as a superuser, and every name it uses
-- is qualified (the recorded schema, or golden_record).
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
DECLARE
  r golden_record.replaced_objects;
BEGIN
  FOR r IN SELECT * FROM golden_record.replaced_objects WHERE kind = 'view' ORDER BY id DESC LOOP
    IF to_regclass(format('golden_record.%I', r.parked_as)) IS NOT NULL THEN
      EXECUTE format('DROP VIEW IF EXISTS %I.%I', r.schema_name, r.object_name);
      EXECUTE format('ALTER VIEW golden_record.%I RENAME TO %I', r.parked_as, r.object_name);
      EXECUTE format('ALTER VIEW golden_record.%I SET SCHEMA %I', r.object_name, r.schema_name);
    END IF;
    DELETE FROM golden_record.replaced_objects WHERE id = r.id;
  END LOOP;
END;
$$;

REVOKE ALL ON FUNCTION golden_record.restore_replaced_objects() FROM PUBLIC;

-- Down Migration
SELECT golden_record.restore_replaced_objects();
DROP FUNCTION IF EXISTS golden_record.restore_replaced_objects();
-- The package's own bookkeeping, which no application reads.
-- squawk-ignore ban-drop-table
DROP TABLE IF EXISTS golden_record.backfill_runs;
-- squawk-ignore ban-drop-table
DROP TABLE IF EXISTS golden_record.replaced_objects;
