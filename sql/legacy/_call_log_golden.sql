/**
 * _call_log_golden(row jsonb) → jsonb
 *
 * Private. The golden-record columns a legacy call_logs row can give its call, as a jsonb
 * object without NULLs: `cost_cents` (from `metadata.vapi_cost` as Vapi reported it, else a
 * `vapi_cost`, `total_cost` or `cost` column, else `metadata.cost`; dollars, rounded up in
 * numeric), `ended_reason`, `direction`, `started_at`, `ended_at`, `duration_seconds`,
 * `recording_url`, `transcript`, `summary`, `status` and the customer's `phone_number`. Reads
 * whichever of the usual column names the table has, so it serves call_logs of any shape.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | row | jsonb | a call_logs row, `to_jsonb(l)` |
 *
 * Example: `SELECT _call_log_golden('{"total_cost": 0.07, "direction": "inbound"}');` → {"cost_cents": 7, "direction": "inbound"}
 */
CREATE OR REPLACE FUNCTION golden_record._call_log_golden(p_row jsonb)
RETURNS jsonb
LANGUAGE sql
STABLE
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
  SELECT jsonb_strip_nulls(jsonb_build_object(
    'cost_cents', coalesce(@extschema@.vapi_cost_to_cents(_vapi_numeric(p_row -> 'metadata' -> 'vapi_cost')),
                           @extschema@.vapi_cost_to_cents(_vapi_numeric(p_row -> 'vapi_cost')),
                           @extschema@.vapi_cost_to_cents(_vapi_numeric(p_row -> 'total_cost')),
                           @extschema@.vapi_cost_to_cents(_vapi_numeric(p_row -> 'cost')),
                           @extschema@.vapi_cost_to_cents(_vapi_numeric(p_row -> 'metadata' -> 'cost'))),
    'ended_reason', coalesce(_legacy_ended_reason(p_row), _legacy_ended_reason(p_row -> 'metadata')),
    'direction', d.direction,
    'started_at', coalesce(_legacy_timestamp(p_row -> 'started_at'), _legacy_timestamp(p_row -> 'start_time')),
    'ended_at', coalesce(_legacy_timestamp(p_row -> 'ended_at'), _legacy_timestamp(p_row -> 'end_time')),
    'duration_seconds', CASE WHEN p_row ->> 'duration_seconds' ~ '^\s*\d{1,9}\s*$' THEN (p_row ->> 'duration_seconds')::integer END,
    'recording_url', nullif(p_row ->> 'recording_url', ''),
    'transcript', nullif(p_row ->> 'transcript', ''),
    'summary', nullif(coalesce(p_row ->> 'summary', p_row ->> 'outcome_summary'), ''),
    'status', nullif(p_row ->> 'status', ''),
    'phone_number', nullif(coalesce(p_row ->> 'phone_number',
                                    CASE d.direction WHEN 'inbound' THEN p_row ->> 'from_number' WHEN 'outbound' THEN p_row ->> 'to_number' END), '')))
    FROM (SELECT CASE WHEN lower(btrim(coalesce(p_row ->> 'direction', p_row ->> 'call_direction'))) IN ('inbound', 'outbound', 'web')
                      THEN lower(btrim(coalesce(p_row ->> 'direction', p_row ->> 'call_direction'))) END AS direction) d;
$$;

REVOKE ALL ON FUNCTION golden_record._call_log_golden(jsonb) FROM PUBLIC;
