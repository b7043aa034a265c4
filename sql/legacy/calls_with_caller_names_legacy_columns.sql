/**
 * calls_with_caller_names on a legacy database: the package's view plus every column of the
 * application's old view (set aside by sql/core/_set_aside_legacy_view.sql).
 *
 * The old columns come first, in their old order, with their old names, types and values (the
 * old view's own query, joined on the call id), so the old application reads exactly what it
 * read before, `SELECT *` included; the package's columns the old view did not have follow. A
 * column both have keeps the old view's meaning (for example `resolved_caller_name`). The
 * grants of the old view are given to this one. security_invoker, like the package's view.
 * Nothing happens where no view was set aside.
 *
 * Example: `SELECT deprecated_caller_name, name_source, cost_cents, has_appointment FROM calls_with_caller_names;`
 */
DO $$
DECLARE
  r golden_record.replaced_objects;
  v_parked regclass;
  v_golden regclass := 'calls_with_caller_names'::regclass;
  v_columns text;
  v_query text;
  v_grant record;
BEGIN
  SELECT * INTO r FROM golden_record.replaced_objects
   WHERE kind = 'view' AND schema_name = current_schema() AND object_name = 'calls_with_caller_names';
  IF NOT FOUND THEN
    RETURN;
  END IF;
  v_parked := format('golden_record.%I', r.parked_as)::regclass;
  IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = v_parked AND attname = 'id' AND NOT attisdropped) THEN
    RAISE EXCEPTION 'the application''s view calls_with_caller_names has no id column, so its rows cannot be matched to calls'
      USING HINT = 'add the call id to that view as a column named id, then run migrate up again';
  END IF;

  SELECT string_agg(expression, ', ' ORDER BY position) INTO v_columns
    FROM (
      SELECT a.attnum AS position,
             CASE WHEN a.attname = 'id' AND a.atttypid = 'uuid'::regtype THEN 'g.id' ELSE format('l.%I', a.attname) END AS expression
        FROM pg_attribute a
       WHERE a.attrelid = v_parked AND a.attnum > 0 AND NOT a.attisdropped
      UNION ALL
      SELECT 10000 + a.attnum, format('g.%I', a.attname)
        FROM pg_attribute a
       WHERE a.attrelid = v_golden AND a.attnum > 0 AND NOT a.attisdropped
         AND NOT EXISTS (SELECT 1 FROM pg_attribute o WHERE o.attrelid = v_parked AND o.attname = a.attname AND o.attnum > 0 AND NOT o.attisdropped)
    ) c;

  v_query := format('SELECT %s FROM (%s) g LEFT JOIN (%s) l ON l.id = g.id',
    v_columns, rtrim(pg_get_viewdef(v_golden), E'; \n'), rtrim(pg_get_viewdef(v_parked), E'; \n'));
  DROP VIEW calls_with_caller_names;
  EXECUTE 'CREATE VIEW calls_with_caller_names WITH (security_invoker = true) AS ' || v_query;

  FOR v_grant IN
    SELECT a.privilege_type, CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END AS grantee
      FROM pg_class c, aclexplode(c.relacl) a
     WHERE c.oid = v_parked AND a.grantee <> c.relowner
  LOOP
    EXECUTE format('GRANT %s ON calls_with_caller_names TO %s', v_grant.privilege_type, v_grant.grantee);
  END LOOP;
END
$$;
