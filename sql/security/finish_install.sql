SET LOCAL search_path = pg_catalog, golden_record, pg_temp;

-- Runs last in the code layer (the last line of sql/manifest.txt), once every function of sql/
-- exists: drops what an earlier install wrote and this one did not, records which functions
-- this install wrote, hands them to the owner role, then brings policies and grants to what
-- the package expects. Nothing here is an object, so `migrate down` has nothing of this file to
-- drop: the policies go with the 0013 down migration and the grants with 0012.

-- A function an earlier install wrote that this one did not (sql/ dropped, renamed or moved it,
-- or changed its arguments) is dropped, by name, once the triggers point at the new ones.
DO $$
DECLARE
  f regprocedure;
BEGIN
  FOR f IN
    SELECT p.oid::regprocedure
      FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE format('%I.%I', n.nspname, p.proname) IN (SELECT split_part(c.signature, '(', 1) FROM golden_record.code_layer_functions c)
       AND p.xmin::text <> (pg_current_xact_id()::text::numeric % 4294967296)::text
  LOOP
    EXECUTE format('DROP FUNCTION %s', f);
  END LOOP;
END
$$;

-- Which functions this install wrote (the pg_proc rows of this transaction named in sql/), so
-- grants and `doctor` tell the package's functions from an application's in a shared schema.
DELETE FROM golden_record.code_layer_functions;
INSERT INTO golden_record.code_layer_functions (signature)
SELECT format('%I.%I(%s)', n.nspname, p.proname, oidvectortypes(p.proargtypes))
  FROM pg_proc p
  JOIN pg_namespace n ON n.oid = p.pronamespace
 WHERE format('%I.%I', n.nspname, p.proname) = ANY (string_to_array(current_setting('golden_record.code_layer_names'), ','))
   AND p.xmin::text = (pg_current_xact_id()::text::numeric % 4294967296)::text;

SELECT golden_record.take_ownership();
SELECT golden_record.apply_row_security();
SELECT golden_record.apply_grants();
