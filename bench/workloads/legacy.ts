import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import postgres from 'postgres';
import { PACKAGE_ROOT } from '../../src/code-layer.ts';
import { buildLegacyDatabase, LEGACY_APP_ROLE, legacyApp } from '../../testkit/legacy-database.ts';
import type { Context } from '../context.ts';
import { hasFunction, quiet, withIndexesRebuilt } from '../database.ts';
import { deliveriesOf, planCalls, type Delivery } from '../payloads.ts';
import { latencySummary, now, round, sleep } from '../stats.ts';
import { statementDiff, statementSnapshot, type StatementStats } from './explain.ts';

/**
 * The legacy upgrade under load: the clinic database of issue #6 (testkit/legacy-database.ts
 * builds the schema and its odd rows), grown set-based to `legacyCalls` calls with the same cost
 * shapes, call_logs twins and bookings; then `golden-record migrate up` and `golden-record
 * backfill`, run as a DBA would, while webhooks keep arriving at a fixed rate: the old app
 * writes them through the legacy columns the whole time, and the new app through
 * `ingest_vapi_call` from the moment migrate up has installed it. Every write's latency is
 * measured, and a monitor samples pg_stat_activity every 10 ms for writers waiting on a lock.
 */

export interface WriterStats {
  targetPerSecond: number;
  done: number;
  failed: number;
  /** Failed writes by error message. */
  errors: Record<string, number>;
  p99Ms: number;
  maxMs: number;
}

export interface LockWait {
  during: string;
  ms: number;
  query: string;
  lock: string;
  blockedBy: string;
}

export interface LegacyResult {
  calls: number;
  callLogs: number;
  appointments: number;
  generateSeconds: number;
  migrateSeconds: number;
  /** node-pg-migrate's migrations, with the seconds each took (from the CLI's verbose log). */
  migrations: { name: string; seconds: number }[];
  backfillSeconds: number;
  totalSeconds: number;
  /** Longest wait on a lock of any writer statement, sampled every 10 ms from pg_stat_activity. */
  longestLockWaitMs: number;
  /**
   * The longest lock wait of a writer in each step of the upgrade (each migration, the backfill):
   * the writer's statement, the lock, and what held it.
   */
  lockWaits: LockWait[];
  writes: { targetPerSecond: number; done: number; failed: number; p99Ms: number; maxMs: number };
  writers: { oldApp: WriterStats; ingest: WriterStats };
  /** The backfill's --json report. */
  backfillReport: unknown;
  /** What the backfill spent its time on (pg_stat_statements, track = all; null when not loaded). */
  backfillStatements: StatementStats[] | null;
}

/** The same cost shapes as the fixture's legacyMetadata, chosen by i % 16, as JSON text. */
const METADATA_SQL = `
  CASE i % 16
    WHEN 0 THEN NULL
    WHEN 6 THEN '{"cost": 0, "assistant_id": "asst_1"}'
    WHEN 7 THEN '{"cost": 0.0, "ended_reason": "voicemail"}'
    WHEN 8 THEN '{"cost": "0.42", "assistant_id": "asst_2"}'
    WHEN 9 THEN '{"cost": null, "assistant_id": "asst_0"}'
    WHEN 10 THEN '{"cost": "N/A", "assistant_id": "asst_1"}'
    WHEN 11 THEN '{"vapi_cost": ' || costs[1 + i % 15] || ', "vapi_end_reason": "customer-ended-call", "source": "call_logs"}'
    WHEN 12 THEN '{"cost": "$1.20", "vapi_cost": ' || costs[1 + i % 15] || '}'
    WHEN 13 THEN '{"assistant_id": "asst_0"}'
    WHEN 14 THEN '{}'
    WHEN 15 THEN '{"cost": 0, "vapi_cost": ' || costs[1 + i % 15] || ', "endedReason": "silence-timed-out"}'
    ELSE '{"cost": ' || costs[1 + i % 15] || ', "assistant_id": "asst_' || i % 3 || '", "ended_reason": "customer-ended-call"}'
  END`;

async function grow(sql: postgres.Sql, orgIds: string[], calls: number, callLogsTable: string): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`SET LOCAL maintenance_work_mem = '256MB'`;
    await withIndexesRebuilt(tx, ['calls', callLogsTable, 'appointments'], () => load(tx, orgIds, calls, callLogsTable));
  });
  await sql`VACUUM ANALYZE`;
  await sql`CHECKPOINT`.catch(() => {});
}

async function load(tx: postgres.TransactionSql, orgIds: string[], calls: number, callLogsTable: string): Promise<void> {
  const costs = ['0.07', '0.1', '0.1234', '1.5', '12.3456789', '0.005', '0.0700000001', '0.30000000000000004', '2', '0.99', '123.456789', '0.58', '1e-2', '3.0', '0.2'];
  await tx`
    CREATE TEMP TABLE bench_legacy ON COMMIT DROP AS
    SELECT i, (${orgIds}::uuid[])[1 + i % ${orgIds.length}] AS org_id,
           now() - interval '2 years' + make_interval(secs => i * 60) AS start_time,
           20 + (i * 37) % 900 AS duration
    FROM generate_series(1, ${calls}) i`;
  await tx.unsafe(
    `INSERT INTO calls (org_id, vapi_call_id, call_direction, call_type, from_number, to_number, call_sid, created_at,
                        start_time, end_time, duration_seconds, status, recording_url, transcript, outcome_summary,
                        metadata, phone_number, caller_name, sentiment, is_test_call, reconciled)
     SELECT org_id, 'legacy-' || i,
            CASE WHEN i % 4 < 3 THEN 'inbound' ELSE 'outbound' END, CASE WHEN i % 4 < 3 THEN 'inbound' ELSE 'outbound' END,
            '+1555' || lpad((i % 9000000)::text, 7, '0'), '+18005550000',
            CASE WHEN i % 10 < 7 THEN 'CA' || md5(i::text) END,
            start_time - interval '5 seconds',
            CASE WHEN i % 13 <> 0 THEN start_time END,
            CASE WHEN i % 13 <> 0 THEN start_time + make_interval(secs => duration) END,
            CASE WHEN i % 13 <> 0 THEN duration END,
            (ARRAY['ended', 'in-progress', 'active', 'completed', 'failed', 'ended'])[1 + i % 6],
            CASE WHEN i % 2 = 0 THEN 'https://recordings.example/' || i || '.wav' END,
            CASE WHEN i % 5 < 2 THEN repeat('AI: Hello, how can I help? User: I would like to book a cleaning. ', 4) END,
            CASE WHEN i % 3 = 0 THEN 'Caller asked about opening hours.' END,
            (${METADATA_SQL})::jsonb,
            '+1555' || lpad((i % 9000000)::text, 7, '0'),
            CASE WHEN i % 2 = 0 THEN 'Caller ' || i % 1000 END,
            (ARRAY['positive', 'neutral', 'negative', NULL])[1 + i % 4],
            i % 97 = 0, i % 5 = 0
     FROM bench_legacy, (SELECT $1::text[] AS costs) c`,
    [costs],
  );
  // call_logs: a twin for every fourth call, with the cost sometimes only here; some Twilio-only rows.
  await tx.unsafe(`
    INSERT INTO ${callLogsTable} (org_id, call_sid, vapi_call_id, direction, from_number, to_number, status, duration_seconds,
                                  total_cost, transport_cost, started_at, ended_at, metadata, created_at)
    SELECT org_id, 'CL-' || i, CASE WHEN i % 100 <> 0 THEN 'legacy-' || i END,
           CASE WHEN i % 4 < 3 THEN 'inbound' ELSE 'outbound' END, '+1555' || lpad((i % 9000000)::text, 7, '0'), '+18005550000',
           'ended', duration, CASE WHEN i % 5 <> 4 THEN ((i % 300) / 100.0)::numeric(10, 4) END, 0.01,
           start_time, start_time + make_interval(secs => duration),
           jsonb_build_object('vapi_cost', (i % 300) / 100.0, 'vapi_end_reason', 'customer-ended-call', 'log_source', 'webhook'),
           start_time - interval '5 seconds'
    FROM bench_legacy WHERE i % 4 = 0`);
  const [{ has_vapi }] = await tx`
    SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'appointments' AND column_name = 'vapi_call_id') AS has_vapi`;
  await tx.unsafe(`
    INSERT INTO appointments (org_id, status, service_type, scheduled_at, duration_minutes, google_calendar_event_id, created_at
                              ${has_vapi ? ', vapi_call_id' : ''})
    SELECT org_id, (ARRAY['pending', 'confirmed', 'completed', 'cancelled', 'no_show'])[1 + i % 5]::appointment_status,
           (ARRAY['cleaning', 'checkup', 'whitening'])[1 + i % 3], start_time + interval '7 days', 30,
           CASE WHEN i % 3 <> 0 THEN 'gcal_' || i END, start_time + interval '10 seconds'
           ${has_vapi ? ", CASE WHEN i % 12 = 0 THEN 'legacy-' || i END" : ''}
    FROM bench_legacy WHERE i % 6 = 0 AND i % 13 <> 0`);
}

/** Runs a golden-record command as a DBA would; resolves with its output and the time of each stderr line. */
async function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ seconds: number; stdout: string; lines: { at: number; line: string }[] }> {
  const start = now();
  const child = spawn(process.execPath, [join(PACKAGE_ROOT, 'bin', 'golden-record.js'), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  const lines: { at: number; line: string }[] = [];
  child.stdout.on('data', (d) => (stdout += d));
  let partial = '';
  child.stderr.on('data', (d) => {
    const parts = (partial + d).split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) lines.push({ at: now(), line });
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`golden-record ${args.join(' ')} exited with ${code}: ${lines.slice(-5).map((l) => l.line).join(' / ')}`);
  return { seconds: (now() - start) / 1000, stdout, lines };
}

/** When each migration started, from node-pg-migrate's "### MIGRATION name (UP) ###" lines, and its seconds. */
function migrationTimes(lines: { at: number; line: string }[], end: number): { name: string; at: number; seconds: number }[] {
  const starts = lines.flatMap((l) => {
    const m = /MIGRATION (\S+) \(UP\)/.exec(l.line);
    return m ? [{ name: m[1], at: l.at }] : [];
  });
  return starts.map((s, i) => ({ ...s, seconds: round(((starts[i + 1]?.at ?? end) - s.at) / 1000, 2) }));
}

class Writer {
  latencies: number[] = [];
  failed = 0;
  errors = new Map<string, number>();
  constructor(readonly perSecond: number) {}

  async record(work: () => Promise<unknown>): Promise<void> {
    const t = now();
    try {
      await work();
      this.latencies.push(now() - t);
    } catch (error) {
      this.failed++;
      const message = (error as Error).message;
      this.errors.set(message, (this.errors.get(message) ?? 0) + 1);
    }
  }

  stats(): WriterStats {
    const l = latencySummary(this.latencies.length ? this.latencies : [0]);
    return { targetPerSecond: this.perSecond, done: this.latencies.length, failed: this.failed, errors: Object.fromEntries(this.errors), p99Ms: l.p99Ms, maxMs: l.maxMs };
  }
}

/** Fires `next()` at a fixed rate, without waiting for earlier writes (webhooks do not wait either). */
async function fixedRate(perSecond: number, running: () => boolean, next: (k: number) => Promise<void> | undefined): Promise<void> {
  const pending = new Set<Promise<void>>();
  const start = now();
  for (let k = 0; running(); k++) {
    const p = next(k);
    if (p) {
      pending.add(p);
      void p.finally(() => pending.delete(p));
    }
    const due = start + ((k + 1) * 1000) / perSecond;
    await sleep(Math.max(0, due - now()));
  }
  await Promise.all(pending);
}

export async function legacyWorkload(ctx: Context): Promise<LegacyResult> {
  const name = 'gr_bench_legacy';
  const url = await ctx.server.createDatabase(name);
  // As the upgrade guide says: name the old app's role, so row-level security keeps its access to every org.
  const env = { ...process.env, DATABASE_URL: url, GOLDEN_RECORD_VERBOSE: '1', PGOPTIONS: `-c golden_record.full_access_roles=${LEGACY_APP_ROLE}` };
  const sql = postgres(url, { max: 1, ...quiet });
  const writerSql = postgres(url, { max: 10, ...quiet, connection: { application_name: 'bench-writer' } });
  let running = true;
  const background: Promise<unknown>[] = [];
  try {
    const t = now();
    const legacy = await buildLegacyDatabase(sql, { calls: 2000 });
    const grown = Math.max(0, ctx.sizes.legacyCalls - legacy.counts.calls);
    ctx.log(`legacy: growing the legacy database by ${grown} calls`);
    await grow(sql, legacy.orgIds, grown, legacy.callLogsTable);
    const generateSeconds = round((now() - t) / 1000, 1);
    const [counts] = await sql.unsafe(`
      SELECT (SELECT count(*) FROM calls)::int AS calls, (SELECT count(*) FROM ${legacy.callLogsTable})::int AS call_logs,
             (SELECT count(*) FROM appointments)::int AS appointments`);

    // The webhooks: the old app's writes from the start, the new app's once ingest_vapi_call exists.
    const rate = ctx.sizes.legacyWebhooksPerSecond;
    const plans = planCalls({ seed: 66, count: 20_000, orgs: legacy.orgIds, prefix: 'live-' });
    const oldApp = new Writer(rate);
    const ingest = new Writer(rate);
    const app = legacyApp(writerSql);
    const oldAppIds = new Map<string, Promise<string>>();
    // Calls overlap as real ones do: 50 answered (status-updates), then their reports, so two
    // deliveries of one call are a second apart, not 20 ms (they would queue on the call's lock).
    const deliveries: Delivery[] = [];
    for (let i = 0; i < plans.length; i += 50) {
      const block = plans.slice(i, i + 50).map((p) => deliveriesOf(p).filter((d) => d.kind !== 'late-status-update'));
      for (let k = 0; k < 3; k++) for (const calls of block) if (calls[k]) deliveries.push(calls[k]);
    }
    let ingestInstalled = false;

    // The old app: 25 calls start (INSERT), then those 25 end (UPDATE), and so on.
    const oldAppWriter = fixedRate(rate, () => running, (k) => {
      const j = k % 50;
      const plan = plans[(Math.floor(k / 50) * 25 + (j % 25)) % plans.length];
      if (j < 25) {
        const id = app.insertCall({
          orgId: plan.org,
          direction: plan.direction === 'outbound' ? 'outbound' : 'inbound',
          startTime: plan.startedAt.toISOString(),
          vapiCallId: `old-${Math.floor(k / (2 * plans.length))}-${plan.vapiCallId}`,
          phoneNumber: plan.customerNumber ?? undefined,
          callerName: plan.customerName ?? undefined,
        });
        oldAppIds.set(plan.vapiCallId, id);
        return oldApp.record(() => id);
      }
      const id = oldAppIds.get(plan.vapiCallId);
      oldAppIds.delete(plan.vapiCallId);
      return oldApp.record(async () => app.endCall(await id!, plan.endedAt.toISOString(), String(plan.costUnits / 10000)));
    });
    let ingestK = 0;
    const ingestWriter = fixedRate(rate, () => running, () => {
      if (!ingestInstalled) return undefined;
      const d = deliveries[ingestK++ % deliveries.length];
      return ingest.record(() => writerSql`SELECT ingest_vapi_call(${d.body}::text::jsonb, ${d.plan.org}::uuid)`);
    });
    const watchInstall = (async () => {
      while (running && !ingestInstalled) {
        ingestInstalled = await hasFunction(sql, 'ingest_vapi_call');
        await sleep(50);
      }
    })();

    // The monitor: how long has each writer statement been waiting on a lock, and for whom.
    const waits: (Omit<LockWait, 'during'> & { at: number })[] = [];
    const monitorSql = postgres(url, { max: 1, ...quiet });
    const monitor = (async () => {
      while (running) {
        const rows = await monitorSql`
          SELECT a.pid, a.query, a.wait_event, (extract(epoch FROM clock_timestamp() - a.query_start) * 1000)::float8 AS waited_ms,
                 -- A row lock wait shows as a transactionid wait; the tuple lock held meanwhile names the table.
                 (SELECT string_agg(DISTINCT l.locktype || coalesce(' on ' || l.relation::regclass::text, ''), ', ')
                    FROM pg_locks l WHERE l.pid = a.pid AND (NOT l.granted OR l.locktype = 'tuple')) AS lock,
                 (SELECT string_agg(b.application_name || ': ' || left(b.query, 200), ' | ')
                    FROM pg_stat_activity b WHERE b.pid = ANY (pg_blocking_pids(a.pid))) AS blocked_by
          FROM pg_stat_activity a
          WHERE a.application_name = 'bench-writer' AND a.wait_event_type = 'Lock' AND a.datname = current_database()`;
        for (const r of rows) {
          waits.push({ ms: r.waited_ms, at: now(), query: String(r.query).slice(0, 200), lock: String(r.lock ?? r.wait_event), blockedBy: String(r.blocked_by ?? '').slice(0, 200) });
        }
        await sleep(10);
      }
    })();

    background.push(oldAppWriter, ingestWriter, watchInstall, monitor.finally(() => monitorSql.end()));

    await sleep(2000);
    ctx.log('legacy: migrate up');
    const start = now();
    const migrate = await cli(['migrate', 'up'], env);
    const migrateEnd = now();
    ctx.log(`legacy: migrate up took ${round(migrate.seconds, 1)} s; backfill`);
    // Nested statements too, for the backfill's own sessions (the CLI's client ignores PGOPTIONS).
    const beforeBackfill = await statementSnapshot(sql);
    if (beforeBackfill) await sql.unsafe(`ALTER DATABASE ${name} SET pg_stat_statements.track = 'all'`);
    const backfill = await cli(['backfill', '--json'], env);
    const backfillStatements = statementDiff(beforeBackfill, await statementSnapshot(sql));
    const totalSeconds = (now() - start) / 1000;
    ctx.log(`legacy: backfill took ${round(backfill.seconds, 1)} s`);
    await sleep(2000);
    running = false;
    await Promise.all(background);

    const writers = { oldApp: oldApp.stats(), ingest: ingest.stats() };
    const longestPerStep = new Map<string, LockWait>();
    const migrations = migrationTimes(migrate.lines, migrateEnd);
    const during = (at: number) => {
      if (at < start) return 'before migrate up';
      if (at >= migrateEnd) return 'backfill';
      const m = migrations.filter((x) => x.at <= at).at(-1);
      return m ? `migrate up: ${m.name}` : 'migrate up (starting)';
    };
    for (const { at, ...wait } of waits) {
      const step = during(at);
      if (wait.ms > (longestPerStep.get(step)?.ms ?? 0)) longestPerStep.set(step, { during: step, ...wait, ms: round(wait.ms, 1) });
    }
    const lockWaits = [...longestPerStep.values()].sort((a, b) => b.ms - a.ms);
    const all = latencySummary([...oldApp.latencies, ...ingest.latencies]);
    return {
      calls: counts.calls,
      callLogs: counts.call_logs,
      appointments: counts.appointments,
      generateSeconds,
      migrateSeconds: round(migrate.seconds, 1),
      migrations: migrations.map(({ name, seconds }) => ({ name, seconds })),
      backfillSeconds: round(backfill.seconds, 1),
      totalSeconds: round(totalSeconds, 1),
      longestLockWaitMs: round(Math.max(0, ...waits.map((w) => w.ms)), 1),
      lockWaits,
      writes: { targetPerSecond: rate, done: writers.oldApp.done + writers.ingest.done, failed: writers.oldApp.failed + writers.ingest.failed, p99Ms: all.p99Ms, maxMs: all.maxMs },
      writers,
      backfillReport: JSON.parse(backfill.stdout),
      backfillStatements,
    };
  } finally {
    running = false;
    await Promise.allSettled(background);
    await writerSql.end();
    await sql.end();
    await ctx.server.dropDatabase(name);
  }
}
