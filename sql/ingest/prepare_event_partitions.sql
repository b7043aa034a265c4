-- Runs at every `migrate up` (after the partition functions, see sql/manifest.txt): the event store's partitions for the
-- current month and the next three (see _vapi_events_add_partitions). Nothing here is an object.
SELECT count(*) FROM golden_record._vapi_events_add_partitions(3);
