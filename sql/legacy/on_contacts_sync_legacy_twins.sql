/**
 * Trigger _sync_legacy_twins on contacts (legacy databases only): keeps phone/phone_number.
 * Created only for the twins whose legacy column exists; see _sync_legacy_twins. Named with a
 * leading underscore so it fires before the other BEFORE triggers of the table (they fire in
 * name order) and they see both names filled.
 */
DO $$
DECLARE
  t record;
BEGIN
  SELECT * INTO t FROM golden_record._legacy_twin_arguments('@extschema@.contacts', ARRAY[['phone', 'phone_number', '']]);
  IF t.arguments IS NULL THEN
    IF EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = '@extschema@.contacts'::regclass AND tgname = '_sync_legacy_twins') THEN
      DROP TRIGGER _sync_legacy_twins ON @extschema@.contacts;
    END IF;
  ELSE
    EXECUTE format('CREATE OR REPLACE TRIGGER _sync_legacy_twins BEFORE INSERT OR UPDATE OF %s ON @extschema@.contacts
                    FOR EACH ROW EXECUTE FUNCTION golden_record._sync_legacy_twins(%s)', t.columns, t.arguments);
  END IF;
END
$$;
