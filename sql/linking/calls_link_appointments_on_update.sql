/**
 * calls_link_appointments_on_update (trigger on calls)
 *
 * AFTER UPDATE that can link something: a new Vapi id (bookings name it), or a change of the
 * times, contact or number of a call that has ended with a contact or a number (the fallback's
 * window and candidates). See `tg_calls__link_appointments`. Compared on the final row, so a
 * value copied in by a BEFORE trigger (a legacy column kept in step) counts too.
 * `appointment_id` is not watched: the appointment triggers write it, and watching it would
 * loop. A status-update, a redelivered report or a late status-update of a known call changes
 * none of these and does not fire it. Nor does a write of the legacy backfill, which sets
 * `golden_record.linking` to `deferred` for its own statements and links once, set-based, in
 * its last step (`link_appointments`).
 */
CREATE OR REPLACE TRIGGER calls_link_appointments_on_update
AFTER UPDATE ON @extschema@.calls
FOR EACH ROW
WHEN (
  (
    OLD.vapi_call_id IS DISTINCT FROM NEW.vapi_call_id
    OR (
      NEW.ended_at IS NOT NULL AND (NEW.contact_id IS NOT NULL OR NEW.phone_number IS NOT NULL)
      AND (
        OLD.started_at IS DISTINCT FROM NEW.started_at
        OR OLD.ended_at IS DISTINCT FROM NEW.ended_at
        OR OLD.contact_id IS DISTINCT FROM NEW.contact_id
        OR OLD.phone_number IS DISTINCT FROM NEW.phone_number
      )
    )
  )
  AND current_setting('golden_record.linking', true) IS DISTINCT FROM 'deferred'
)
EXECUTE FUNCTION golden_record.tg_calls__link_appointments();
