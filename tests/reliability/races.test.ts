import { expect, it } from 'vitest';
import { testDatabase } from '../support/db.ts';
import { raceIngest } from './races.ts';
import { runSeed } from '../../testkit/random.ts';

const seed = runSeed();
console.log(`reliability races: seed ${seed} (replay with RELIABILITY_SEED=${seed})`);

it(`8 concurrent clients on a mixed stream end where serial application ends, with no deadlock and nothing lost (seed ${seed})`, async () => {
  const concurrent = await testDatabase();
  const serial = await testDatabase();
  const report = await raceIngest(concurrent.url, serial.sql, { seed, clients: 8, calls: 40 });
  expect(report.deliveries).toBe(40 * 8);
  // The stream really raced: deliveries of one call were in flight together.
  expect(report.overlaps).toBeGreaterThan(20);
  expect(report.failures.slice(0, 10), `${report.failures.length} failures (seed ${seed})`).toEqual([]);
}, 300_000);
