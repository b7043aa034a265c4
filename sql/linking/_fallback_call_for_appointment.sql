/**
 * _fallback_call_for_appointment(org_id uuid, contact_id uuid, created_at timestamptz) → uuid
 *
 * Private. The appointment's side of the fallback, for an appointment inserted with neither
 * `call_id` nor `vapi_call_id`: the call it was booked in, when that call has already ended.
 * Of the org's calls of the same contact, or from the contact's number, whose window (start,
 * that is `started_at` else `created_at`, up to `ended_at` plus `_link_grace()`, open while
 * the call has no end) contains `created_at`, it takes the one that started last (then the
 * largest id) and returns it when that call has ended and has no appointment yet. A call
 * still in progress returns NULL: its end links the appointment (`_link_appointments_to_call`).
 * So a booking made after the call hung up, within the grace period, is linked too.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | org_id | uuid | the appointment's org; only its calls are considered |
 * | contact_id | uuid | the appointment's contact (NULL: no fallback) |
 * | created_at | timestamptz | when the appointment was booked |
 *
 * Example: `NEW.call_id := _fallback_call_for_appointment(NEW.org_id, NEW.contact_id, NEW.created_at);`
 */
CREATE OR REPLACE FUNCTION golden_record._fallback_call_for_appointment(p_org_id uuid, p_contact_id uuid, p_created_at timestamptz)
RETURNS uuid
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
DECLARE
  v_phone text;
  v_grace interval := _link_grace();
  v_call_id uuid;
  v_linkable boolean;
BEGIN
  IF p_contact_id IS NULL THEN
    RETURN NULL;
  END IF;
  SELECT ct.phone_number INTO v_phone FROM @extschema@.contacts ct WHERE ct.id = p_contact_id AND ct.org_id = p_org_id;

  SELECT c.id INTO v_call_id
    FROM @extschema@.calls c
   WHERE c.org_id = p_org_id
     -- COLLATE "C": the collation of idx_calls_org_phone_number, so the index serves it.
     AND (c.contact_id = p_contact_id OR c.phone_number COLLATE "C" = v_phone)
     AND coalesce(c.started_at, c.created_at) <= p_created_at
     AND (c.ended_at IS NULL OR p_created_at <= c.ended_at + v_grace)
   ORDER BY coalesce(c.started_at, c.created_at) DESC, c.id DESC
   LIMIT 1;
  IF v_call_id IS NULL THEN
    RETURN NULL;
  END IF;

  -- Lock the call's row, then judge it: a report of this call being written right now holds
  -- the row, so this waits and reads the end it wrote; or that writer waits for this
  -- transaction, and its trigger then finds this appointment (see _link_appointments_to_call).
  SELECT c.ended_at IS NOT NULL AND c.appointment_id IS NULL AND p_created_at <= c.ended_at + v_grace
    INTO v_linkable
    FROM @extschema@.calls c
   WHERE c.id = v_call_id
     FOR NO KEY UPDATE;
  RETURN CASE WHEN v_linkable THEN v_call_id END;
END;
$$;

REVOKE ALL ON FUNCTION golden_record._fallback_call_for_appointment(uuid, uuid, timestamptz) FROM PUBLIC;
