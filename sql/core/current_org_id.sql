/**
 * current_org_id() → uuid
 *
 * The org the session acts for; every row-level security policy of the package reads it.
 * Default: the setting `golden_record.org_id` (set it with
 * `SELECT set_config('golden_record.org_id', '<uuid>', true)`); NULL when unset or not a uuid.
 * The one place that decides the acting org: to read a JWT claim instead (Supabase), change
 * this function, and every policy and function of the package follows.
 *
 * | returns | meaning |
 * |---|---|
 * | uuid | the acting org, or NULL (then policies match no row) |
 *
 * Example: `SELECT current_org_id();`
 */
CREATE OR REPLACE FUNCTION current_org_id()
RETURNS uuid
LANGUAGE plpgsql
STABLE
SET search_path FROM CURRENT
AS $$
DECLARE
  v_setting text := nullif(current_setting('golden_record.org_id', true), '');
BEGIN
  RETURN v_setting::uuid;
EXCEPTION WHEN invalid_text_representation THEN
  RETURN NULL;
END;
$$;

REVOKE ALL ON FUNCTION current_org_id() FROM PUBLIC;
