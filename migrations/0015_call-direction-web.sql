-- Up Migration
-- A legacy `calls` keeps the direction in `call_direction`, NOT NULL with a CHECK that knows
-- only inbound and outbound; the twin trigger copies `direction` into it, so a web call would
-- fail that CHECK. The CHECK is widened to allow 'web': the wider one is added NOT VALID (no
-- scan, a short ACCESS EXCLUSIVE lock), the original is dropped with its definition kept in
-- golden_record.replaced_objects, and 0052 validates without blocking writers. The canonical
-- `direction` column, which 0002 added without a CHECK on such a table, gets its CHECK the
-- same way. On a database without `call_direction` this migration changes nothing.
DO $$
DECLARE
  v_calls regclass := to_regclass('calls');
  v_attnum smallint;
  -- The canonical column's CHECK, under another name if the application already uses this one.
  v_direction_check name := 'calls_direction_check';
  c record;
BEGIN
  SELECT attnum INTO v_attnum FROM pg_attribute WHERE attrelid = v_calls AND attname = 'call_direction' AND NOT attisdropped;
  IF v_attnum IS NULL THEN
    RETURN;
  END IF;

  IF EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = v_calls AND conname = v_direction_check) THEN
    v_direction_check := 'calls_direction_golden_check';
  END IF;

  PERFORM golden_record.track('0015_call-direction-web', 'constraint', 'calls', 'calls_call_direction_web_check');
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = v_calls AND conname = 'calls_call_direction_web_check') THEN
    ALTER TABLE calls ADD CONSTRAINT calls_call_direction_web_check
      CHECK (call_direction IN ('inbound', 'outbound', 'web')) NOT VALID;
  END IF;

  -- Every other CHECK on call_direction alone is the application's narrower one.
  FOR c IN
    SELECT oid, conname, pg_get_constraintdef(oid) AS definition
      FROM pg_constraint
     WHERE conrelid = v_calls AND contype = 'c' AND conkey = ARRAY[v_attnum]
       AND conname <> 'calls_call_direction_web_check'
  LOOP
    INSERT INTO golden_record.replaced_objects (kind, schema_name, table_name, object_name, definition)
    VALUES ('constraint', current_schema(), 'calls', c.conname, c.definition)
    ON CONFLICT (kind, schema_name, table_name, object_name) DO NOTHING;
    EXECUTE format('ALTER TABLE calls DROP CONSTRAINT %I', c.conname);
  END LOOP;

  PERFORM golden_record.track('0015_call-direction-web', 'constraint', 'calls', v_direction_check);
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = v_calls AND conname = v_direction_check) THEN
    EXECUTE format($ddl$ALTER TABLE calls ADD CONSTRAINT %I CHECK (direction IN ('inbound', 'outbound', 'web')) NOT VALID$ddl$, v_direction_check);
  END IF;
END
$$;

-- Down Migration
-- The original CHECK came back NOT VALID in 0052's down; here it is validated (a scan that
-- does not block writers) and the package's constraints go. Calls the original forbids (web
-- calls ingested since the upgrade) get the legacy default 'inbound' first, with a warning:
-- the old schema cannot say 'web', and the package's direction column goes with 0002.
DO $$
DECLARE
  r golden_record.replaced_objects;
  v_changed bigint;
BEGIN
  FOR r IN SELECT * FROM golden_record.replaced_objects WHERE kind = 'constraint' AND table_name = 'calls' ORDER BY id LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'calls'::regclass AND conname = r.object_name) THEN
      EXECUTE format('ALTER TABLE calls ADD CONSTRAINT %I %s NOT VALID', r.object_name, r.definition);
    END IF;
    EXECUTE format('UPDATE calls SET call_direction = %L WHERE NOT %s', 'inbound', regexp_replace(r.definition, '^CHECK ', ''));
    GET DIAGNOSTICS v_changed = ROW_COUNT;
    IF v_changed > 0 THEN
      RAISE WARNING '% call(s) had a call_direction the legacy CHECK % forbids (web calls): set to ''inbound''', v_changed, r.object_name;
    END IF;
    EXECUTE format('ALTER TABLE calls VALIDATE CONSTRAINT %I', r.object_name);
  END LOOP;
  DELETE FROM golden_record.replaced_objects WHERE kind = 'constraint' AND table_name = 'calls';
END
$$;
SELECT golden_record.untrack('0015_call-direction-web');
