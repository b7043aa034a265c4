/**
 * golden_record.apply_row_security() → integer
 *
 * Installs the package's policies on every table in golden_record.secured_tables (the tables
 * the migrations put under row-level security), removes package policies that are no longer
 * wanted, then switches row-level security (and FORCE where wanted) on: policies first, in one
 * transaction, so no role ever meets a secured table without its policies. Only what differs
 * is changed, so a re-install takes no table lock.
 *
 * - `golden_record_org_select`, `_insert`, `_update`, `_delete` (tables with an org_id): a row
 *   is visible and writable when `org_id = current_org_id()`, for every role the policies apply
 *   to. A row whose org_id is NULL (a quarantined delivery of an unknown org) matches no org:
 *   only the owner of a table that is not forced sees it.
 * - `golden_record_full_access`: for the roles named in golden_record.full_access_roles, every
 *   row, read and write (permissive policies add up). This is how an application that used a
 *   legacy table before the upgrade keeps its access; see `golden_record.grant_full_access`.
 *
 * Policies are named `golden_record_*`; the down migration drops exactly those.
 *
 * | returns | meaning |
 * |---|---|
 * | integer | policies created or dropped (0: nothing to change) |
 *
 * Example: `SELECT golden_record.apply_row_security();`
 */
CREATE OR REPLACE FUNCTION golden_record.apply_row_security()
RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
DECLARE
  v_org_match text := format('org_id = (SELECT %I.current_org_id())', '@extschema@'::text);
  v_full_access oid[];
  v_full_access_list text;
  v_table regclass;
  v_force_wanted boolean;
  v_wanted name[];
  v_policy name;
  v_changes integer := 0;
BEGIN
  SELECT array_agg(r.oid ORDER BY r.oid), string_agg(quote_ident(r.rolname), ', ' ORDER BY r.oid)
    INTO v_full_access, v_full_access_list
    FROM golden_record.full_access_roles f JOIN pg_roles r ON r.rolname = f.role_name;

  FOR v_table, v_force_wanted IN
    SELECT to_regclass(t.table_name), t.force_wanted FROM golden_record.secured_tables t WHERE to_regclass(t.table_name) IS NOT NULL
  LOOP
    v_wanted := CASE WHEN EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = v_table AND attname = 'org_id' AND NOT attisdropped)
      THEN ARRAY['golden_record_org_select', 'golden_record_org_insert', 'golden_record_org_update', 'golden_record_org_delete']::name[]
      ELSE '{}'::name[] END;
    IF v_full_access IS NOT NULL THEN
      v_wanted := v_wanted || 'golden_record_full_access'::name;
    END IF;

    FOR v_policy IN
      SELECT p.polname FROM pg_policy p
       WHERE p.polrelid = v_table AND p.polname LIKE 'golden\_record\_%'
         AND (p.polname <> ALL (v_wanted)
              OR (p.polname = 'golden_record_full_access'
                  AND (SELECT array_agg(x ORDER BY x) FROM unnest(p.polroles) x) IS DISTINCT FROM v_full_access))
    LOOP
      EXECUTE format('DROP POLICY %I ON %s', v_policy, v_table);
      v_changes := v_changes + 1;
    END LOOP;

    FOR v_policy IN
      SELECT w FROM unnest(v_wanted) w WHERE NOT EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = v_table AND p.polname = w)
    LOOP
      EXECUTE CASE v_policy
        WHEN 'golden_record_org_select' THEN format('CREATE POLICY %I ON %s FOR SELECT USING (%s)', v_policy, v_table, v_org_match)
        WHEN 'golden_record_org_insert' THEN format('CREATE POLICY %I ON %s FOR INSERT WITH CHECK (%s)', v_policy, v_table, v_org_match)
        WHEN 'golden_record_org_update' THEN format('CREATE POLICY %I ON %s FOR UPDATE USING (%s) WITH CHECK (%s)', v_policy, v_table, v_org_match, v_org_match)
        WHEN 'golden_record_org_delete' THEN format('CREATE POLICY %I ON %s FOR DELETE USING (%s)', v_policy, v_table, v_org_match)
        ELSE format('CREATE POLICY %I ON %s FOR ALL TO %s USING (true) WITH CHECK (true)', v_policy, v_table, v_full_access_list)
      END;
      v_changes := v_changes + 1;
    END LOOP;

    IF NOT (SELECT relrowsecurity FROM pg_class WHERE oid = v_table) THEN
      EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', v_table);
      v_changes := v_changes + 1;
    END IF;
    IF v_force_wanted AND NOT (SELECT relforcerowsecurity FROM pg_class WHERE oid = v_table) THEN
      EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', v_table);
      v_changes := v_changes + 1;
    END IF;
  END LOOP;
  RETURN v_changes;
END;
$$;

REVOKE ALL ON FUNCTION golden_record.apply_row_security() FROM PUBLIC;
