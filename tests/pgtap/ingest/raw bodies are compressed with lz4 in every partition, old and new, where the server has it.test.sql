-- Raw bodies are a few KB of JSON on every delivery: they are compressed with lz4 (faster than
-- pglz for about the same size) wherever the server was built with it, in the partitioned
-- parent, in every partition it has and in every partition made later.
BEGIN;
SELECT plan(3);

CREATE TEMP TABLE has_lz4 AS
SELECT EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) AS yes;
CREATE TEMP VIEW payload_compression AS
SELECT t.relid AS event_table, a.attcompression
  FROM pg_partition_tree('vapi_events') t JOIN pg_attribute a ON a.attrelid = t.relid AND a.attname = 'payload';

SELECT is(
  (SELECT array_agg(DISTINCT attcompression) FROM payload_compression),
  CASE WHEN (SELECT yes FROM has_lz4) THEN ARRAY['l'::"char"] ELSE ARRAY[''::"char"] END,
  'the parent and every partition compress payload with lz4 (the default where the server has no lz4)');

SELECT cmp_ok((SELECT count(*) FROM golden_record._vapi_events_add_partitions(3, now() - interval '14 months')), '>', 0::bigint,
              'partitions for a load of history are made');
SELECT is(
  (SELECT array_agg(DISTINCT attcompression) FROM payload_compression),
  CASE WHEN (SELECT yes FROM has_lz4) THEN ARRAY['l'::"char"] ELSE ARRAY[''::"char"] END,
  'so do the partitions made later');

SELECT * FROM finish();
ROLLBACK;
