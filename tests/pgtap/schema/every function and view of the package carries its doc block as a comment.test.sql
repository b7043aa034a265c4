BEGIN;
SELECT plan(4);

SELECT cmp_ok((SELECT count(*) FROM golden_record.code_layer_functions), '>', 50::bigint,
  'the install recorded the functions of the code layer');

SELECT is(
  ARRAY(SELECT f.signature FROM golden_record.package_functions() f
         WHERE coalesce(obj_description(f.function_oid, 'pg_proc'), '') = ''
         ORDER BY 1),
  '{}'::text[],
  'every function of the package (sql/ and the migrations) has a comment (its doc block)');

SELECT matches(obj_description('call_analytics(uuid, timestamptz, timestamptz)'::regprocedure, 'pg_proc'),
  '^call_analytics\(org_id uuid.*\| parameter \| type \| meaning \|.*Example: ',
  'the comment is the doc block, margin removed: signature, parameter table, example');

SELECT matches(obj_description('calls_with_caller_names'::regclass, 'pg_class'), '^calls_with_caller_names \(view\)',
  'the view carries its doc block');

SELECT * FROM finish();
ROLLBACK;
