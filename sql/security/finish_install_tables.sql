-- Runs last in the code layer (the last line of sql/manifest.txt), after the triggers: drops
-- what an earlier install wrote and this one did not (triggers, then functions), then switches
-- the policies on. Kept to the end because the triggers above (and row security switched on for
-- the first time) lock their tables against writers until the install commits. Nothing here is
-- an object, so `migrate down` has nothing of this file to drop: the policies go with the 0013
-- down migration.
-- Every name is qualified: the install runs with an empty search_path.

-- A trigger that runs one of the package's functions and that this install did not write is an
-- earlier install's (every trigger file above creates or replaces its trigger, or drops it): one
-- sql/ renamed or removed. It is dropped first, so that no trigger fires twice under two names
-- and no function below is dropped from under one.
DO $$
DECLARE
  t record;
BEGIN
  FOR t IN
    SELECT tg.tgname, tg.tgrelid::regclass AS on_table
      FROM pg_catalog.pg_trigger tg
     WHERE NOT tg.tgisinternal
       AND tg.tgfoid::regprocedure::text IN (SELECT c.signature FROM golden_record.code_layer_functions c)
       AND tg.xmin::text <> (pg_catalog.pg_current_xact_id()::text::numeric % 4294967296)::text
  LOOP
    EXECUTE pg_catalog.format('DROP TRIGGER %I ON %s', t.tgname, t.on_table);
  END LOOP;
END
$$;

-- A function an earlier install wrote that this one did not (sql/ dropped, renamed or moved it,
-- or changed its arguments) is dropped, by name, now that the triggers point at the new ones:
-- the names of the rows of golden_record.code_layer_functions that finish_install.sql did not
-- write in this transaction.
DO $$
DECLARE
  f regprocedure;
BEGIN
  FOR f IN
    SELECT p.oid::regprocedure
      FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
     WHERE pg_catalog.format('%I.%I', n.nspname, p.proname) IN (
             SELECT pg_catalog.split_part(c.signature, '(', 1) FROM golden_record.code_layer_functions c
              WHERE c.xmin::text <> (pg_catalog.pg_current_xact_id()::text::numeric % 4294967296)::text)
       AND p.xmin::text <> (pg_catalog.pg_current_xact_id()::text::numeric % 4294967296)::text
  LOOP
    EXECUTE pg_catalog.format('DROP FUNCTION %s', f);
  END LOOP;
END
$$;
DELETE FROM golden_record.code_layer_functions c
 WHERE c.xmin::text <> (pg_catalog.pg_current_xact_id()::text::numeric % 4294967296)::text;

SELECT golden_record.apply_row_security();
