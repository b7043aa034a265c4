/**
 * Trigger _fill_from_legacy_metadata on calls, on a legacy `calls` only (one the package did
 * not create): see _fill_from_legacy_metadata. A package-made `calls` keeps the assistant's
 * metadata there, which says nothing about cost.
 */
DO $$
BEGIN
  IF golden_record._is_legacy_table('calls') AND EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = '@extschema@.calls'::regclass AND attname = 'metadata' AND NOT attisdropped) THEN
    CREATE OR REPLACE TRIGGER _fill_from_legacy_metadata BEFORE INSERT OR UPDATE OF metadata ON @extschema@.calls
      FOR EACH ROW EXECUTE FUNCTION golden_record._fill_from_legacy_metadata();
  END IF;
END
$$;
