/**
 * calls_link_appointments (trigger on calls)
 *
 * AFTER INSERT: links the new call's appointments, see `_calls_link_appointments`.
 */
CREATE OR REPLACE TRIGGER calls_link_appointments
AFTER INSERT ON @extschema@.calls
FOR EACH ROW EXECUTE FUNCTION golden_record._calls_link_appointments();
