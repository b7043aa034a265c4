/**
 * _dashboard_cursor_decode(cursor text, OUT created_at timestamptz, OUT id uuid)
 *
 * Private. Reads a cursor made by `_dashboard_cursor_encode`. Anything else raises
 * SQLSTATE 22023 (invalid_parameter_value).
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | cursor | text | the `next_cursor` of a previous page |
 *
 * Example: `SELECT * FROM _dashboard_cursor_decode(_dashboard_cursor_encode(now(), gen_random_uuid()));`
 */
CREATE OR REPLACE FUNCTION golden_record._dashboard_cursor_decode(p_cursor text, OUT created_at timestamptz, OUT id uuid)
LANGUAGE plpgsql
IMMUTABLE
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
DECLARE
  v_base64 text := translate(p_cursor, '-_', '+/');
  v_pair jsonb;
BEGIN
  v_pair := convert_from(decode(v_base64 || repeat('=', (4 - length(v_base64) % 4) % 4), 'base64'), 'UTF8')::jsonb;
  IF jsonb_typeof(v_pair) <> 'array' OR jsonb_array_length(v_pair) <> 2 OR jsonb_typeof(v_pair -> 0) <> 'number' THEN
    RAISE EXCEPTION 'not a cursor pair';
  END IF;
  created_at := to_timestamp(0) + (v_pair ->> 0)::bigint * interval '1 microsecond';
  id := (v_pair ->> 1)::uuid;
  IF id IS NULL THEN
    RAISE EXCEPTION 'no id';
  END IF;
EXCEPTION WHEN OTHERS THEN
  RAISE EXCEPTION 'invalid cursor: pass the next_cursor of a previous page unchanged'
    USING ERRCODE = 'invalid_parameter_value';
END;
$$;

REVOKE ALL ON FUNCTION golden_record._dashboard_cursor_decode(text) FROM PUBLIC;
