-- Runs last in the code layer (the last line of sql/manifest.txt), once every function of sql/ exists:
-- records which functions this install wrote (the pg_proc rows written by this transaction),
-- then brings policies and grants to what the package expects. Nothing here is an object, so
-- `migrate down` has nothing of this file to drop: the policies go with the 0041 down migration
-- and the grants with 0040.

DELETE FROM golden_record.code_layer_functions;
INSERT INTO golden_record.code_layer_functions (signature)
SELECT format('%I.%I(%s)', n.nspname, p.proname, oidvectortypes(p.proargtypes))
  FROM pg_proc p
  JOIN pg_namespace n ON n.oid = p.pronamespace
 WHERE n.nspname IN (current_schema(), 'golden_record')
   AND p.xmin::text = (pg_current_xact_id()::text::numeric % 4294967296)::text;

SELECT golden_record.apply_row_security();
SELECT golden_record.apply_grants();
