/**
 * appointments_refresh_call_on_update (trigger on appointments)
 *
 * AFTER UPDATE of the columns that decide a call's first booking: see `tg_appointments__refresh_call`.
 */
CREATE OR REPLACE TRIGGER appointments_refresh_call_on_update
AFTER UPDATE ON @extschema@.appointments
FOR EACH ROW
WHEN (OLD.call_id IS DISTINCT FROM NEW.call_id OR OLD.created_at IS DISTINCT FROM NEW.created_at)
EXECUTE FUNCTION golden_record.tg_appointments__refresh_call();
