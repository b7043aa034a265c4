import { describe, expect, it } from 'vitest';
import { runBackfill } from '../../src/commands/backfill.ts';
import { migrateDown, migrateUp } from '../../src/migrate.ts';
import { testDatabase } from '../support/db.ts';
import { buildLegacyDatabase, legacyApp } from '../../testkit/legacy-database.ts';

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe('upgrading a legacy database during business hours', () => {
  it('waits for a long reader instead of queueing the old app behind it, and the old app keeps writing throughout', async () => {
    const db = await testDatabase({ empty: true });
    const legacy = await buildLegacyDatabase(db.sql, { calls: 600, seed: 9 });
    await db.sql.unsafe(`ALTER DATABASE ${db.name} SET golden_record.full_access_roles = '${legacy.appRole}'`);
    // The app writes as its own role, named in golden_record.full_access_roles: row-level
    // security is switched on only together with the policies that keep its access.
    const app = legacyApp(db.sql, legacy.appRole);

    // A report that keeps `calls` open for 3 s: every ALTER TABLE on calls must wait for it.
    const reader = await db.sql.reserve();
    await reader`BEGIN`;
    await reader`SELECT count(*) FROM calls`;
    let readerEnded = Infinity;
    const readerDone = sleep(3000).then(async () => {
      await reader`COMMIT`;
      readerEnded = performance.now();
      reader.release();
    });

    // The old application writes a call every 20 ms during the whole upgrade.
    let writing = true;
    const latencies: number[] = [];
    const writer = (async () => {
      for (let i = 0; writing; i++) {
        const t = performance.now();
        const id = await app.insertCall({ orgId: legacy.orgIds[i % 4], direction: 'inbound', startTime: new Date().toISOString(), cost: '0.05', vapiCallId: `busy-${i}` });
        await app.endCall(id, new Date().toISOString(), '0.07');
        latencies.push(performance.now() - t);
        await sleep(20);
      }
    })();

    const logs: string[] = [];
    await migrateUp({ databaseUrl: db.url, lockTimeoutMs: 100, lockRetries: 30, log: (line) => logs.push(line) });
    const migrated = performance.now();
    await readerDone;
    await sleep(200);
    writing = false;
    await writer;

    // The migration could not take its lock while the reader was there: it gave up and retried.
    expect(logs.some((l) => /lock_timeout hit; retrying/.test(l))).toBe(true);
    expect(migrated).toBeGreaterThan(readerEnded);
    // Meanwhile the writes never queued behind a waiting ALTER until the reader was gone (they
    // wait at most a lock_timeout, and the short install of the code layer).
    expect(latencies.length).toBeGreaterThan(40);
    expect(Math.max(...latencies)).toBeLessThan(1500);
    // What the app wrote during the upgrade ends in the golden record too: through the triggers
    // once they exist, through the backfill before that.
    await runBackfill({ databaseUrl: db.url });
    const [{ written, missing }] = await db.sql`
      SELECT count(*)::int AS written,
             count(*) FILTER (WHERE cost_cents IS DISTINCT FROM 7 OR direction IS DISTINCT FROM 'inbound' OR started_at IS NULL OR ended_at IS NULL)::int AS missing
        FROM calls WHERE vapi_call_id LIKE 'busy-%'`;
    expect(written).toBe(latencies.length);
    expect(missing).toBe(0);

    await migrateDown({ databaseUrl: db.url, lockTimeoutMs: 100 }, Infinity);
  });
});
