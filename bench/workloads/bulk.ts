import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import postgres from 'postgres';
import { PACKAGE_ROOT } from '../../src/code-layer.ts';
import { CALL_COLUMNS, copyLine, createBaselineTables } from '../baselines.ts';
import { copyField } from '../../src/copy-text.ts';
import type { Context } from '../context.ts';
import { quiet } from '../database.ts';
import { endOfCallReport, extractedRow, orgIds, planCalls } from '../payloads.ts';
import { now, round, sleep } from '../stats.ts';
import { statementDiff, statementSnapshot, type StatementStats } from './explain.ts';

/**
 * Bulk import: an NDJSON file of end-of-call-reports (distinct calls, ~4.5 KB each) through
 * `golden-record ingest FILE --org ORG --jobs N` (N: the cores of the machine running the bench), as a DBA replays an
 * export, against the least a bulk load can do under the contract (keep every body and its
 * row): COPY of the raw bodies into a copy of `vapi_events` plus COPY of the same calls'
 * extracted rows into a copy of `calls`, in the same database; also against the rows alone. The CLI's peak resident
 * memory is measured on the full file and on a file a tenth of its size (the warm-up): equal
 * peaks mean it streams.
 */

export interface BulkResult {
  payloads: number;
  fileMiB: number;
  cliSeconds: number;
  cliPayloadsPerSecond: number;
  /** COPY of the extracted rows alone, and of the raw bodies. */
  copySeconds: number;
  copyRowsPerSecond: number;
  copyRawSeconds: number;
  /** CLI against COPY of the rows alone, and against COPY of the raw bodies plus the rows. */
  ingestOverCopy: number;
  ingestOverCopyRawAndRows: number;
  jobs: number;
  peakRssMiB: number;
  small: { payloads: number; peakRssMiB: number; cliSeconds: number };
  /** Peak RSS on the full file over the small one: 1 is perfectly flat. */
  memoryGrowth: number;
  peakRssSource: string;
  /** The CLI's --json summary of the full run. */
  cliSummary: unknown;
  /** What the warm-up run's statements spent their time on (pg_stat_statements, track = all; null when not loaded). */
  statements: StatementStats[] | null;
}

const ORG = orgIds(1)[0];
const CHUNK = 5_000;

/** Writes `count` reports as NDJSON and their extracted rows as COPY text, a chunk of plans at a time. */
async function writeFiles(count: number, prefix: string, ndjsonPath: string, copyPath: string, rawPath: string): Promise<void> {
  const ndjson = createWriteStream(ndjsonPath);
  const copy = createWriteStream(copyPath);
  const raw = createWriteStream(rawPath);
  const write = async (stream: NodeJS.WritableStream, text: string) => {
    if (!stream.write(text)) await once(stream, 'drain');
  };
  for (let start = 0; start < count; start += CHUNK) {
    const plans = planCalls({ seed: 1000 + start, count: Math.min(CHUNK, count - start), orgs: [ORG], prefix: `${prefix}${start}-` });
    for (const plan of plans) {
      const body = endOfCallReport(plan);
      await write(ndjson, `${body}\n`);
      await write(copy, copyLine(extractedRow(plan, 'end-of-call-report')));
      await write(raw, `${[ORG, 'end-of-call-report', plan.vapiCallId, 'ingested', body].map(copyField).join('\t')}\n`);
    }
  }
  for (const stream of [ndjson, copy, raw]) stream.end();
  await Promise.all([once(ndjson, 'finish'), once(copy, 'finish'), once(raw, 'finish')]);
}

/** Peak RSS of a child: /usr/bin/time's, else VmHWM polled from /proc while it runs. */
async function runCliMeasured(args: string[], env: NodeJS.ProcessEnv): Promise<{ seconds: number; peakRssMiB: number; source: string; stdout: string }> {
  const useTime = existsSync('/usr/bin/time');
  const timeFile = `${args.at(-1)}.time`;
  const cli = [join(PACKAGE_ROOT, 'bin', 'golden-record.js'), ...args];
  const child = useTime
    ? spawn('/usr/bin/time', ['-f', '%M', '-o', timeFile, process.execPath, ...cli], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(process.execPath, cli, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  let polledKiB = 0;
  let polling = !useTime;
  const poll = (async () => {
    while (polling) {
      try {
        const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
        polledKiB = Math.max(polledKiB, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
      } catch {
        // The process has just exited.
      }
      await sleep(20);
    }
  })();
  const start = now();
  const [code] = (await once(child, 'exit')) as [number | null];
  const seconds = (now() - start) / 1000;
  polling = false;
  await poll;
  if (code !== 0) throw new Error(`golden-record ${args.join(' ')} exited with ${code}: ${stderr.trim().split('\n').slice(-5).join(' / ')}`);
  const peakKiB = useTime ? Number((await readFile(timeFile, 'utf8')).trim().split('\n').at(-1)) : polledKiB;
  return { seconds, peakRssMiB: round(peakKiB / 1024, 1), source: useTime ? '/usr/bin/time (max RSS)' : '/proc VmHWM, polled every 20 ms', stdout };
}

const RAW_COLUMNS = ['org_id', 'message_type', 'vapi_call_id', 'outcome', 'payload'];

async function copyInto(url: string, table: 'calls' | 'vapi_events', path: string): Promise<number> {
  const sql = postgres(url, { max: 1, ...quiet });
  try {
    const start = now();
    const columns = table === 'calls' ? (CALL_COLUMNS as unknown as string[]) : RAW_COLUMNS;
    const writable = await sql`COPY ${sql('bench_copy.' + table)} (${sql(columns)}) FROM STDIN`.writable();
    await pipeline(createReadStream(path), writable);
    return (now() - start) / 1000;
  } finally {
    await sql.end();
  }
}

export async function bulkWorkload(ctx: Context): Promise<BulkResult> {
  const name = 'gr_bench_bulk';
  const url = await ctx.server.createDatabase(name, ctx.template);
  const sql = postgres(url, { max: 1, ...quiet });
  const env = { ...process.env, DATABASE_URL: url };
  try {
    await createBaselineTables(sql);
    const { bulkPayloads: count, bulkWarmupPayloads: smallCount } = ctx.sizes;
    const file = (n: string) => join(ctx.workDir, n);
    const files = { small: file('small.ndjson'), smallCopy: file('small.copy'), smallRaw: file('small.raw'), full: file('full.ndjson'), fullCopy: file('full.copy'), fullRaw: file('full.raw') };
    ctx.log(`bulk: writing ${smallCount} + ${count} payloads`);
    await writeFiles(smallCount, 'warm-', files.small, files.smallCopy, files.smallRaw);
    await writeFiles(count, 'bulk-', files.full, files.fullCopy, files.fullRaw);
    const jobs = availableParallelism();
    const fileMiB = round((await stat(files.full)).size / 2 ** 20, 1);
    const checkpoint = () => sql`CHECKPOINT`.catch(() => {});
    const truncate = () => sql`TRUNCATE calls, appointments, vapi_events, vapi_quarantine, bench_copy.calls, bench_copy.vapi_events CASCADE`;
    const cliArgs = (path: string) => ['ingest', '--json', '--org', ORG, '--jobs', String(jobs), path];

    // Warm-up, the small run of the memory comparison, and the profile: pg_stat_statements with
    // nested statements for this run only (the measured run below is not tracked).
    const beforeSmall = await statementSnapshot(sql);
    if (beforeSmall) await sql.unsafe(`ALTER DATABASE ${name} SET pg_stat_statements.track = 'all'`);
    const small = await runCliMeasured(cliArgs(files.small), env);
    const statements = statementDiff(beforeSmall, await statementSnapshot(sql));
    if (beforeSmall) await sql.unsafe(`ALTER DATABASE ${name} RESET pg_stat_statements.track`);
    await copyInto(url, 'calls', files.smallCopy);
    await copyInto(url, 'vapi_events', files.smallRaw);
    await truncate();
    await checkpoint();

    const cli = await runCliMeasured(cliArgs(files.full), env);
    const [{ n }] = await sql`SELECT count(*)::int AS n FROM calls`;
    if (n !== count) throw new Error(`bulk: ${count} reports of distinct calls gave ${n} calls rows`);
    await checkpoint();
    const copySeconds = await copyInto(url, 'calls', files.fullCopy);
    await checkpoint();
    const copyRawSeconds = await copyInto(url, 'vapi_events', files.fullRaw);
    ctx.log(`bulk: CLI ${round(cli.seconds, 1)} s (${jobs} jobs), COPY of the rows ${round(copySeconds, 1)} s, of the raw bodies ${round(copyRawSeconds, 1)} s`);

    return {
      payloads: count,
      fileMiB,
      cliSeconds: round(cli.seconds, 2),
      cliPayloadsPerSecond: round(count / cli.seconds, 0),
      copySeconds: round(copySeconds, 2),
      copyRowsPerSecond: round(count / copySeconds, 0),
      copyRawSeconds: round(copyRawSeconds, 2),
      ingestOverCopy: round(copySeconds / cli.seconds, 3),
      ingestOverCopyRawAndRows: round((copySeconds + copyRawSeconds) / cli.seconds, 3),
      jobs,
      peakRssMiB: cli.peakRssMiB,
      small: { payloads: smallCount, peakRssMiB: small.peakRssMiB, cliSeconds: round(small.seconds, 2) },
      memoryGrowth: round(cli.peakRssMiB / small.peakRssMiB, 2),
      peakRssSource: cli.source,
      cliSummary: JSON.parse(cli.stdout),
      statements,
    };
  } finally {
    await sql.end();
    await ctx.server.dropDatabase(name);
  }
}
