/**
 * _act_for_org_restore(previous text) → void
 *
 * Private. Puts back the org setting that `_act_for_org` returned.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | previous | text | what `_act_for_org` returned |
 */
CREATE OR REPLACE FUNCTION golden_record._act_for_org_restore(p_previous text)
RETURNS void
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
BEGIN
  PERFORM set_config('golden_record.org_id', coalesce(p_previous, ''), true);
END;
$$;

REVOKE ALL ON FUNCTION golden_record._act_for_org_restore(text) FROM PUBLIC;
