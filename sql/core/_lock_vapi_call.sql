/**
 * _lock_vapi_call(vapi_call_id text) → void
 *
 * Private. Serialises everything that links or writes one Vapi call: ingest and the
 * appointment triggers both take this transaction-level advisory lock before they read or
 * write the call's rows, so a booking and an end-of-call-report committing at the same
 * moment cannot each miss the other (no half-linked call). Always taken before any row lock
 * of the call, in the same order by every path, so it cannot deadlock.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | vapi_call_id | text | Vapi's call id (NULL: no lock) |
 *
 * Example: `PERFORM _lock_vapi_call(v_vapi_call_id);`
 */
CREATE OR REPLACE FUNCTION _lock_vapi_call(p_vapi_call_id text)
RETURNS void
LANGUAGE plpgsql
VOLATILE
SET search_path FROM CURRENT
AS $$
BEGIN
  IF p_vapi_call_id IS NOT NULL THEN
    PERFORM pg_advisory_xact_lock(hashtextextended('golden_record.vapi_call:' || p_vapi_call_id, 0));
  END IF;
END;
$$;

REVOKE ALL ON FUNCTION _lock_vapi_call(text) FROM PUBLIC;
