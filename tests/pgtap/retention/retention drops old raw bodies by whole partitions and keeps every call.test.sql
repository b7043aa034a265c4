-- The event store is partitioned by month of received_at; retention drops the partitions whose
-- bodies are all older than the period kept, deletes old strays of the default partition, and
-- never touches a call, even one whose every delivery is dropped.
BEGIN;
SELECT plan(9);

SELECT is((SELECT relkind FROM pg_class WHERE oid = 'vapi_events'::regclass), 'p'::"char", 'vapi_events is partitioned');
SELECT ok((SELECT bool_or(is_default) FROM golden_record._vapi_events_partitions()), 'it has a default partition');
SELECT ok(EXISTS (SELECT 1 FROM golden_record._vapi_events_partitions() WHERE now() + interval '60 days' >= lower_bound AND now() + interval '60 days' < upper_bound),
          'the partition of two months ahead exists already');

-- Partitions for a load of history (eight months back), then deliveries of then and of today.
SELECT cmp_ok((SELECT count(*) FROM golden_record._vapi_events_add_partitions(3, now() - interval '8 months')), '>=', 8::bigint,
              'eight past months get their partitions');
SELECT ingest_vapi_call(jsonb_build_object('message', jsonb_build_object('type', 'end-of-call-report', 'cost', 0.5,
         'call', jsonb_build_object('id', 'retained-' || n))), '00000000-0000-0000-0000-0000000000a1')
  FROM generate_series(1, 4) n;
UPDATE vapi_events SET received_at = now() - make_interval(days => 60 * n)
  FROM (VALUES ('retained-1', 1), ('retained-2', 2), ('retained-3', 3), ('retained-4', 4)) v(id, n)
 WHERE vapi_call_id = v.id;
INSERT INTO vapi_events (org_id, received_at, outcome, payload, id) OVERRIDING SYSTEM VALUE
VALUES ('00000000-0000-0000-0000-0000000000a1', now() - interval '5 years', 'ignored', '{}', -1);
CREATE TEMP TABLE calls_before AS SELECT * FROM calls;

CREATE TEMP TABLE dropped AS SELECT * FROM golden_record._vapi_events_drop_partitions('90 days') AS d(name);
SELECT cmp_ok((SELECT count(*) FROM dropped WHERE name LIKE '%vapi_events_p%'), '>=', 4::bigint, 'the old monthly partitions are dropped');
SELECT is((SELECT count(*) FROM dropped WHERE name LIKE '%vapi_events_default%'), 1::bigint, 'the old stray of the default partition is deleted');
SELECT is((SELECT array_agg(vapi_call_id ORDER BY vapi_call_id) FROM vapi_events), ARRAY['retained-1'],
          'only the body received within the last 90 days is left');
SELECT set_eq($$SELECT * FROM calls$$, $$SELECT * FROM calls_before$$, 'every call is still there, unchanged');
SELECT throws_ok($$SELECT * FROM golden_record._vapi_events_drop_partitions('1 hour')$$, '22023', NULL, 'keeping less than a day is refused');

SELECT * FROM finish();
ROLLBACK;
