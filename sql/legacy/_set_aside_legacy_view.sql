/**
 * Sets aside an application's own `calls_with_caller_names` (a legacy database), so that the
 * next file, calls_with_caller_names.sql, can create the package's view under that name.
 *
 * A view of that name that exists before the code layer was ever installed belongs to the
 * application, and has another column list, so CREATE OR REPLACE VIEW would fail on it. It is
 * parked untouched in the golden_record schema (same object: owner, grants, comment, and the
 * views that depend on it keep working) and recorded in golden_record.replaced_objects;
 * sql/legacy/calls_with_caller_names_legacy_columns.sql then gives the package's view every
 * column the old one had, and golden_record.restore_replaced_objects() (run by the uninstall)
 * moves the original back. On a reinstall the package's merged view is dropped here and
 * rebuilt the same way. Nothing happens on a database that never had such a view.
 */
DO $$
DECLARE
  v_view regclass := to_regclass('@extschema@.calls_with_caller_names');
  v_class pg_class;
BEGIN
  IF v_view IS NULL THEN
    RETURN;
  END IF;
  IF EXISTS (SELECT 1 FROM golden_record.replaced_objects
              WHERE kind = 'view' AND schema_name = '@extschema@'::text AND object_name = 'calls_with_caller_names') THEN
    -- The package's merged view from an earlier install: rebuilt after the next file.
    DROP VIEW @extschema@.calls_with_caller_names;
    RETURN;
  END IF;
  SELECT * INTO v_class FROM pg_class WHERE oid = v_view;
  IF v_class.relkind <> 'v' OR EXISTS (SELECT 1 FROM golden_record.code_layer) THEN
    RETURN;
  END IF;
  INSERT INTO golden_record.replaced_objects (kind, schema_name, table_name, object_name, parked_as, definition, owner, acl, comment)
  VALUES ('view', '@extschema@'::text, v_class.relname, v_class.relname, 'legacy_' || v_class.relname,
          pg_get_viewdef(v_view), pg_get_userbyid(v_class.relowner), v_class.relacl::text, obj_description(v_view, 'pg_class'));
  ALTER VIEW @extschema@.calls_with_caller_names SET SCHEMA golden_record;
  ALTER VIEW golden_record.calls_with_caller_names RENAME TO legacy_calls_with_caller_names;
END
$$;
