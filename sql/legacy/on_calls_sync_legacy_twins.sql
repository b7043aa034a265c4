/**
 * Trigger _sync_legacy_twins on calls (legacy databases only): keeps call_direction/direction,
 * start_time/started_at and end_time/ended_at equal. A call ingested without a direction gets
 * 'inbound' in the NOT NULL call_direction only (the old app's own default: call_type DEFAULT
 * 'inbound'); direction stays NULL.
 * Created only for the twins whose legacy column exists; see _sync_legacy_twins. Named with a
 * leading underscore so it fires before the other BEFORE triggers of the table (they fire in
 * name order) and they see both names filled.
 */
DO $$
DECLARE
  t record;
BEGIN
  SELECT * INTO t FROM golden_record._legacy_twin_arguments('@extschema@.calls', ARRAY[['call_direction', 'direction', 'inbound'], ['start_time', 'started_at', ''], ['end_time', 'ended_at', '']]);
  IF t.arguments IS NULL THEN
    IF EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = '@extschema@.calls'::regclass AND tgname = '_sync_legacy_twins') THEN
      DROP TRIGGER _sync_legacy_twins ON @extschema@.calls;
    END IF;
  ELSE
    EXECUTE format('CREATE OR REPLACE TRIGGER _sync_legacy_twins BEFORE INSERT OR UPDATE OF %s ON @extschema@.calls
                    FOR EACH ROW EXECUTE FUNCTION golden_record._sync_legacy_twins(%s)', t.columns, t.arguments);
  END IF;
END
$$;
