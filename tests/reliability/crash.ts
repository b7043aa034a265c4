import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { PACKAGE_ROOT } from '../../src/code-layer.ts';
import { migrateUp } from '../../src/migrate.ts';
import { runCli, type CliResult } from '../support/cli.ts';
import { buildLegacyDatabase } from '../../testkit/legacy-database.ts';
import { busyCallLifecycle } from './deliveries.ts';
import { checkStoredWhole, type Delivered } from './fuzz.ts';
import { differences, goldenState, storedDeliveries } from './golden-state.ts';
import { jsonText } from '../../testkit/json-text.ts';
import { PrivateServer, sleep } from './private-server.ts';
import { Random } from '../../testkit/random.ts';
import { randomCall } from '../../testkit/vapi-bodies.ts';

/**
 * A crash in the middle of an import: `golden-record ingest` of a large NDJSON file against a
 * private server, the postmaster killed with SIGKILL while batches are being written, the
 * server restarted, the same command run again. The golden record must then equal that of an
 * uninterrupted import of the same file (no duplicate, no missing call), and every body that
 * ingest does not ignore must be stored whole.
 */
export interface CrashReport {
  seed: number;
  lines: number;
  /** Deliveries stored in the crashed database when the server was killed. */
  storedAtCrash: number;
  /** Deliveries the uninterrupted import stored. */
  storedUninterrupted: number;
  firstRunExit: number | null;
  failures: string[];
}

/** The NDJSON of `calls` calls: every webhook of their lifecycles, shuffled in windows of a few calls. */
export function crashFile(seed: number, calls: number): { lines: string[]; kinds: string[] } {
  const r = new Random(seed);
  const orgId = '00000000-0000-4000-a000-00000000c0de';
  const perCall = Array.from({ length: calls }, (_, i) =>
    busyCallLifecycle(randomCall(r, `crash-${seed.toString(16)}-${i}`), orgId).filter((d) => d.kind === 'webhook'),
  );
  const picked = [];
  for (let start = 0; start < calls; start += 8) picked.push(...r.shuffle(perCall.slice(start, start + 8).flat()));
  return { lines: picked.map((d) => (d.kind === 'webhook' ? jsonText(d.body) : '')), kinds: picked.map((d) => d.label) };
}

async function storedAt(url: string): Promise<number> {
  const sql = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 2 });
  try {
    return await storedDeliveries(sql);
  } finally {
    await sql.end({ timeout: 1 });
  }
}

/** Runs the CLI in the background; the promise settles when it exits. */
function startCli(args: string[]): { done: Promise<CliResult> } {
  const child = spawn(process.execPath, [join(PACKAGE_ROOT, 'bin', 'golden-record.js'), ...args], { cwd: PACKAGE_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return { done: new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  }) };
}

/**
 * Kills the server once `ready()` says the work is far enough along, while `done` has not yet
 * settled. Returns what `progress()` said at the kill, or null when the work finished first.
 */
async function killMidway(server: PrivateServer, done: Promise<unknown>, progress: () => Promise<number>, target: number): Promise<number | null> {
  let finished = false;
  void done.then(() => (finished = true));
  while (!finished) {
    const now = await progress().catch(() => 0);
    if (now >= target && !finished) {
      await server.crash();
      return now;
    }
    await sleep(20);
  }
  return null;
}

export async function crashDuringIngest(options: { seed: number; calls: number; home?: string }): Promise<CrashReport> {
  const { seed, calls } = options;
  const home = options.home ?? (await mkdtemp(join(tmpdir(), 'gr-crash-')));
  const work = await mkdtemp(join(tmpdir(), 'gr-crash-file-'));
  const server = await PrivateServer.start(home);
  const report: CrashReport = { seed, lines: 0, storedAtCrash: 0, storedUninterrupted: 0, firstRunExit: null, failures: [] };
  try {
    const { lines, kinds } = crashFile(seed, calls);
    report.lines = lines.length;
    const file = join(work, 'deliveries.ndjson');
    await writeFile(file, lines.join('\n') + '\n');
    const orgId = '00000000-0000-4000-a000-00000000c0de';

    const referenceUrl = await server.createDatabase('uninterrupted');
    const crashedUrl = await server.createDatabase('crashed');
    await migrateUp({ databaseUrl: referenceUrl });
    await migrateUp({ databaseUrl: crashedUrl });

    const ingest = (url: string) => ['--database-url', url, 'ingest', file, '--org', orgId];
    const reference = await runCli(ingest(referenceUrl));
    if (reference.code !== 0) throw new Error(`the uninterrupted import failed (${reference.code}): ${reference.stderr}`);
    report.storedUninterrupted = await storedAt(referenceUrl);
    if (report.storedUninterrupted !== lines.length) report.failures.push(`the uninterrupted import of ${lines.length} lines stored ${report.storedUninterrupted} deliveries`);

    // Somewhere between a quarter and two thirds of the file: batches committed, one in flight.
    const target = Math.floor(report.storedUninterrupted * (0.25 + new Random(seed).next() * 0.4));
    const first = startCli(ingest(crashedUrl));
    const killedAt = await killMidway(server, first.done, () => storedAt(crashedUrl), target);
    const firstRun = await first.done;
    report.firstRunExit = firstRun.code;
    if (killedAt === null) {
      report.failures.push(`the import finished (exit ${firstRun.code}) before the server could be killed; use a larger file`);
      return report;
    }
    report.storedAtCrash = killedAt;
    if (firstRun.code === 0) report.failures.push(`the import whose server was killed at ${killedAt} stored deliveries exited 0: a crashed import must not report success. Its output: ${(firstRun.stdout + firstRun.stderr).slice(-1500)}`);

    await server.restart();
    const rerun = await runCli(ingest(server.url('crashed')));
    if (rerun.code !== 0) report.failures.push(`the rerun after the restart exited ${rerun.code}: ${rerun.stderr.slice(0, 2000)}`);

    const crashed = postgres(server.url('crashed'), { max: 2, onnotice: () => {} });
    const uninterrupted = postgres(server.url('uninterrupted'), { max: 2, onnotice: () => {} });
    try {
      const diff = differences(await goldenState(uninterrupted), await goldenState(crashed), 20);
      if (diff.length) report.failures.push(`after crash, restart and rerun, the golden record differs from an uninterrupted import:\n    ${diff.join('\n    ')}`);
      const mustBeStored: Delivered[] = lines
        .map((text, n): Delivered => ({ n, form: 'cli', status: kinds[n], text }))
        .filter((d) => d.status.startsWith('status-update') || d.status.includes('end-of-call-report'));
      await checkStoredWhole(crashed, mustBeStored, (d, problem) => `crash seed ${seed} line ${d.n + 1} (${d.status}): ${problem}`, report.failures);
    } finally {
      await crashed.end();
      await uninterrupted.end();
    }
    return report;
  } finally {
    await server.stop().catch(() => {});
    await rm(work, { recursive: true, force: true });
    if (!options.home) await rm(home, { recursive: true, force: true });
  }
}

export interface BackfillCrashReport {
  seed: number;
  /** calls rows of the legacy database before the backfill. */
  calls: number;
  /** calls rows the backfill had scanned when the server was killed. */
  scannedAtCrash: number;
  firstRunExit: number | null;
  failures: string[];
}

/**
 * The same for `golden-record backfill` on a legacy database: one legacy database is built and
 * upgraded (`migrate up`), cloned, backfilled without interruption in one copy; in the other the
 * postmaster is killed in the middle of the calls step, the server restarted, and the same
 * command run again. Both copies must end with the same calls and appointments.
 */
export async function crashDuringBackfill(options: { seed: number; calls: number; home?: string }): Promise<BackfillCrashReport> {
  const { seed } = options;
  const home = options.home ?? (await mkdtemp(join(tmpdir(), 'gr-crash-backfill-')));
  const server = await PrivateServer.start(home);
  const report: BackfillCrashReport = { seed, calls: 0, scannedAtCrash: 0, firstRunExit: null, failures: [] };
  try {
    const referenceUrl = await server.createDatabase('legacy_uninterrupted');
    const legacy = postgres(referenceUrl, { max: 2, onnotice: () => {} });
    try {
      const built = await buildLegacyDatabase(legacy, { calls: options.calls, seed });
      report.calls = built.counts.calls;
    } finally {
      await legacy.end();
    }
    await migrateUp({ databaseUrl: referenceUrl });
    // A clone, so both copies start from the very same rows (column defaults drew random values).
    const admin = postgres(server.url('postgres'), { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe('CREATE DATABASE legacy_crashed TEMPLATE legacy_uninterrupted');
    } finally {
      await admin.end();
    }
    const crashedUrl = server.url('legacy_crashed');

    const backfill = (url: string) => ['--database-url', url, 'backfill', '--batch-size', '100'];
    const reference = await runCli(backfill(referenceUrl));
    if (reference.code !== 0) throw new Error(`the uninterrupted backfill failed (${reference.code}): ${reference.stderr}`);

    const scanned = async () => {
      const sql = postgres(crashedUrl, { max: 1, onnotice: () => {}, connect_timeout: 2 });
      try {
        const [run] = await sql`SELECT coalesce((counts -> 'calls' ->> 'scanned')::int, 0) AS scanned FROM golden_record.backfill_runs ORDER BY id DESC LIMIT 1`;
        return Number(run?.scanned ?? 0);
      } finally {
        await sql.end({ timeout: 1 });
      }
    };
    const target = Math.floor(report.calls * (0.25 + new Random(seed).next() * 0.4));
    const first = startCli(backfill(crashedUrl));
    const killedAt = await killMidway(server, first.done, scanned, target);
    const firstRun = await first.done;
    report.firstRunExit = firstRun.code;
    if (killedAt === null) {
      report.failures.push(`the backfill finished (exit ${firstRun.code}) before the server could be killed; use more rows`);
      return report;
    }
    report.scannedAtCrash = killedAt;
    if (firstRun.code === 0) report.failures.push(`the backfill whose server was killed at ${killedAt} scanned calls exited 0: a crashed backfill must not report success. Its output: ${(firstRun.stdout + firstRun.stderr).slice(-1500)}`);

    await server.restart();
    const rerun = await runCli(backfill(server.url('legacy_crashed')));
    if (rerun.code !== 0) report.failures.push(`the rerun after the restart exited ${rerun.code}: ${rerun.stderr.slice(0, 2000)}`);

    const crashed = postgres(server.url('legacy_crashed'), { max: 2, onnotice: () => {} });
    const uninterrupted = postgres(server.url('legacy_uninterrupted'), { max: 2, onnotice: () => {} });
    try {
      const diff = differences(await goldenState(uninterrupted), await goldenState(crashed), 20);
      if (diff.length) report.failures.push(`after crash, restart and rerun, the backfilled database differs from an uninterrupted backfill:\n    ${diff.join('\n    ')}`);
    } finally {
      await crashed.end();
      await uninterrupted.end();
    }
    return report;
  } finally {
    await server.stop().catch(() => {});
    if (!options.home) await rm(home, { recursive: true, force: true });
  }
}
