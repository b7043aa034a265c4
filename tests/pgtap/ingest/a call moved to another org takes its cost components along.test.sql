-- Found by the rollups' random mix of writes: moving a call with cost components to another
-- org failed with a duplicate key, because the old components (filed under the old org) were
-- invisible to the delete made for the new one.
BEGIN;
SELECT plan(3);

SELECT ingest_vapi_call($${"message": {"type": "end-of-call-report", "cost": 0.05,
  "costs": [{"type": "transport", "cost": 0.01}, {"type": "model", "cost": 0.04}],
  "call": {"id": "moving"}}}$$::jsonb, '00000000-0000-0000-0000-0000000000a1');

SELECT lives_ok(
  $$UPDATE calls SET org_id = '00000000-0000-0000-0000-0000000000b2' WHERE vapi_call_id = 'moving'$$,
  'a call with cost components moves to another org');
SELECT results_eq(
  $$SELECT cc.org_id, cc.component, cc.cost FROM call_cost_components cc ORDER BY cc.component$$,
  $$VALUES ('00000000-0000-0000-0000-0000000000b2'::uuid, 'model', 0.04), ('00000000-0000-0000-0000-0000000000b2'::uuid, 'transport', 0.01)$$,
  'its components now belong to the new org, none left under the old one');
SELECT is((SELECT count(*)::integer FROM call_cost_components cc JOIN calls c ON c.id = cc.call_id AND c.org_id = cc.org_id), 2,
  'every component row agrees with its call''s org');

SELECT * FROM finish();
ROLLBACK;
