-- Runs once every function of sql/ exists, before the triggers (the last section of
-- sql/manifest.txt): records which functions this install wrote, hands them to the owner role
-- and brings the grants to what the package expects. None of this locks a table against
-- writers; sql/security/finish_install_tables.sql does the rest after the triggers. Nothing
-- here is an object, so `migrate down` has nothing of this file to drop: the grants go with
-- the 0012 down migration. Every name is qualified: the install runs with an empty search_path.

-- Which functions this install wrote (the pg_proc rows of this transaction named in sql/), so
-- grants and `doctor` tell the package's functions from an application's in a shared schema.
-- Upserted: the previous install's rows stay until finish_install_tables.sql has dropped the
-- functions this install no longer writes (their rows are the ones this statement did not touch).
INSERT INTO golden_record.code_layer_functions (signature)
SELECT pg_catalog.format('%I.%I(%s)', n.nspname, p.proname, pg_catalog.oidvectortypes(p.proargtypes))
  FROM pg_catalog.pg_proc p
  JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
 WHERE pg_catalog.format('%I.%I', n.nspname, p.proname) = ANY (pg_catalog.string_to_array(pg_catalog.current_setting('golden_record.code_layer_names'), ','))
   AND p.xmin::text = (pg_catalog.pg_current_xact_id()::text::numeric % 4294967296)::text
ON CONFLICT (signature) DO UPDATE SET signature = EXCLUDED.signature;

SELECT golden_record.take_ownership();
SELECT golden_record.apply_grants();
