import { expect, it } from 'vitest';
import { testDatabase } from '../support/db.ts';
import { everyOrder } from './orders.ts';
import { runSeed } from '../../testkit/random.ts';

const seed = runSeed();
console.log(`reliability orders: seed ${seed} (replay with RELIABILITY_SEED=${seed})`);

it(`every one of the 120 delivery orders of a call ends in the natural order's rows, booked with and without the Vapi id (seed ${seed})`, async () => {
  const db = await testDatabase();
  const report = await everyOrder(db.sql, { seed, rounds: 2 });
  expect(report.permutations).toBe(240);
  expect(report.failures.slice(0, 10), `${report.failures.length} failures (seed ${seed})`).toEqual([]);
}, 300_000);
