/**
 * _dashboard_text_list(filters jsonb, key text) → text[]
 *
 * Private. A filter value that may be one string or an array of strings, as a text array
 * (NULL when the key is absent). Anything else raises SQLSTATE 22023.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | filters | jsonb | the filters object |
 * | key | text | the key to read |
 *
 * Example: `SELECT _dashboard_text_list('{"direction": ["inbound", "web"]}', 'direction');`
 */
CREATE OR REPLACE FUNCTION golden_record._dashboard_text_list(p_filters jsonb, p_key text)
RETURNS text[]
LANGUAGE plpgsql
IMMUTABLE
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
DECLARE
  v_value jsonb := p_filters -> p_key;
BEGIN
  IF v_value IS NULL THEN
    RETURN NULL;
  ELSIF jsonb_typeof(v_value) = 'string' THEN
    RETURN ARRAY[v_value ->> 0];
  ELSIF jsonb_typeof(v_value) = 'array' AND jsonb_array_length(v_value) > 0
        AND NOT jsonb_path_exists(v_value, '$[*] ? (@.type() != "string")') THEN
    RETURN ARRAY(SELECT jsonb_array_elements_text(v_value));
  END IF;
  RAISE EXCEPTION 'filter "%" must be a string or a non-empty array of strings, got %', p_key, v_value
    USING ERRCODE = 'invalid_parameter_value';
END;
$$;

REVOKE ALL ON FUNCTION golden_record._dashboard_text_list(jsonb, text) FROM PUBLIC;
