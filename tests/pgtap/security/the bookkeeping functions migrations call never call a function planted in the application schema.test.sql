-- CVE-2018-1058 at migrate time: migrations run as a superuser with the application's schema
-- on the search_path, and an exact-type copy of a built-in planted there beats pg_catalog's.
-- golden_record.track, untrack, secure_table, unsecure_tables and restore_replaced_objects pin
-- their own path (no application schema) and still act on the caller's schema.
BEGIN;
SELECT plan(6);

CREATE TABLE public.gr_test_plant_log (fn text);
DO $$
DECLARE
  v_signature text;
BEGIN
  FOREACH v_signature IN ARRAY ARRAY['format(text, text)', 'format(text, name, text)', 'format(text, name, name)', 'format(text, text, text)',
                                     'format(text, text, name)', 'format(text, text, text, name)', 'format(text, text, text, text)',
                                     'format(text, name, name, text)', 'quote_ident(text)'] LOOP
    EXECUTE pg_catalog.format('CREATE FUNCTION public.%s RETURNS text LANGUAGE sql AS %L', v_signature,
                              pg_catalog.format('INSERT INTO public.gr_test_plant_log VALUES (%L) RETURNING ''planted''', v_signature));
  END LOOP;
END $$;

SET LOCAL search_path = public;

SELECT golden_record.track('gr_test_planted', 'table', 'gr_test_planted', 'gr_test_planted');
CREATE TABLE gr_test_planted (id integer, org_id uuid NOT NULL);
SELECT golden_record.track('gr_test_planted', 'column', 'gr_test_planted', 'note');
ALTER TABLE gr_test_planted ADD COLUMN note text;
SELECT golden_record.secure_table('gr_test_planted', 'gr_test_planted');

SELECT results_eq(
  $$SELECT kind, table_name FROM golden_record.tracked_objects WHERE migration = 'gr_test_planted' ORDER BY id$$,
  $$VALUES ('table', 'public.gr_test_planted'), ('column', 'public.gr_test_planted')$$,
  'track records the table in the caller''s schema');
SELECT results_eq(
  $$SELECT table_name, force_wanted FROM golden_record.secured_tables WHERE migration = 'gr_test_planted'$$,
  $$VALUES ('public.gr_test_planted', true)$$,
  'secure_table finds the table in the caller''s schema');

-- An application view the code layer replaced, parked in golden_record.
CREATE VIEW golden_record.gr_test_parked AS SELECT 1 AS kept;
CREATE VIEW public.gr_test_replaced AS SELECT 2 AS package;
INSERT INTO golden_record.replaced_objects (kind, schema_name, table_name, object_name, parked_as, definition)
VALUES ('view', 'public', 'gr_test_replaced', 'gr_test_replaced', 'gr_test_parked', 'SELECT 1 AS kept');
SELECT golden_record.restore_replaced_objects();
SELECT results_eq($$SELECT kept FROM public.gr_test_replaced$$, $$VALUES (1)$$, 'restore_replaced_objects puts the parked view back');

SELECT golden_record.unsecure_tables('gr_test_planted');
SELECT golden_record.untrack('gr_test_planted');
SELECT is(to_regclass('public.gr_test_planted'), NULL, 'untrack drops the recorded table');
SELECT is_empty($$SELECT 1 FROM golden_record.secured_tables WHERE migration = 'gr_test_planted'$$, 'unsecure_tables forgets the table');

RESET search_path;
SELECT is_empty($$SELECT fn FROM public.gr_test_plant_log$$, 'no planted function was called');

SELECT * FROM finish();
ROLLBACK;
