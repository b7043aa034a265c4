/**
 * ingest_vapi_calls(payloads text[], org_id uuid default null)
 *   → table (ord integer, status text, call_id uuid, vapi_call_id text, reason text)
 *
 * The set form for raw bodies, as read from files (the CLI sends these): each text that parses
 * as jsonb goes through the jsonb set form in one batch; each that does not goes through the
 * text form of `ingest_vapi_call` (safe repairs, else quarantine `invalid_json` with the raw
 * text). One row per payload, `ord` its position in the array.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | payloads | text[] | webhook bodies, exactly as received |
 * | org_id | uuid | the org of every payload (NULL: resolve each from vapi_org_mappings) |
 *
 * Example: `SELECT status, reason, count(*) FROM ingest_vapi_calls($1::text[]) GROUP BY 1, 2;`
 */
CREATE OR REPLACE FUNCTION @extschema@.ingest_vapi_calls(p_payloads text[], p_org_id uuid DEFAULT NULL)
RETURNS TABLE (ord integer, status text, call_id uuid, vapi_call_id text, reason text)
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
#variable_conflict use_column
DECLARE
  v_text text;
  v_ord integer := 0;
  v_parsed jsonb[] := '{}'::jsonb[];
  v_parsed_ords integer[] := '{}'::integer[];
  v_unparsed_ords integer[] := '{}'::integer[];
BEGIN
  IF coalesce(cardinality(p_payloads), 0) = 0 THEN
    RETURN;
  END IF;
  -- Usually every body parses: one cast of the whole array. Otherwise body by body.
  BEGIN
    v_parsed := ARRAY(SELECT t::jsonb FROM unnest(p_payloads) WITH ORDINALITY AS u(t, o) ORDER BY o);
    v_parsed_ords := ARRAY(SELECT generate_series(1, cardinality(p_payloads)));
  EXCEPTION WHEN data_exception OR program_limit_exceeded THEN
    v_parsed := '{}';
    FOREACH v_text IN ARRAY p_payloads LOOP
      v_ord := v_ord + 1;
      BEGIN
        v_parsed := array_append(v_parsed, v_text::jsonb);
        v_parsed_ords := array_append(v_parsed_ords, v_ord);
      EXCEPTION WHEN data_exception OR program_limit_exceeded THEN
        v_unparsed_ords := array_append(v_unparsed_ords, v_ord);
      END;
    END LOOP;
  END;

  RETURN QUERY
    SELECT v_parsed_ords[r.ord], r.status, r.call_id, r.vapi_call_id, r.reason
    FROM @extschema@.ingest_vapi_calls(v_parsed, p_org_id) AS r
    UNION ALL
    SELECT u.o, x->>'status', (x->>'call_id')::uuid, x->>'vapi_call_id', x->>'reason'
    FROM unnest(v_unparsed_ords) AS u(o)
    CROSS JOIN LATERAL @extschema@.ingest_vapi_call(p_payloads[u.o], p_org_id) AS x
    ORDER BY 1;
END;
$$;

REVOKE ALL ON FUNCTION @extschema@.ingest_vapi_calls(text[], uuid) FROM PUBLIC;
