import { expect, it } from 'vitest';
import { crashDuringBackfill, crashDuringIngest } from './crash.ts';
import { runSeed } from '../../testkit/random.ts';

const seed = runSeed();
console.log(`reliability crash: seed ${seed} (replay with RELIABILITY_SEED=${seed})`);

it(`golden-record ingest killed mid-import (SIGKILL of the postmaster), restarted and rerun, equals an uninterrupted import (seed ${seed})`, async () => {
  const report = await crashDuringIngest({ seed, calls: 1500 });
  expect(report.failures, JSON.stringify({ ...report, failures: undefined })).toEqual([]);
  expect(report.storedAtCrash).toBeGreaterThan(0);
  expect(report.storedAtCrash).toBeLessThan(report.storedUninterrupted);
  expect(report.firstRunExit).not.toBe(0);
}, 600_000);

it(`golden-record backfill of a legacy database killed mid-run (SIGKILL of the postmaster), restarted and rerun, equals an uninterrupted backfill (seed ${seed})`, async () => {
  const report = await crashDuringBackfill({ seed, calls: 3000 });
  expect(report.failures, JSON.stringify({ ...report, failures: undefined })).toEqual([]);
  expect(report.scannedAtCrash).toBeGreaterThan(0);
  expect(report.scannedAtCrash).toBeLessThan(report.calls);
  expect(report.firstRunExit).not.toBe(0);
}, 600_000);
