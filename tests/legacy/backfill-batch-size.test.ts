import { describe, expect, it } from 'vitest';
import { backfill } from '../../src/commands/backfill.ts';
import { migrateUp } from '../../src/migrate.ts';
import { testDatabase } from '../support/db.ts';
import { buildLegacyDatabase } from '../../testkit/legacy-database.ts';
import { expectedFromLegacy } from './expected.ts';

/**
 * Without a fixed --batch-size the backfill sizes its batches by time: a batch holds the rows
 * it updates until it commits, and a webhook for one of them waits that long, so batches that
 * take longer than --batch-ms shrink, and batches far quicker than it grow (by at most a
 * factor of two a batch); each step starts again from the first size. Either way every call
 * ends with the cents and end reason computed independently from the legacy rows.
 */

async function upgradedLegacy(seed: number) {
  const db = await testDatabase({ empty: true });
  await buildLegacyDatabase(db.sql, { calls: 1200, seed });
  const computed = await expectedFromLegacy(db.sql);
  await migrateUp({ databaseUrl: db.url });
  return Object.assign(db, { computed });
}

describe('backfill batch size', () => {
  it('shrinks batches that take longer than the target, down to its floor', async () => {
    const db = await upgradedLegacy(71);
    const batches: { step?: string; rows: number }[] = [];
    const { last } = await backfill(db.sql, { batchMs: 0.001, onBatch: (step, batch) => batches.push({ step: step.step, rows: batch.rows }) });
    expect(last.finished).toBe(true);
    const sizes = batches.filter((b) => b.step === 'calls').map((b) => b.rows);
    expect(sizes.slice(0, 6)).toEqual([200, 100, 50, 25, 13, 10]);
    expect(Math.max(...sizes.slice(5))).toBe(10);
    // The next step starts again from the first size.
    expect(batches[sizes.length].rows).toBe(200);

    const calls = await db.sql<{ vapi_call_id: string; cost_cents: number | null; ended_reason: string | null }[]>`
      SELECT vapi_call_id, cost_cents, ended_reason FROM calls`;
    expect(calls.length).toBe(db.computed.expected.size);
    const wrong = calls.filter((c) => {
      const e = db.computed.expected.get(c.vapi_call_id);
      return !e || e.cents !== c.cost_cents || e.endedReason !== c.ended_reason;
    });
    expect(wrong).toEqual([]);
  });

  it('grows batches far quicker than the target, doubling at most', async () => {
    const db = await upgradedLegacy(72);
    const rows: number[] = [];
    const { last } = await backfill(db.sql, { batchMs: 600_000, onBatch: (_step, batch) => rows.push(batch.rows) });
    expect(last.finished).toBe(true);
    // 1,200 calls: 200, 400, then 800 asked for the last 600; the next step starts from 200.
    expect(rows.slice(0, 4)).toEqual([200, 400, 800, 200]);
  });

  it('keeps a fixed --batch-size as given', async () => {
    const db = await upgradedLegacy(73);
    const rows: number[] = [];
    await backfill(db.sql, { batchSize: 300, onBatch: (_step, batch) => rows.push(batch.rows) });
    expect(new Set(rows)).toEqual(new Set([300]));
  });
});
