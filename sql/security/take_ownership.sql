/**
 * golden_record.take_ownership() → integer
 *
 * Hands the package's objects to its owner role (golden_record.package_roles, purpose `owner`,
 * created by migration 0018): every function of the package (golden_record.package_functions()),
 * every table the package created (golden_record.tracked_objects) with its sequences, the
 * bookkeeping tables of the golden_record schema, and the view calls_with_caller_names when
 * the package created it. The SECURITY DEFINER functions then run as that NOLOGIN role, which
 * is neither superuser nor BYPASSRLS: forced row-level security binds them too.
 * A table the package did not create (a legacy one) keeps its owner; the owner role gets the
 * table privileges the definers need on it through golden_record.expected_grants().
 * Run by every install of sql/, by the migrating role (a superuser, or a member of the owner
 * role: migration 0018 makes it one). Only what is not yet the owner's is changed, so a
 * re-install takes no lock.
 *
 * | returns | meaning |
 * |---|---|
 * | integer | objects handed over (0: nothing to change) |
 *
 * Example: `SELECT golden_record.take_ownership();`
 */
CREATE OR REPLACE FUNCTION golden_record.take_ownership()
RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
DECLARE
  v_owner name := (SELECT pr.role_name FROM golden_record.package_roles pr JOIN pg_roles r ON r.rolname = pr.role_name WHERE pr.purpose = 'owner');
  v_statements text[];
  v_statement text;
  v_changes integer := 0;
BEGIN
  IF v_owner IS NULL THEN
    RAISE EXCEPTION 'the package''s owner role does not exist' USING HINT = 'run golden-record migrate up (migration 0018 creates it)';
  END IF;
  -- ALTER ... OWNER by a role that is not a superuser needs the new owner to be able to
  -- create in the object's schema (expected_grants gives it that; it is granted here first).
  PERFORM golden_record.apply_grants();
  -- Listed first: a table cannot change owner while this statement still reads it.
  SELECT array_agg(s) INTO v_statements FROM (
    SELECT format('ALTER ROUTINE %s OWNER TO %I', f.function_oid::regprocedure, v_owner)
      FROM golden_record.package_functions() f JOIN pg_proc p ON p.oid = f.function_oid
     WHERE p.proowner <> v_owner::regrole
    UNION ALL
    SELECT format('ALTER %s %s OWNER TO %I', CASE c.relkind WHEN 'v' THEN 'VIEW' ELSE 'TABLE' END, c.oid::regclass, v_owner)
      FROM pg_class c
     WHERE c.relowner <> v_owner::regrole
       AND (c.oid IN (SELECT to_regclass(o.table_name) FROM golden_record.tracked_objects o WHERE o.kind = 'table')
            OR (c.relnamespace = 'golden_record'::regnamespace AND c.relkind IN ('r', 'p') AND c.relname <> 'pgmigrations')
            OR c.oid = to_regclass('@extschema@.calls_with_caller_names'))
  ) t(s);
  FOREACH v_statement IN ARRAY coalesce(v_statements, '{}') LOOP
    EXECUTE v_statement;
    v_changes := v_changes + 1;
  END LOOP;
  RETURN v_changes;
END;
$$;

REVOKE ALL ON FUNCTION golden_record.take_ownership() FROM PUBLIC;
