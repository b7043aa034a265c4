-- A legacy call_logs whose total_cost is `numeric DEFAULT 0`: the old writer left the 0 there
-- whenever it did not know the cost, so that 0 is unknown. A 0 in a column without that
-- default, or in metadata, was written on purpose and stays a real 0.
BEGIN;
SELECT plan(12);

CREATE TABLE call_logs (
  call_sid text NOT NULL UNIQUE,
  vapi_call_id text UNIQUE,
  org_id uuid,
  total_cost numeric(10, 4) DEFAULT 0,
  vapi_cost numeric(10, 4),
  duration_seconds integer DEFAULT (0)::integer,
  status text DEFAULT '0',
  metadata jsonb DEFAULT '{}'
);

SELECT is(golden_record._zero_default_columns('call_logs'), ARRAY['total_cost', 'duration_seconds'],
  'the number columns whose default is 0 are read from the catalogue');
SELECT is(golden_record._without_default_zeros('{"total_cost": 0.0000, "duration_seconds": 0, "vapi_cost": 0}', ARRAY['total_cost', 'duration_seconds']),
  '{"vapi_cost": 0}'::jsonb, 'a 0 in such a column gives nothing; a 0 elsewhere is kept');
SELECT is(golden_record._without_default_zeros('{"total_cost": 0.0700}', ARRAY['total_cost']), '{"total_cost": 0.0700}'::jsonb,
  'a value above 0 is evidence and kept');

INSERT INTO calls (id, org_id, vapi_call_id)
VALUES ('ca000000-0000-0000-0000-0000000000a1', 'aaaaaaaa-0000-0000-0000-000000000001', 'vapi-zero'),
       ('ca000000-0000-0000-0000-0000000000a2', 'aaaaaaaa-0000-0000-0000-000000000001', 'vapi-paid'),
       ('ca000000-0000-0000-0000-0000000000a3', 'aaaaaaaa-0000-0000-0000-000000000001', 'vapi-meta-zero'),
       ('ca000000-0000-0000-0000-0000000000a4', 'aaaaaaaa-0000-0000-0000-000000000001', 'vapi-column-zero');
-- The old writer leaves total_cost out when it has no cost: the column's default, 0.
INSERT INTO call_logs (call_sid, vapi_call_id, org_id) VALUES ('CL1', 'vapi-zero', 'aaaaaaaa-0000-0000-0000-000000000001');
INSERT INTO call_logs (call_sid, vapi_call_id, org_id, total_cost) VALUES ('CL2', 'vapi-paid', 'aaaaaaaa-0000-0000-0000-000000000001', 0.0700);
INSERT INTO call_logs (call_sid, vapi_call_id, org_id, metadata) VALUES ('CL3', 'vapi-meta-zero', 'aaaaaaaa-0000-0000-0000-000000000001', '{"vapi_cost": 0}');
INSERT INTO call_logs (call_sid, vapi_call_id, org_id, vapi_cost) VALUES ('CL4', 'vapi-column-zero', 'aaaaaaaa-0000-0000-0000-000000000001', 0);
-- A call_logs row whose call is gone, with the defaulted 0 only.
INSERT INTO call_logs (call_sid, vapi_call_id, org_id) VALUES ('CL5', 'vapi-orphan-zero', 'aaaaaaaa-0000-0000-0000-000000000001');

SELECT is(golden_record._backfill_call_logs('call_logs', NULL, 100) -> 'counts' -> 'unknown_cost_zero', '2'::jsonb,
  'the rows whose only cost is the default 0 are counted as unknown_cost_zero');
SELECT is((SELECT cost_cents FROM calls WHERE vapi_call_id = 'vapi-zero'), NULL::integer, 'the default 0 leaves the call''s cost unknown, not free');
SELECT is((SELECT duration_seconds FROM calls WHERE vapi_call_id = 'vapi-zero'), NULL::integer, 'and its defaulted 0 duration too');
SELECT is((SELECT cost_cents FROM calls WHERE vapi_call_id = 'vapi-paid'), 7, 'a total_cost above 0 is used');
SELECT is((SELECT cost_cents FROM calls WHERE vapi_call_id = 'vapi-meta-zero'), 0, 'metadata.vapi_cost 0 is a real 0 over the default 0');
SELECT is((SELECT cost_cents FROM calls WHERE vapi_call_id = 'vapi-column-zero'), 0, 'a 0 in a cost column without a 0 default is a real 0');
SELECT is((SELECT cost_cents FROM calls WHERE vapi_call_id = 'vapi-orphan-zero'), NULL::integer, 'the call made from an orphan row has no cost either');
SELECT is((SELECT metadata ->> 'merged_from' FROM calls WHERE vapi_call_id = 'vapi-orphan-zero'), 'call_logs', 'and is the merged row');
SELECT is((SELECT count(*)::int FROM call_logs WHERE total_cost = 0), 4, 'call_logs itself is left as it was');

SELECT * FROM finish();
ROLLBACK;
