/**
 * calls_with_caller_names on a legacy database: the package's view plus every column of the
 * application's old view (set aside by sql/legacy/_set_aside_legacy_view.sql).
 *
 * Every call is a row, as in the package's view. The old columns come first, in their old
 * order, with their old names, types and values (the old view's own query, joined on the call
 * id, `id` or `call_id`), so the old application reads exactly what it read before, `SELECT *`
 * included; the package's columns the old view did not have follow. A column both have keeps
 * the old view's meaning (for example `resolved_caller_name`); one that merely shows a `calls`
 * column (org_id, created_at...) is read from calls itself, so its indexes serve. For a call
 * the old view did not show: the package's value where the types agree, else NULL.
 * The grants of the old view are given to this one. security_invoker, like the package's view.
 * Nothing happens where no view was set aside.
 *
 * Example: `SELECT deprecated_caller_name, name_source, cost_cents, has_appointment FROM calls_with_caller_names;`
 */
DO $$
DECLARE
  r golden_record.replaced_objects;
  v_parked regclass;
  v_golden regclass := '@extschema@.calls_with_caller_names'::regclass;
  v_key name;
  v_columns text;
  v_query text;
  v_grant record;
BEGIN
  SELECT * INTO r FROM golden_record.replaced_objects
   WHERE kind = 'view' AND schema_name = '@extschema@'::text AND object_name = 'calls_with_caller_names';
  IF NOT FOUND THEN
    RETURN;
  END IF;
  v_parked := format('golden_record.%I', r.parked_as)::regclass;
  -- The old view's call id: `id`, else `call_id` (uuid).
  SELECT a.attname INTO v_key
    FROM pg_attribute a
   WHERE a.attrelid = v_parked AND a.attname IN ('id', 'call_id') AND a.atttypid = 'uuid'::regtype AND NOT a.attisdropped
   ORDER BY a.attname = 'id' DESC
   LIMIT 1;
  IF v_key IS NULL THEN
    RAISE EXCEPTION 'the application''s view calls_with_caller_names has no call id column (id or call_id, uuid), so its rows cannot be matched to calls'
      USING HINT = 'add the call id to that view as a column named id, then run migrate up again';
  END IF;

  -- Old columns first, in their order. One that is a plain reference to a `calls` column the
  -- package's view also shows is read from the package's side: the same value, and filters
  -- and orderings on it (org_id, created_at) reach the indexes of calls. Any other column both
  -- views have keeps the old view's value, or the package's for a call the old view did not
  -- show; the old-only columns come from the old view.
  -- A plain reference is found in the view's definition as PostgreSQL prints it
  -- (pg_get_viewdef, pretty: one output column per line): a line that is exactly
  -- `alias.column [AS name]` where alias names `calls` in the FROM list, and the view depends
  -- on that column of calls (pg_depend). A set operation (UNION ...) has several column
  -- lists: no column of such a view counts as plain. Anything not recognised keeps the old
  -- view's value, which is always right, only not indexed.
  WITH definitions AS (
    SELECT v AS view, pg_get_viewdef(v, true) AS definition
      FROM unnest(ARRAY[v_parked, v_golden]) AS v
  ),
  calls_aliases AS (
    SELECT d.view, coalesce(m[1], 'calls') AS alias
      FROM definitions d,
           regexp_matches(d.definition, '(?:FROM|JOIN)\s+\(*(?:\w+\.)?calls(?:\s+(?!(?:ON|LEFT|RIGHT|FULL|INNER|CROSS|JOIN|WHERE|GROUP|ORDER|LIMIT)\M)(\w+))?(?=[\s),;]|$)', 'g') AS m
  ),
  targets AS (
    SELECT d.view, m[1] AS qualifier, m[2] AS column_name, coalesce(m[3], m[2]) AS name
      FROM definitions d,
           regexp_matches(d.definition, '(?:^ SELECT (?:DISTINCT )?|\n    )(\w+)\.(\w+)(?: AS (\w+))?,?(?=\n)', 'g') AS m
     WHERE d.definition !~ '\m(UNION|INTERSECT|EXCEPT)\M'
  ),
  origins AS (
    SELECT t.view, t.name, min(a.attnum) AS calls_column
      FROM targets t
      JOIN calls_aliases ca ON ca.view = t.view AND ca.alias = t.qualifier
      JOIN pg_attribute a ON a.attrelid = '@extschema@.calls'::regclass AND a.attname = t.column_name AND a.attnum > 0 AND NOT a.attisdropped
     WHERE EXISTS (SELECT 1 FROM pg_depend dep JOIN pg_rewrite rw ON rw.oid = dep.objid
                    WHERE dep.classid = 'pg_rewrite'::regclass AND rw.ev_class = t.view
                      AND dep.refobjid = '@extschema@.calls'::regclass AND dep.refobjsubid = a.attnum)
     GROUP BY 1, 2
    HAVING count(DISTINCT a.attnum) = 1
  )
  SELECT string_agg(expression, ', ' ORDER BY position) INTO v_columns
    FROM (
      SELECT o.attnum AS position,
             CASE WHEN o.attname = v_key THEN format('g.id AS %I', o.attname)
                  WHEN same.name IS NOT NULL THEN format('g.%I AS %I', same.name, o.attname)
                  WHEN n.atttypid = o.atttypid AND n.atttypmod = o.atttypmod
                    THEN format('CASE WHEN l.%2$I IS NULL THEN g.%1$I ELSE l.%1$I END AS %1$I', o.attname, v_key)
                  ELSE format('l.%I', o.attname) END AS expression
        FROM pg_attribute o
        LEFT JOIN pg_attribute n ON n.attrelid = v_golden AND n.attname = o.attname AND n.attnum > 0 AND NOT n.attisdropped
        LEFT JOIN origins old ON old.view = v_parked AND old.name = o.attname
        LEFT JOIN origins same ON same.view = v_golden AND same.calls_column = old.calls_column
       WHERE o.attrelid = v_parked AND o.attnum > 0 AND NOT o.attisdropped
      UNION ALL
      SELECT 10000 + a.attnum, format('g.%I', a.attname)
        FROM pg_attribute a
       WHERE a.attrelid = v_golden AND a.attnum > 0 AND NOT a.attisdropped
         AND NOT EXISTS (SELECT 1 FROM pg_attribute o WHERE o.attrelid = v_parked AND o.attname = a.attname AND o.attnum > 0 AND NOT o.attisdropped)
    ) c;

  v_query := format('SELECT %s FROM (%s) g LEFT JOIN (%s) l ON l.%I = g.id',
    v_columns, rtrim(pg_get_viewdef(v_golden), E'; \n'), rtrim(pg_get_viewdef(v_parked), E'; \n'), v_key);
  DROP VIEW @extschema@.calls_with_caller_names;
  EXECUTE 'CREATE VIEW @extschema@.calls_with_caller_names WITH (security_invoker = true) AS ' || v_query;

  FOR v_grant IN
    SELECT a.privilege_type, CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END AS grantee
      FROM pg_class c, aclexplode(c.relacl) a
     WHERE c.oid = v_parked AND a.grantee <> c.relowner
  LOOP
    EXECUTE format('GRANT %s ON @extschema@.calls_with_caller_names TO %s', v_grant.privilege_type, v_grant.grantee);
  END LOOP;
END
$$;
