/**
 * current_org_id() → uuid
 *
 * The org the session acts for; every row-level security policy of the package reads it.
 * Default: the setting `golden_record.org_id` (set it with
 * `SELECT set_config('golden_record.org_id', '<uuid>', true)`); NULL when unset or not a uuid.
 * The one place that decides the acting org: every policy and function of the package follows it.
 *
 * Who may set the setting acts for that org: it is for a trusted backend acting for its user.
 * To take the org from a verified JWT instead (Supabase, PostgREST), set it per request in the
 * pre-request hook, e.g. `PERFORM set_config('golden_record.org_id', auth.jwt() ->> 'org_id', true);`,
 * rather than redefining this function in the database: `migrate up` re-installs this file.
 * Policies call it as `(SELECT current_org_id())`, once per statement, with the querying role's
 * rights: a role the policies apply to needs EXECUTE on it (the package grants it to the reader
 * and to the full-access roles).
 *
 * | returns | meaning |
 * |---|---|
 * | uuid | the acting org, or NULL (then policies match no row) |
 *
 * Example: `SELECT current_org_id();`
 */
CREATE OR REPLACE FUNCTION @extschema@.current_org_id()
RETURNS uuid
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
DECLARE
  v_setting text := nullif(current_setting('golden_record.org_id', true), '');
BEGIN
  RETURN v_setting::uuid;
EXCEPTION WHEN invalid_text_representation THEN
  RETURN NULL;
END;
$$;

REVOKE ALL ON FUNCTION @extschema@.current_org_id() FROM PUBLIC;
