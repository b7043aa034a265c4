import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/code-layer.ts';
import { migrateUp } from '../../src/migrate.ts';
import { runCli } from '../support/cli.ts';
import { testDatabase } from '../support/db.ts';
import { buildLegacyDatabase } from '../../testkit/legacy-database.ts';
import { expectedFromLegacy } from './expected.ts';

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe('golden-record backfill', () => {
  it('resumes after a kill from the last committed batch and ends exactly as one clean run', async () => {
    const db = await testDatabase({ empty: true });
    // The other legacy variant: the log table renamed, no hand-added appointments.vapi_call_id.
    const legacy = await buildLegacyDatabase(db.sql, { calls: 1500, callLogsTable: 'call_logs_legacy', appointmentsVapiCallId: false, seed: 61 });
    const computed = await expectedFromLegacy(db.sql, 'call_logs_legacy');
    await migrateUp({ databaseUrl: db.url });

    const child = spawn(process.execPath, [join(PACKAGE_ROOT, 'bin', 'golden-record.js'), 'backfill', '--batch-size', '10', '-c', db.url], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    let scanned = 0;
    for (let waited = 0; scanned < 200 && waited < 60_000; waited += 10) {
      await sleep(10);
      const [run] = await db.sql`SELECT (counts -> 'calls' ->> 'scanned')::int AS scanned FROM golden_record.backfill_runs WHERE finished_at IS NULL`;
      scanned = run?.scanned ?? 0;
    }
    child.kill('SIGKILL');
    expect(await exited).toBeNull();

    const [killed] = await db.sql`SELECT id::int AS id, step, position, finished_at, (counts -> 'calls' ->> 'scanned')::int AS scanned FROM golden_record.backfill_runs`;
    expect(killed).toMatchObject({ step: 'calls', finished_at: null });
    expect(killed.position).not.toBeNull();
    expect(killed.scanned % 10).toBe(0);
    expect(killed.scanned).toBeLessThan(legacy.counts.calls);

    // The server drops the connection of the next run mid-way: an error exit, the run kept.
    const dropped = runCli(['backfill', '--batch-size', '10', '-c', db.url]);
    for (let waited = 0, moved = false; !moved && waited < 60_000; waited += 10) {
      await sleep(10);
      const [run] = await db.sql`SELECT (counts -> 'calls' ->> 'scanned')::int AS scanned FROM golden_record.backfill_runs WHERE finished_at IS NULL`;
      moved = (run?.scanned ?? 0) > killed.scanned;
    }
    // postgres.js reconnects when a connection dies between two queries, so the connection is
    // dropped again until one dies under a running batch and the command gives up.
    let droppedExited = false;
    void dropped.then(() => (droppedExited = true));
    while (!droppedExited) {
      await db.sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'golden-record backfill' AND datname = ${db.name}`;
      await sleep(5);
    }
    const stopped = await dropped;
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toMatch(/the backfill stopped; run it again to resume where it left off/);

    const resumed = await runCli(['backfill', '--json', '-c', db.url]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`resuming run ${killed.id} at step calls`);
    const report = JSON.parse(resumed.stdout);
    expect(report.run_id).toBe(killed.id);
    // Every call visited exactly once across the two processes: the killed batch left no trace.
    expect(report.counts.calls).toMatchObject({ scanned: legacy.counts.calls, cost_cents_filled: computed.stats.costFilledFromMetadata });
    expect(report.counts.call_logs).toMatchObject({ scanned: legacy.counts.call_logs, calls_inserted: computed.stats.orphans, without_vapi_id: computed.stats.logsWithoutVapiId, unknown_cost_zero: computed.stats.logsUnknownCostZero });
    expect(Object.keys(report.counts)).toEqual(expect.arrayContaining(['calls', 'contacts', 'appointments', 'call_logs', 'appointment_links']));

    const rows = await db.sql<{ vapi_call_id: string; cost_cents: number | null; ended_reason: string | null }[]>`SELECT vapi_call_id, cost_cents, ended_reason FROM calls`;
    expect(rows.length).toBe(computed.expected.size);
    const wrong = rows.filter((r) => {
      const e = computed.expected.get(r.vapi_call_id);
      return e?.cents !== r.cost_cents || e?.endedReason !== r.ended_reason;
    });
    expect(wrong).toEqual([]);
    const [{ runs }] = await db.sql`SELECT count(*)::int AS runs FROM golden_record.backfill_runs WHERE finished_at IS NOT NULL`;
    expect(runs).toBe(1);
  });

  it('says there is nothing to do on a database the package created, and prints its report', async () => {
    const db = await testDatabase();
    const result = await runCli(['backfill', '-c', db.url]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('nothing to do');
    expect(result.stdout).toMatch(/^backfill run \d+ finished/);
  });

  it('rejects a bad --batch-size with one line and a non-zero exit', async () => {
    const db = await testDatabase();
    const result = await runCli(['backfill', '--batch-size', '0', '-c', db.url]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('golden-record: --batch-size must be a positive integer, got "0"');
  });
});
