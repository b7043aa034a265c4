/**
 * golden_record.apply_grants() → integer
 *
 * Brings the privileges to `golden_record.expected_grants()`: grants what is missing (and
 * records it in golden_record.package_grants, so the down migration revokes it), revokes
 * EXECUTE on the package's functions from PUBLIC, and revokes what the package granted earlier
 * but no longer expects. A privilege the package did not grant is never revoked here: a role
 * the DBA shares with an application keeps it, and `golden-record doctor` reports it.
 * Run by every install of sql/; returns the number of GRANT and REVOKE statements run.
 *
 * | returns | meaning |
 * |---|---|
 * | integer | statements run (0: nothing to change) |
 *
 * Example: `SELECT golden_record.apply_grants();`
 */
CREATE OR REPLACE FUNCTION golden_record.apply_grants()
RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
DECLARE
  d record;
  v_target text;
  v_changes integer := 0;
BEGIN
  FOR d IN SELECT * FROM golden_record.grant_drift() LOOP
    v_target := CASE d.object_kind
      WHEN 'schema' THEN format('SCHEMA %I', d.object_name)
      WHEN 'table' THEN format('TABLE %s', d.object_name)
      WHEN 'function' THEN format('ROUTINE %s', d.object_name)
    END;
    IF d.change = 'missing' THEN
      EXECUTE format('GRANT %s ON %s TO %I', d.privilege, v_target, d.role_name);
      INSERT INTO golden_record.package_grants (role_name, object_kind, object_name, privilege)
      VALUES (d.role_name, d.object_kind, d.object_name, d.privilege)
      ON CONFLICT DO NOTHING;
      v_changes := v_changes + 1;
    ELSIF d.role_name = 'PUBLIC' THEN
      EXECUTE format('REVOKE %s ON %s FROM PUBLIC', d.privilege, v_target);
      v_changes := v_changes + 1;
    ELSIF EXISTS (SELECT 1 FROM golden_record.package_grants g
                   WHERE (g.role_name, g.object_kind, g.object_name, g.privilege) = (d.role_name, d.object_kind, d.object_name, d.privilege)) THEN
      EXECUTE format('REVOKE %s ON %s FROM %I', d.privilege, v_target, d.role_name);
      DELETE FROM golden_record.package_grants g
       WHERE (g.role_name, g.object_kind, g.object_name, g.privilege) = (d.role_name, d.object_kind, d.object_name, d.privilege);
      v_changes := v_changes + 1;
    END IF;
  END LOOP;
  RETURN v_changes;
END;
$$;

REVOKE ALL ON FUNCTION golden_record.apply_grants() FROM PUBLIC;
