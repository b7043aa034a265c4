/**
 * appointments_link_call (trigger on appointments)
 *
 * BEFORE INSERT OR UPDATE: fills `call_id` and `vapi_call_id` of the row being written, see
 * `tg_appointments__link_call`. An update that touches neither column nor `org_id` returns at once.
 */
CREATE OR REPLACE TRIGGER appointments_link_call
BEFORE INSERT OR UPDATE ON @extschema@.appointments
FOR EACH ROW EXECUTE FUNCTION golden_record.tg_appointments__link_call();
