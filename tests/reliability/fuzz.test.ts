import { describe, expect, it } from 'vitest';
import { testDatabase } from '../support/db.ts';
import { fuzzCli, fuzzIngest } from './fuzz.ts';
import { pinnedCases } from './mutations.ts';
import { runSeed } from '../../testkit/random.ts';

/**
 * Fuzzed bodies through both SQL forms and through the CLI. Seeded: the seed is printed, and
 * RELIABILITY_SEED=<seed> replays the same cases (`npm run soak -- --only fuzz --seed S --first N
 * --cases 1` replays one). RELIABILITY_FUZZ_CASES sets how many (default 2500).
 */
const seed = runSeed();
const cases = Number(process.env.RELIABILITY_FUZZ_CASES ?? 2500);
const orgId = '00000000-0000-4000-a000-00000000f022';
console.log(`reliability fuzz: seed ${seed}, ${cases} cases (replay with RELIABILITY_SEED=${seed})`);

describe(`fuzzed bodies (seed ${seed})`, () => {
  let textStatus = new Map<number, string>();

  it('through ingest_vapi_call, text and jsonb forms: nothing raises, every status documented, nothing lost, no overflow', async () => {
    const db = await testDatabase();
    const extra = pinnedCases();
    const report = await fuzzIngest(db.sql, { seed, count: cases, orgId, extra });
    textStatus = report.textStatus;
    expect(report.cases).toBe(cases + extra.length);
    expect(report.deliveries).toBeGreaterThan(cases);
    expect(report.failures.slice(0, 20), `${report.failures.length} failures (seed ${seed})`).toEqual([]);
  }, 600_000);

  it('through golden-record ingest (NDJSON and .json files): exits 0 and stores every body whole', async () => {
    const db = await testDatabase();
    const count = Math.min(cases, 600);
    const report = await fuzzCli(db.sql, db.url, { seed, count, orgId, textStatus });
    expect(report.lines + report.files).toBeGreaterThan(count / 2);
    expect(report.failures.slice(0, 20), `${report.failures.length} failures (seed ${seed})`).toEqual([]);
  }, 600_000);
});
