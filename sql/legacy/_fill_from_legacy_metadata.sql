/**
 * _fill_from_legacy_metadata() → trigger
 *
 * Private. On a legacy `calls`, the old application records the cost in `metadata.cost` (US
 * dollars) and the end reason in `metadata`; this fills the golden record's `cost_cents` and
 * `ended_reason` from there when they are still NULL (it never overwrites what ingest wrote),
 * the same way `golden-record backfill` does for older rows (_legacy_cost_cents,
 * _legacy_ended_reason). BEFORE INSERT OR UPDATE OF metadata, FOR EACH ROW.
 * SECURITY DEFINER: the application's role may not execute the package's helpers.
 *
 * Example: `INSERT INTO calls (org_id, call_direction, metadata) VALUES (org, 'inbound', '{"cost": 0.07}')` → cost_cents 7
 */
CREATE OR REPLACE FUNCTION _fill_from_legacy_metadata()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path FROM CURRENT
AS $$
BEGIN
  IF NEW.cost_cents IS NULL THEN
    NEW.cost_cents := _legacy_cost_cents(NEW.metadata);
  END IF;
  IF NEW.ended_reason IS NULL THEN
    NEW.ended_reason := _legacy_ended_reason(NEW.metadata);
  END IF;
  RETURN NEW;
END;
$$;

REVOKE ALL ON FUNCTION _fill_from_legacy_metadata() FROM PUBLIC;
