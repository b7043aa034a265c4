/**
 * _require_org_and_period(function_name text, org_id uuid, from timestamptz, to timestamptz) → void
 *
 * Private. The argument check the dashboard's period functions share: an org, and a finite
 * period [from, to) with from before to. Raises SQLSTATE 22023 with a one-line message that
 * names the calling function; returns nothing when the arguments are good.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | function_name | text | the caller, for the message |
 * | org_id | uuid | the org asked for |
 * | from, to | timestamptz | the period asked for |
 *
 * Example: `PERFORM _require_org_and_period('call_analytics', p_org_id, p_from, p_to);`
 */
CREATE OR REPLACE FUNCTION golden_record._require_org_and_period(p_function_name text, p_org_id uuid, p_from timestamptz, p_to timestamptz)
RETURNS void
LANGUAGE plpgsql
IMMUTABLE
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
BEGIN
  IF p_org_id IS NULL THEN
    RAISE EXCEPTION '%: org_id is required', p_function_name USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF p_from IS NULL OR p_to IS NULL OR NOT isfinite(p_from) OR NOT isfinite(p_to) OR p_from >= p_to THEN
    RAISE EXCEPTION '%: need finite from < to, got [%, %)', p_function_name, coalesce(p_from::text, 'NULL'), coalesce(p_to::text, 'NULL')
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
END;
$$;

REVOKE ALL ON FUNCTION golden_record._require_org_and_period(text, uuid, timestamptz, timestamptz) FROM PUBLIC;
