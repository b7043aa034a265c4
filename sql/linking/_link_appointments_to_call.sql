/**
 * _link_appointments_to_call(call calls, by_vapi_id boolean) → integer
 *
 * Private. The call's side of appointment linking, run by the trigger function on `calls`
 * (`tg_calls__link_appointments`) when a call is inserted or its Vapi id, times, contact or
 * number change, and by `link_appointments` for historical rows. Takes the call's row as
 * written (no second read). Returns how many appointments it linked. The caller holds the
 * call's row lock (see Concurrency) and acts for the call's org.
 *
 * 1. By Vapi call id, when `by_vapi_id` (the call is new, or its Vapi id is): every
 *    appointment of the call's org with the call's `vapi_call_id` gets `call_id` (a booking
 *    made during the call, before the call's row existed). A call whose Vapi id has not
 *    changed has nothing to find here: a booking naming that id after the call's row existed
 *    was linked by the appointment's own trigger.
 * 2. Fallback, once the call has ended and only if step 1 linked nothing: the one unlinked
 *    appointment without a Vapi call id (and not soft-deleted, where a legacy `deleted_at`
 *    column exists: one catalogue lookup per call tells) of the same org and of the call's
 *    contact, or of the contact with the caller's number, created between the call's start (`started_at`, else `created_at`) and
 *    its end plus `_link_grace()`; the earliest `created_at`, then the smallest id. An
 *    appointment linked to another call is never taken.
 *
 * Setting `appointments.call_id` fires the appointment triggers, which fill
 * `appointments.vapi_call_id` and point `calls.appointment_id` at the call's first booking:
 * both directions are written in this same transaction, so a link commits or vanishes whole
 * and is never half-written.
 *
 * Concurrency: why a booking and a report racing for one call never miss each other. Two
 * locks, each for one job:
 * - The Vapi call id's advisory lock, `_lock_vapi_call`, for finding each other by Vapi id
 *   while the call's row may not exist yet. Ingest takes it before it upserts the call, the
 *   calls trigger on INSERT (or when `vapi_call_id` changes) takes it too, and so does the
 *   appointment trigger before it looks up a Vapi id the appointment just got (both only for
 *   rows of the last day: bookings race live calls, and a bulk load of history must not hold
 *   one lock per row). So the two run one after the other, and the second one's statements
 *   (READ COMMITTED: each sees what was committed before it began) find the first one's row:
 *   the appointment trigger finds the call, or this function finds the appointment.
 * - The call's row lock, for the fallback and for `calls.appointment_id`. The caller holds the
 *   call's row while this function runs (the calls trigger because it wrote the row,
 *   `link_appointments` because it locks its batch); the appointment trigger's fallback locks
 *   the row before it judges the call, and `_point_call_at_first_appointment` locks it before it
 *   reads. So a report setting the end and a booking without Vapi id are serialised by the
 *   row, even when the report comes from an application that knows nothing of the advisory
 *   lock.
 * Deadlocks: the advisory lock is always taken before the call's row lock, except where the
 * row is already held: so on UPDATE the calls trigger and `link_appointments` take no
 * advisory lock (the call's row exists and is what the booking side finds). The cycles left
 * need a plain write of an existing row (a row lock first) asking for the advisory lock while
 * ingest of the same call holds it and waits for that row: an UPDATE giving an appointment or
 * a call a new Vapi id, or an INSERT of a call by another application, at the very moment
 * ingest writes that same call. PostgreSQL detects such a cycle and cancels one transaction
 * (SQLSTATE 40P01, safe to retry); nothing is half-linked. Trigger recursion stops after one
 * level: the calls triggers do not watch `appointment_id`, which the appointment triggers
 * write, and every UPDATE here skips rows that already hold the value.
 * READ COMMITTED is assumed (the default): under REPEATABLE READ a transaction reads from a
 * snapshot older than the lock, so a racing pair may stay unlinked until `link_appointments`.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | call | calls | the call's row as written (`NEW` in a trigger) |
 * | by_vapi_id | boolean | also link the appointments that name the call's Vapi id (step 1) |
 *
 * Example: `SELECT _link_appointments_to_call(c, true) FROM calls c WHERE vapi_call_id = 'call-123';`
 */
CREATE OR REPLACE FUNCTION golden_record._link_appointments_to_call(p_call @extschema@.calls, p_by_vapi_id boolean)
RETURNS integer
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
DECLARE
  v_by_vapi integer := 0;
  v_by_fallback integer := 0;
  v_from timestamptz;
  v_to timestamptz;
BEGIN
  IF p_by_vapi_id AND p_call.vapi_call_id IS NOT NULL THEN
    UPDATE @extschema@.appointments
       SET call_id = p_call.id
     WHERE org_id = p_call.org_id
       AND vapi_call_id = p_call.vapi_call_id
       AND call_id IS DISTINCT FROM p_call.id;
    GET DIAGNOSTICS v_by_vapi = ROW_COUNT;
  END IF;

  IF p_call.ended_at IS NOT NULL AND v_by_vapi = 0 AND (p_call.contact_id IS NOT NULL OR p_call.phone_number IS NOT NULL) THEN
    -- Bounds computed here, so the lookup compares plain columns (usable by the index under
    -- row-level security).
    v_from := coalesce(p_call.started_at, p_call.created_at);
    v_to := p_call.ended_at + _link_grace();
    -- One statement (its conditions that do not depend on a candidate are checked once, first):
    -- not for a call that has an appointment already; candidates of the call's contact or of
    -- any contact with its number; a legacy database soft-deletes appointments with a
    -- deleted_at column the package does not define, and only there is each candidate read
    -- through jsonb. FOR NO KEY UPDATE: a candidate another transaction is linking at this
    -- moment is re-checked once that one commits, and skipped if it got a call meanwhile.
    UPDATE @extschema@.appointments
       SET call_id = p_call.id
     WHERE id = (
       SELECT a.id
         FROM @extschema@.appointments a
        WHERE a.org_id = p_call.org_id
          -- IN, not = ANY (array): a semi-join, each contact an index range scan.
          AND a.contact_id IN (SELECT p_call.contact_id
                               UNION ALL
                               SELECT ct.id FROM @extschema@.contacts ct
                                WHERE ct.org_id = p_call.org_id AND ct.phone_number = p_call.phone_number)
          AND a.call_id IS NULL
          AND a.vapi_call_id IS NULL
          AND a.created_at BETWEEN v_from AND v_to
          AND (NOT EXISTS (SELECT 1 FROM pg_attribute
                            WHERE attrelid = '@extschema@.appointments'::regclass AND attname = 'deleted_at' AND NOT attisdropped)
               OR to_jsonb(a) ->> 'deleted_at' IS NULL)
          AND NOT EXISTS (SELECT 1 FROM @extschema@.appointments linked WHERE linked.call_id = p_call.id)
        ORDER BY a.created_at, a.id
        LIMIT 1
        FOR NO KEY UPDATE OF a
     );
    GET DIAGNOSTICS v_by_fallback = ROW_COUNT;
  END IF;

  RETURN v_by_vapi + v_by_fallback;
END;
$$;

REVOKE ALL ON FUNCTION golden_record._link_appointments_to_call(@extschema@.calls, boolean) FROM PUBLIC;
