/**
 * _link_call_appointments(call_id uuid) → integer
 *
 * Private. The call's side of appointment linking, run by the triggers on `calls` whenever a
 * call is inserted or its Vapi id, times, contact or number change, and by `link_appointments`
 * for historical rows. Returns how many appointments it linked.
 *
 * 1. By Vapi call id: every appointment of the call's org with the call's `vapi_call_id` gets
 *    `call_id` (a booking made during the call, before the call's row existed).
 * 2. Fallback, once the call has ended and only if step 1 linked nothing: the one unlinked
 *    appointment without a Vapi call id (and not soft-deleted, where a legacy `deleted_at`
 *    column exists) of the same org and of the call's contact, or of the contact with the
 *    caller's number, created between the call's start (`started_at`, else `created_at`) and
 *    its end plus `_link_grace()`; the earliest `created_at`, then the smallest id. An
 *    appointment linked to another call is never taken.
 *
 * Setting `appointments.call_id` fires the appointment triggers, which fill
 * `appointments.vapi_call_id` and point `calls.appointment_id` at the call's first booking:
 * both directions are written in this same transaction. The caller acts for the call's org.
 *
 * Concurrency (why a booking and a report racing for one call never end half-linked):
 * every path that links a call first takes `_lock_vapi_call(vapi_call_id)`, a
 * transaction-level advisory lock, and only then reads the other side: `ingest_vapi_call`
 * before it upserts the call (so this function runs under that lock already; taking it again
 * is free), this function before it reads the appointments, and the appointment trigger
 * before it looks the call up. Two transactions about the same call thus run their linking one
 * after the other, and the second one, whose statements (READ COMMITTED) see everything
 * committed before they began, finds the first one's row and links both sides itself. Every
 * link is written on both sides inside one transaction, so it commits or vanishes whole.
 *
 * Deadlocks: ingest and an appointment INSERT take the advisory lock before any row lock of
 * the call (an appointment being inserted is invisible to everyone else), and after it they
 * wait only for rows of that call, which nobody else linking the call can hold without holding
 * the advisory lock too: one waits for the other, never both for each other. Trigger recursion
 * stops after one level: the triggers on `calls` watch only the columns that decide a link,
 * never `appointment_id`, and every UPDATE here skips rows that already hold the value.
 * The one exception: a plain UPDATE of an existing row (a backend moving an appointment to
 * another call, another application editing a call's times) holds that row's lock before its
 * trigger can ask for the advisory lock; if at that very moment a transaction linking the
 * same call waits for that row, PostgreSQL breaks the cycle by cancelling one of the two
 * (SQLSTATE 40P01, safe to retry); nothing is left half-linked.
 * READ COMMITTED is assumed (the default): under REPEATABLE READ a transaction reads from a
 * snapshot older than the lock, so a racing pair may stay unlinked until `link_appointments`.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | call_id | uuid | the call to link (a missing call links nothing) |
 *
 * Example: `SELECT _link_call_appointments(id) FROM calls WHERE vapi_call_id = 'call-123';`
 */
CREATE OR REPLACE FUNCTION _link_call_appointments(p_call_id uuid)
RETURNS integer
LANGUAGE plpgsql
VOLATILE
SET search_path FROM CURRENT
AS $$
DECLARE
  v_call record;
  v_by_vapi integer := 0;
  v_by_fallback integer := 0;
  v_contacts uuid[];
  v_from timestamptz;
  v_to timestamptz;
BEGIN
  SELECT c.org_id, c.vapi_call_id, c.contact_id, c.phone_number, coalesce(c.started_at, c.created_at) AS started, c.ended_at
    INTO v_call
    FROM calls c
   WHERE c.id = p_call_id;
  IF NOT FOUND THEN
    RETURN 0;
  END IF;
  PERFORM _lock_vapi_call(v_call.vapi_call_id);

  IF v_call.vapi_call_id IS NOT NULL THEN
    UPDATE appointments
       SET call_id = p_call_id
     WHERE org_id = v_call.org_id
       AND vapi_call_id = v_call.vapi_call_id
       AND call_id IS DISTINCT FROM p_call_id;
    GET DIAGNOSTICS v_by_vapi = ROW_COUNT;
  END IF;

  IF v_call.ended_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM appointments a WHERE a.call_id = p_call_id) THEN
    v_contacts := ARRAY(
      SELECT v_call.contact_id WHERE v_call.contact_id IS NOT NULL
      UNION
      SELECT ct.id FROM contacts ct WHERE ct.org_id = v_call.org_id AND ct.phone_number = v_call.phone_number
    );
    -- Bounds computed here, so the lookup compares plain columns (usable by the index under
    -- row-level security).
    v_from := v_call.started;
    v_to := v_call.ended_at + _link_grace();
    -- FOR NO KEY UPDATE: a candidate another transaction is linking at this moment is
    -- re-checked once that one commits, and skipped if it got a call meanwhile.
    UPDATE appointments
       SET call_id = p_call_id
     WHERE id = (
       SELECT a.id
         FROM appointments a
        WHERE a.org_id = v_call.org_id
          AND a.contact_id = ANY (v_contacts)
          AND a.call_id IS NULL
          AND a.vapi_call_id IS NULL
          AND a.created_at BETWEEN v_from AND v_to
          -- Soft-deleted on a legacy database; read through jsonb so no column is required.
          AND to_jsonb(a) ->> 'deleted_at' IS NULL
        ORDER BY a.created_at, a.id
        LIMIT 1
        FOR NO KEY UPDATE OF a
     );
    GET DIAGNOSTICS v_by_fallback = ROW_COUNT;
  END IF;

  RETURN v_by_vapi + v_by_fallback;
END;
$$;

REVOKE ALL ON FUNCTION _link_call_appointments(uuid) FROM PUBLIC;
