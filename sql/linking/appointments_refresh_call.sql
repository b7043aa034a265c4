/**
 * appointments_refresh_call (trigger on appointments)
 *
 * AFTER INSERT OR DELETE: keeps `calls.appointment_id` on the call's first booking, see
 * `tg_appointments__refresh_call`.
 */
CREATE OR REPLACE TRIGGER appointments_refresh_call
AFTER INSERT OR DELETE ON @extschema@.appointments
FOR EACH ROW EXECUTE FUNCTION golden_record.tg_appointments__refresh_call();
