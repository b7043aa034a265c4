/**
 * calls_link_appointments_on_update (trigger on calls)
 *
 * AFTER UPDATE of the columns that decide a link: links the call's appointments, see
 * `_calls_link_appointments`. Compared on the final row, so a value copied in by a BEFORE
 * trigger (a legacy column kept in step) counts too. `appointment_id` is not watched: the
 * appointment triggers write it, and watching it would loop.
 */
CREATE OR REPLACE TRIGGER calls_link_appointments_on_update
AFTER UPDATE ON @extschema@.calls
FOR EACH ROW
WHEN (
  OLD.vapi_call_id IS DISTINCT FROM NEW.vapi_call_id
  OR OLD.started_at IS DISTINCT FROM NEW.started_at
  OR OLD.ended_at IS DISTINCT FROM NEW.ended_at
  OR OLD.contact_id IS DISTINCT FROM NEW.contact_id
  OR OLD.phone_number IS DISTINCT FROM NEW.phone_number
)
EXECUTE FUNCTION golden_record._calls_link_appointments();
