-- Up Migration
-- Validates what 0051 added NOT VALID. VALIDATE takes SHARE UPDATE EXCLUSIVE: it scans `calls`
-- while the application keeps reading and writing it. Nothing to do where 0051 added nothing.
DO $$
DECLARE
  v_name name;
BEGIN
  FOR v_name IN
    SELECT conname FROM pg_constraint
     WHERE conrelid = to_regclass('calls') AND NOT convalidated
       AND conname IN (SELECT object_name FROM golden_record.tracked_objects
                        WHERE migration = '0015_call-direction-web' AND kind = 'constraint')
  LOOP
    EXECUTE format('ALTER TABLE calls VALIDATE CONSTRAINT %I', v_name);
  END LOOP;
END
$$;

-- Down Migration
-- The application's original CHECK comes back NOT VALID (no scan, a short lock); 0051's down
-- validates it in its own transaction and drops the wider one.
DO $$
DECLARE
  r golden_record.replaced_objects;
BEGIN
  FOR r IN SELECT * FROM golden_record.replaced_objects WHERE kind = 'constraint' AND table_name = 'calls' ORDER BY id LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'calls'::regclass AND conname = r.object_name) THEN
      EXECUTE format('ALTER TABLE calls ADD CONSTRAINT %I %s NOT VALID', r.object_name, r.definition);
    END IF;
  END LOOP;
END
$$;
