/**
 * _act_for_org_restore(previous text) → void
 *
 * Private. Puts back the org setting that `_act_for_org` returned.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | previous | text | what `_act_for_org` returned |
 */
CREATE OR REPLACE FUNCTION _act_for_org_restore(p_previous text)
RETURNS void
LANGUAGE plpgsql
VOLATILE
SET search_path FROM CURRENT
AS $$
BEGIN
  PERFORM set_config('golden_record.org_id', coalesce(p_previous, ''), true);
END;
$$;

REVOKE ALL ON FUNCTION _act_for_org_restore(text) FROM PUBLIC;
