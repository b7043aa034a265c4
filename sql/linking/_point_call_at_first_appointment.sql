/**
 * _point_call_at_first_appointment(call_id uuid) → void
 *
 * Private. Points `calls.appointment_id` at the call's first booking: of the appointments whose
 * `call_id` is this call, the earliest `created_at`, then the smallest id; NULL when none is
 * left. Called by the appointment triggers whenever an appointment joins or leaves a call, so
 * deleting the first booking moves the pointer to the next one. The caller acts for the call's
 * org.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | call_id | uuid | the call to refresh (a call that no longer exists is ignored) |
 *
 * Example: `PERFORM _point_call_at_first_appointment(NEW.call_id);`
 */
CREATE OR REPLACE FUNCTION golden_record._point_call_at_first_appointment(p_call_id uuid)
RETURNS void
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
DECLARE
  v_first uuid;
BEGIN
  -- Lock the call first, read its appointments after: the read then sees every appointment
  -- committed by a transaction that held the call before us, so no writer's choice is lost.
  PERFORM 1 FROM @extschema@.calls WHERE id = p_call_id FOR NO KEY UPDATE;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  v_first := (SELECT a.id FROM @extschema@.appointments a WHERE a.call_id = p_call_id ORDER BY a.created_at, a.id LIMIT 1);
  UPDATE @extschema@.calls SET appointment_id = v_first WHERE id = p_call_id AND appointment_id IS DISTINCT FROM v_first;
END;
$$;

REVOKE ALL ON FUNCTION golden_record._point_call_at_first_appointment(uuid) FROM PUBLIC;
