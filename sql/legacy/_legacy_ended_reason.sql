/**
 * _legacy_ended_reason(fields jsonb) → text
 *
 * Private. Why a call ended, as a legacy row recorded it: the first non-blank string among
 * `endedReason`, `ended_reason`, `vapi_end_reason` and `end_reason` (Vapi's name, the app's
 * names, the name call_logs used), trimmed; NULL when there is none.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | fields | jsonb | a legacy `metadata`, or a whole legacy row as jsonb |
 *
 * Example: `SELECT _legacy_ended_reason('{"vapi_end_reason": "voicemail"}');` → voicemail
 */
CREATE OR REPLACE FUNCTION golden_record._legacy_ended_reason(p_fields jsonb)
RETURNS text
LANGUAGE sql
IMMUTABLE
PARALLEL SAFE
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
  SELECT btrim(p_fields ->> k.key)
    FROM unnest(ARRAY['endedReason', 'ended_reason', 'vapi_end_reason', 'end_reason']) WITH ORDINALITY AS k(key, rank)
   WHERE jsonb_typeof(p_fields -> k.key) = 'string' AND btrim(p_fields ->> k.key) <> ''
   ORDER BY k.rank
   LIMIT 1;
$$;

REVOKE ALL ON FUNCTION golden_record._legacy_ended_reason(jsonb) FROM PUBLIC;
