BEGIN;
SELECT plan(4);

SELECT is(golden_record.backfill_start() -> 'steps', '[]'::jsonb, 'no legacy table, column or call_logs: no step');
SELECT is((golden_record.backfill_step() ->> 'finished')::boolean, true, 'and the run is finished at once');
SELECT is((SELECT count(*)::int FROM golden_record.backfill_runs WHERE finished_at IS NULL), 0, 'no run is left open');
SELECT throws_ok('SELECT golden_record.backfill_step(0)', '22023', NULL, 'a batch size out of range is refused');

SELECT * FROM finish();
ROLLBACK;
