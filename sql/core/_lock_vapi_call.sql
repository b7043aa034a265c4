/**
 * _lock_vapi_call(org_id uuid, vapi_call_id text) → void
 *
 * Private. Lets the two sides of one Vapi call find each other while the call's row may not
 * exist yet: ingest takes this transaction-level advisory lock before it upserts the call, and
 * the linking triggers take it on a call INSERT (or a new vapi_call_id) and before an
 * appointment looks up a Vapi id it just got. The second to arrive waits for the first to
 * commit and then sees its row, so a booking and an end-of-call-report racing for the same
 * call cannot miss each other. Where and why each path takes it (and the call's row lock) is
 * explained in sql/linking/_link_appointments_to_call.sql.
 *
 * The key is the org and the call id: a call's booking and its reports are of one org, and a
 * delivery claiming org A with org B's call id (refused later, when the upsert finds B's row)
 * never takes, nor waits for, B's lock.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | org_id | uuid | the org the caller acts for |
 * | vapi_call_id | text | Vapi's call id (NULL: no lock) |
 *
 * Example: `PERFORM _lock_vapi_call(v_org_id, v_vapi_call_id);`
 */
CREATE OR REPLACE FUNCTION golden_record._lock_vapi_call(p_org_id uuid, p_vapi_call_id text)
RETURNS void
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
BEGIN
  IF p_vapi_call_id IS NOT NULL THEN
    PERFORM pg_advisory_xact_lock(hashtextextended('golden_record.vapi_call:' || p_org_id || ':' || p_vapi_call_id, 0));
  END IF;
END;
$$;

REVOKE ALL ON FUNCTION golden_record._lock_vapi_call(uuid, text) FROM PUBLIC;
