/**
 * _dashboard_cursor_encode(created_at timestamptz, id uuid) → text
 *
 * Private. The opaque cursor of `calls_dashboard_list`: the sort key of the last item of a
 * page, as base64url of a JSON pair. `_dashboard_cursor_decode` reads it back.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | created_at | timestamptz | the sort key of the last item returned |
 * | id | uuid | its tie-break |
 *
 * Example: `SELECT _dashboard_cursor_encode(now(), gen_random_uuid());`
 */
CREATE OR REPLACE FUNCTION golden_record._dashboard_cursor_encode(p_created_at timestamptz, p_id uuid)
RETURNS text
LANGUAGE sql
IMMUTABLE
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
  -- epoch microseconds, not a formatted timestamp: exact and independent of the session TimeZone.
  SELECT rtrim(translate(encode(convert_to(
    jsonb_build_array((extract(epoch FROM p_created_at) * 1000000)::bigint, p_id)::text, 'UTF8'), 'base64'),
    E'+/\n', '-_'), '=');
$$;

REVOKE ALL ON FUNCTION golden_record._dashboard_cursor_encode(timestamptz, uuid) FROM PUBLIC;
