/**
 * calls_link_appointments (trigger on calls)
 *
 * AFTER INSERT of a call that can have appointments to link: one with a Vapi id (bookings
 * name it), or one that has ended with a contact or a number (the fallback). See
 * `tg_calls__link_appointments`. Not for a row the legacy backfill writes with
 * `golden_record.linking = deferred` (it links in its last step).
 */
CREATE OR REPLACE TRIGGER calls_link_appointments
AFTER INSERT ON @extschema@.calls
FOR EACH ROW
WHEN (
  (NEW.vapi_call_id IS NOT NULL OR (NEW.ended_at IS NOT NULL AND (NEW.contact_id IS NOT NULL OR NEW.phone_number IS NOT NULL)))
  AND current_setting('golden_record.linking', true) IS DISTINCT FROM 'deferred'
)
EXECUTE FUNCTION golden_record.tg_calls__link_appointments();
