/**
 * tg_appointments__refresh_call() → trigger
 *
 * Private. AFTER trigger function of `appointments` (triggers `appointments_refresh_call` on
 * INSERT and DELETE, `appointments_refresh_call_on_update` when `call_id` or `created_at`
 * changes): when an appointment joins, leaves or is deleted from a call, points that call's
 * `appointment_id` at its first remaining booking (`_point_call_at_first_appointment`), for the old
 * call and the new one. SECURITY DEFINER, acting for the row's org.
 *
 * Example: `DELETE FROM appointments WHERE id = $1;` -- the call now points at its next booking, or NULL
 */
CREATE OR REPLACE FUNCTION golden_record.tg_appointments__refresh_call()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
DECLARE
  v_previous text;
BEGIN
  IF (TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND OLD.call_id IS DISTINCT FROM NEW.call_id)) AND OLD.call_id IS NOT NULL THEN
    v_previous := _act_for_org(OLD.org_id);
    PERFORM _point_call_at_first_appointment(OLD.call_id);
    PERFORM _act_for_org_restore(v_previous);
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.call_id IS NOT NULL THEN
    v_previous := _act_for_org(NEW.org_id);
    PERFORM _point_call_at_first_appointment(NEW.call_id);
    PERFORM _act_for_org_restore(v_previous);
  END IF;
  RETURN NULL;
END;
$$;

REVOKE ALL ON FUNCTION golden_record.tg_appointments__refresh_call() FROM PUBLIC;
