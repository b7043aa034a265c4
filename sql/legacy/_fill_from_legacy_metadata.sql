/**
 * _fill_from_legacy_metadata() → trigger
 *
 * Private. On a legacy `calls`, the old application records the cost in `metadata.cost` (US
 * dollars) and the end reason in `metadata`; this fills the golden record's `cost_cents` and
 * `ended_reason` from there (_legacy_cost_cents, _legacy_ended_reason, as the backfill does)
 * when they are NULL. A `cost_cents` that still mirrors the old metadata (nobody else wrote it)
 * follows the metadata's next cost, except to 0: the app wrote `cost || 0`, so its 0 means
 * "unknown" and never replaces a known cost. What ingest wrote is never overwritten.
 * BEFORE INSERT OR UPDATE OF metadata, FOR EACH ROW. SECURITY DEFINER: the application's role
 * may not execute the package's helpers.
 *
 * Example: `INSERT INTO calls (org_id, call_direction, metadata) VALUES (org, 'inbound', '{"cost": 0.07}')` → cost_cents 7
 */
CREATE OR REPLACE FUNCTION golden_record._fill_from_legacy_metadata()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
DECLARE
  v_cents integer;
BEGIN
  v_cents := _legacy_cost_cents(NEW.metadata);
  IF NEW.cost_cents IS NULL
     OR (TG_OP = 'UPDATE' AND v_cents <> 0 AND NEW.cost_cents = OLD.cost_cents
         AND OLD.cost_cents = _legacy_cost_cents(OLD.metadata)) THEN
    NEW.cost_cents := coalesce(v_cents, NEW.cost_cents);
  END IF;
  IF NEW.ended_reason IS NULL THEN
    NEW.ended_reason := _legacy_ended_reason(NEW.metadata);
  END IF;
  RETURN NEW;
END;
$$;

REVOKE ALL ON FUNCTION golden_record._fill_from_legacy_metadata() FROM PUBLIC;
