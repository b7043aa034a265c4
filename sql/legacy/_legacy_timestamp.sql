/**
 * _legacy_timestamp(value jsonb) → timestamptz
 *
 * Private. A time as a legacy row holds it (`to_jsonb` of a timestamptz, timestamp or text
 * column) as timestamptz; NULL when it is missing or not a time, never an error, so one odd
 * row cannot stop a backfill batch.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | value | jsonb | e.g. `to_jsonb(l) -> 'started_at'` |
 *
 * Example: `SELECT _legacy_timestamp('"2024-05-01T10:00:00+00:00"');`
 */
CREATE OR REPLACE FUNCTION golden_record._legacy_timestamp(p_value jsonb)
RETURNS timestamptz
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
BEGIN
  IF jsonb_typeof(p_value) <> 'string' OR btrim(p_value #>> '{}') = '' THEN
    RETURN NULL;
  END IF;
  RETURN (p_value #>> '{}')::timestamptz;
EXCEPTION WHEN data_exception THEN
  RETURN NULL;
END;
$$;

REVOKE ALL ON FUNCTION golden_record._legacy_timestamp(jsonb) FROM PUBLIC;
