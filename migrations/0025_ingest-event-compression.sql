-- Up Migration
-- The raw bodies go back to lz4 (as 0006 set them, where the server has it). 0023 rebuilt
-- vapi_events as a partitioned table whose partitions copied everything but the column's
-- compression, so every body since has been compressed with the slower pglz. Catalogue changes
-- only: bodies already stored keep their compression, new ones use lz4. ALTER TABLE on the
-- parent does not reach the partitions it already has, hence each table of the tree; new
-- partitions copy the parent's setting (sql/ingest/_vapi_events_add_partitions.sql).
DO $$
DECLARE
  v_table regclass;
BEGIN
  IF EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
    FOR v_table IN SELECT relid FROM pg_partition_tree('vapi_events') LOOP
      EXECUTE format('ALTER TABLE %s ALTER COLUMN payload SET COMPRESSION lz4', v_table);
    END LOOP;
  END IF;
END
$$;

-- Down Migration
-- Back to the server's default, as 0023 left them (stored bodies keep theirs).
DO $$
DECLARE
  v_table regclass;
BEGIN
  FOR v_table IN SELECT relid FROM pg_partition_tree('vapi_events') LOOP
    EXECUTE format('ALTER TABLE %s ALTER COLUMN payload SET COMPRESSION default', v_table);
  END LOOP;
END
$$;
