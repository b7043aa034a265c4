-- Up Migration
-- Records what the package adds, so `migrate down` removes exactly that and nothing an
-- existing application owned before (expand now, contract later).
CREATE TABLE IF NOT EXISTS golden_record.tracked_objects (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  migration text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('table', 'column', 'constraint', 'index', 'trigger', 'policy', 'role')),
  table_name text,
  object_name text NOT NULL,
  added_at timestamptz NOT NULL DEFAULT now()
);

/**
 * golden_record.track(migration, kind, table, name[, schema]): call it just before a DDL
 * statement that creates something only when absent. It records the object as the package's
 * when it does not exist yet; `untrack` later drops exactly the recorded objects.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | schema | name | the table's schema; the default, the caller's current_schema(), is evaluated before the pinned search_path applies, so a migration gets its own schema |
 *
 * The search_path is pinned (pg_catalog first, no application schema): migrations run as a
 * superuser, and a function planted in a schema on the caller's path would otherwise run with
 * those rights (CVE-2018-1058).
 *
 * Example: `SELECT golden_record.track('0019_ingest-cost-components', 'column', 'calls', 'cost_ledger_gap');`
 */
CREATE OR REPLACE FUNCTION golden_record.track(p_migration text, p_kind text, p_table text, p_name text, p_schema name DEFAULT pg_catalog.current_schema())
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
DECLARE
  v_table regclass := CASE WHEN p_table IS NOT NULL THEN to_regclass(format('%I.%I', p_schema, p_table)) END;
  v_exists boolean;
BEGIN
  v_exists := CASE p_kind
    WHEN 'table' THEN v_table IS NOT NULL
    WHEN 'column' THEN EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = v_table AND attname = p_name AND NOT attisdropped)
    WHEN 'constraint' THEN EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = v_table AND conname = p_name)
    WHEN 'index' THEN to_regclass(format('%I.%I', p_schema, p_name)) IS NOT NULL
    WHEN 'trigger' THEN EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = v_table AND tgname = p_name)
    WHEN 'policy' THEN EXISTS (SELECT 1 FROM pg_policy WHERE polrelid = v_table AND polname = p_name)
    WHEN 'role' THEN EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_name)
  END;
  IF v_exists IS NULL THEN
    RAISE EXCEPTION 'golden_record.track: unknown kind %', p_kind;
  END IF;
  IF NOT v_exists THEN
    INSERT INTO golden_record.tracked_objects (migration, kind, table_name, object_name)
    VALUES (p_migration, p_kind, CASE WHEN p_table IS NOT NULL THEN format('%I.%I', p_schema, p_table) END, p_name);
  END IF;
END;
$$;

/**
 * golden_record.untrack(migration): drops what `track` recorded for a migration, newest first.
 * Every recorded table name is schema-qualified; the search_path is pinned as track's.
 *
 * Example: `SELECT golden_record.untrack('0019_ingest-cost-components');`
 */
CREATE OR REPLACE FUNCTION golden_record.untrack(p_migration text)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
DECLARE
  o golden_record.tracked_objects;
BEGIN
  FOR o IN SELECT * FROM golden_record.tracked_objects WHERE migration = p_migration ORDER BY id DESC LOOP
    CASE o.kind
      WHEN 'table' THEN EXECUTE format('DROP TABLE IF EXISTS %s', o.table_name);
      WHEN 'column' THEN EXECUTE format('ALTER TABLE %s DROP COLUMN IF EXISTS %I', o.table_name, o.object_name);
      WHEN 'constraint' THEN EXECUTE format('ALTER TABLE %s DROP CONSTRAINT IF EXISTS %I', o.table_name, o.object_name);
      WHEN 'index' THEN
        -- An index lives in its table's schema; with its table gone it is gone too.
        IF to_regclass(o.table_name) IS NOT NULL THEN
          EXECUTE format('DROP INDEX IF EXISTS %I.%I', (SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = to_regclass(o.table_name)), o.object_name);
        END IF;
      WHEN 'trigger' THEN EXECUTE format('DROP TRIGGER IF EXISTS %I ON %s', o.object_name, o.table_name);
      WHEN 'policy' THEN EXECUTE format('DROP POLICY IF EXISTS %I ON %s', o.object_name, o.table_name);
      WHEN 'role' THEN
        -- Roles are the cluster's: one still used elsewhere (another database, a copy of this
        -- one) is kept with a warning rather than failing the whole down.
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = o.object_name) THEN
          BEGIN
            EXECUTE format('DROP OWNED BY %I', o.object_name);
            EXECUTE format('DROP ROLE %I', o.object_name);
          EXCEPTION WHEN dependent_objects_still_exist OR insufficient_privilege OR object_in_use THEN
            RAISE WARNING 'golden-record: role % kept: %', o.object_name, SQLERRM
              USING HINT = 'it still has privileges or objects elsewhere in the cluster; drop it there first if it should go';
          END;
        END IF;
    END CASE;
  END LOOP;
  DELETE FROM golden_record.tracked_objects WHERE migration = p_migration;
END;
$$;

-- Which version of sql/ (the functions, triggers and views) is installed; see src/code-layer.ts.
CREATE TABLE IF NOT EXISTS golden_record.code_layer (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  digest text NOT NULL,
  installed_at timestamptz NOT NULL DEFAULT now()
);

REVOKE ALL ON FUNCTION golden_record.track(text, text, text, text, name) FROM PUBLIC;
REVOKE ALL ON FUNCTION golden_record.untrack(text) FROM PUBLIC;

-- Down Migration
DROP FUNCTION IF EXISTS golden_record.untrack(text);
DROP FUNCTION IF EXISTS golden_record.track(text, text, text, text, name);
-- The package's own bookkeeping tables, which no application reads.
-- squawk-ignore ban-drop-table
DROP TABLE IF EXISTS golden_record.code_layer;
-- squawk-ignore ban-drop-table
DROP TABLE IF EXISTS golden_record.tracked_objects;
