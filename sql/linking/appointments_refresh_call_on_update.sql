/**
 * appointments_refresh_call_on_update (trigger on appointments)
 *
 * AFTER UPDATE of the columns that decide a call's first booking: see `tg_appointments__refresh_call`.
 */
CREATE OR REPLACE TRIGGER appointments_refresh_call_on_update
AFTER UPDATE ON appointments
FOR EACH ROW
WHEN (OLD.call_id IS DISTINCT FROM NEW.call_id OR OLD.created_at IS DISTINCT FROM NEW.created_at)
EXECUTE FUNCTION tg_appointments__refresh_call();

-- The trigger function's former name, dropped on an upgraded database once both triggers
-- that ran it use the new one (in the install's transaction).
DROP FUNCTION IF EXISTS _appointments_refresh_call();
