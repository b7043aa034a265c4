/**
 * _legacy_call_logs_table() → regclass
 *
 * Private. The legacy log of Vapi webhooks the backfill merges into `calls`: `call_logs`, or
 * `call_logs_legacy` where it was renamed; NULL when there is neither (with a `call_sid` and a
 * `vapi_call_id` column).
 *
 * Example: `SELECT _legacy_call_logs_table();`
 */
CREATE OR REPLACE FUNCTION golden_record._legacy_call_logs_table()
RETURNS regclass
LANGUAGE sql
STABLE
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
  SELECT t.oid::regclass
    FROM unnest(ARRAY['call_logs', 'call_logs_legacy']) WITH ORDINALITY AS n(name, rank)
    JOIN pg_class t ON t.oid = to_regclass(format('%I.%I', '@extschema@'::text, n.name)) AND t.relkind IN ('r', 'p')
   WHERE (SELECT count(*) FROM pg_attribute a
           WHERE a.attrelid = t.oid AND a.attname IN ('call_sid', 'vapi_call_id') AND NOT a.attisdropped) = 2
   ORDER BY n.rank
   LIMIT 1;
$$;

REVOKE ALL ON FUNCTION golden_record._legacy_call_logs_table() FROM PUBLIC;
