/**
 * tg_appointments__link_call() → trigger
 *
 * Private. BEFORE INSERT OR UPDATE trigger function of `appointments` (trigger
 * `appointments_link_call`): decides which call the appointment belongs to, within its own org
 * only, and writes both `call_id` and `vapi_call_id`, so the two always agree. The Vapi call id
 * is the key; `call_id` follows it.
 *
 * | the writer ... | the appointment gets |
 * |---|---|
 * | sets `call_id` (an insert, or an update that changes it) | that call and its `vapi_call_id`; a call of another org, or a `vapi_call_id` given in the same statement that differs from the call's, is an error |
 * | sets `vapi_call_id` (insert or update), or clears `call_id` while `vapi_call_id` stays | the org's call with that Vapi id; none while that call has no row yet (the call's trigger links it when it arrives) |
 * | inserts neither | the fallback: `_fallback_call_for_appointment` |
 * | clears `vapi_call_id` | no call (this is how to detach an appointment) |
 *
 * `calls.appointment_id` is then kept by the AFTER trigger `appointments_refresh_call`.
 * Before it looks up a Vapi id the appointment just got, it takes `_lock_vapi_call`; the
 * fallback locks the call's row instead (see `_link_appointments_to_call` for why this prevents
 * missed links and deadlocks). A named call exists already: no lock is needed to find it.
 * SECURITY DEFINER, acting for the row's org, so a backend needs no rights on `calls` to book.
 *
 * Errors: 23503 when `call_id` is not a call of the appointment's org; 23514 when `call_id`
 * and `vapi_call_id` given together disagree.
 *
 * Example: `INSERT INTO appointments (org_id, contact_id, vapi_call_id) VALUES ($1, $2, 'call-123');`
 */
CREATE OR REPLACE FUNCTION golden_record.tg_appointments__link_call()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
DECLARE
  v_key_changed boolean := TG_OP = 'INSERT'
    OR NEW.vapi_call_id IS DISTINCT FROM OLD.vapi_call_id
    OR NEW.org_id IS DISTINCT FROM OLD.org_id;
  v_call_named boolean := NEW.call_id IS NOT NULL AND (TG_OP = 'INSERT' OR NEW.call_id IS DISTINCT FROM OLD.call_id);
  v_previous text;
  v_call record;
BEGIN
  IF TG_OP = 'UPDATE' AND NOT v_key_changed AND NEW.call_id IS NOT DISTINCT FROM OLD.call_id THEN
    RETURN NEW;
  END IF;
  v_previous := _act_for_org(NEW.org_id);

  IF v_call_named THEN
    SELECT c.org_id, c.vapi_call_id INTO v_call FROM @extschema@.calls c WHERE c.id = NEW.call_id;
    IF NOT FOUND OR v_call.org_id <> NEW.org_id THEN
      RAISE EXCEPTION 'call % is not a call of org %', NEW.call_id, NEW.org_id
        USING ERRCODE = 'foreign_key_violation';
    END IF;
    IF v_key_changed AND NEW.vapi_call_id IS NOT NULL AND NEW.vapi_call_id IS DISTINCT FROM v_call.vapi_call_id THEN
      RAISE EXCEPTION 'appointment vapi_call_id % disagrees with call % (vapi_call_id %)', NEW.vapi_call_id, NEW.call_id, v_call.vapi_call_id
        USING ERRCODE = 'check_violation';
    END IF;
    NEW.vapi_call_id := v_call.vapi_call_id;
  ELSIF NEW.vapi_call_id IS NOT NULL THEN
    -- A new key: lock it before looking, so a call row being written right now is seen. A
    -- cleared call_id under the same key (its call was deleted) needs no lock: nothing new
    -- is being booked, and not waiting keeps the delete free of lock cycles. Nor does a
    -- booking older than a day (a bulk load of history would overflow the lock table).
    IF v_key_changed AND NEW.created_at > now() - interval '1 day' THEN
      PERFORM _lock_vapi_call(NEW.org_id, NEW.vapi_call_id);
    END IF;
    NEW.call_id := (SELECT c.id FROM @extschema@.calls c WHERE c.org_id = NEW.org_id AND c.vapi_call_id = NEW.vapi_call_id);
  ELSIF TG_OP = 'INSERT' THEN
    NEW.call_id := _fallback_call_for_appointment(NEW.org_id, NEW.contact_id, NEW.created_at);
    NEW.vapi_call_id := (SELECT c.vapi_call_id FROM @extschema@.calls c WHERE c.id = NEW.call_id);
  ELSE
    NEW.call_id := NULL;
  END IF;

  PERFORM _act_for_org_restore(v_previous);
  RETURN NEW;
END;
$$;

REVOKE ALL ON FUNCTION golden_record.tg_appointments__link_call() FROM PUBLIC;
