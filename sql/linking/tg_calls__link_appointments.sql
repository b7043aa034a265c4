/**
 * tg_calls__link_appointments() → trigger
 *
 * Private. AFTER trigger function of `calls` (triggers `calls_link_appointments` on INSERT and
 * `calls_link_appointments_on_update`, whose `WHEN` conditions fire it only when there can be
 * something to link): links the call's appointments with `_link_appointments_to_call`,
 * whoever wrote the call (ingest's upsert, a backfill, another application). By Vapi id only
 * when the call or its Vapi id is new; on INSERT, or when the Vapi id changes, of a call of
 * the last day, it first takes `_lock_vapi_call` (see `_link_appointments_to_call` for which
 * lock serves what).
 * SECURITY DEFINER, acting for the call's org.
 *
 * Example: `INSERT INTO calls (org_id, vapi_call_id, ended_at) VALUES ($1, 'call-123', now());`
 */
CREATE OR REPLACE FUNCTION golden_record.tg_calls__link_appointments()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
DECLARE
  v_previous text := _act_for_org(NEW.org_id);
  v_vapi_id_is_new boolean := TG_OP = 'INSERT' OR NEW.vapi_call_id IS DISTINCT FROM OLD.vapi_call_id;
BEGIN
  -- A Vapi id new to the calls side: a booking with that id may be committing right now and
  -- cannot see this row yet; the lock makes one wait for the other (ingest holds it already).
  -- Only for a call of the last day: bookings race live calls, and a bulk load of history
  -- would otherwise hold one lock per row and overflow the lock table.
  IF v_vapi_id_is_new AND coalesce(NEW.ended_at, NEW.started_at, NEW.created_at) > now() - interval '1 day' THEN
    PERFORM _lock_vapi_call(NEW.org_id, NEW.vapi_call_id);
  END IF;
  PERFORM _link_appointments_to_call(NEW, v_vapi_id_is_new);
  PERFORM _act_for_org_restore(v_previous);
  RETURN NULL;
END;
$$;

REVOKE ALL ON FUNCTION golden_record.tg_calls__link_appointments() FROM PUBLIC;
