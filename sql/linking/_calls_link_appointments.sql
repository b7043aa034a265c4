/**
 * _calls_link_appointments() → trigger
 *
 * Private. AFTER trigger function of `calls` (triggers `calls_link_appointments` on INSERT and
 * `calls_link_appointments_on_update` when the Vapi id, times, contact or number change): links
 * the call's appointments with `_link_call_appointments`, whoever wrote the call (ingest's
 * upsert, a backfill, another application). SECURITY DEFINER, acting for the call's org.
 *
 * Example: `INSERT INTO calls (org_id, vapi_call_id, ended_at) VALUES ($1, 'call-123', now());`
 */
CREATE OR REPLACE FUNCTION _calls_link_appointments()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path FROM CURRENT
AS $$
DECLARE
  v_previous text := _act_for_org(NEW.org_id);
BEGIN
  PERFORM _link_call_appointments(NEW.id);
  PERFORM _act_for_org_restore(v_previous);
  RETURN NULL;
END;
$$;

REVOKE ALL ON FUNCTION _calls_link_appointments() FROM PUBLIC;
