/**
 * npm run bench -- [--quick] [--only ingest,bulk,dashboard,legacy,scale] [--set SIZE=N ...] [--out FILE] [--keep]
 *
 * Makes its own databases (on DATABASE_URL's server, else the embedded PostgreSQL), runs each
 * workload after a warm-up, prints a table and writes bench/results/<date>.json (a --quick
 * run writes bench/results/<date>-quick.json.tmp, ignored by git). Numbers are reported, never
 * asserted: the exit status is non-zero only when something failed.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import postgres from 'postgres';
import { PACKAGE_ROOT } from '../src/code-layer.ts';
import { FULL, QUICK, type Context, type Proxy, type Sizes } from './context.ts';
import { describeEnvironment, migratedTemplate, openServer, quiet } from './database.ts';
import { spawnDelayingProxy, type DelayingProxy } from './proxy.ts';
import { evaluateGoals, printReport, type Workloads } from './report.ts';
import { median, now, round } from './stats.ts';
import { bulkWorkload } from './workloads/bulk.ts';
import { dashboardWorkload } from './workloads/dashboard.ts';
import { ingestWorkload } from './workloads/ingest.ts';
import { legacyWorkload } from './workloads/legacy.ts';
import { scaleWorkload } from './workloads/scale.ts';

const WORKLOADS = { ingest: ingestWorkload, bulk: bulkWorkload, dashboard: dashboardWorkload, legacy: legacyWorkload, scale: scaleWorkload } as const;
type WorkloadName = keyof typeof WORKLOADS;
/** What runs without --only: scale (ten million calls) takes far longer than the rest and runs only when named. */
const DEFAULT_WORKLOADS: WorkloadName[] = ['ingest', 'bulk', 'dashboard', 'legacy'];

function parseArgs(argv: string[]) {
  const args = { quick: false, keep: false, only: DEFAULT_WORKLOADS, out: undefined as string | undefined, set: {} as Partial<Sizes> };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') args.quick = true;
    else if (arg === '--keep') args.keep = true;
    else if (arg === '--only') {
      const names = (argv[++i] ?? '').split(',').filter(Boolean);
      const unknown = names.filter((n) => !(n in WORKLOADS));
      if (!names.length || unknown.length) throw new Error(`--only takes a comma-separated list of ${Object.keys(WORKLOADS).join(', ')}`);
      args.only = names as WorkloadName[];
    } else if (arg === '--out') args.out = argv[++i];
    else if (arg === '--set') {
      const [key, value] = (argv[++i] ?? '').split('=');
      if (!(key in FULL) || !Number.isInteger(Number(value)) || Number(value) < 1) throw new Error(`--set takes NAME=POSITIVE_INTEGER, NAME one of ${Object.keys(FULL).join(', ')}`);
      args.set[key as keyof Sizes] = Number(value);
    }
    else if (arg === '--help' || arg === '-h') {
      console.log('usage: npm run bench -- [--quick] [--only ingest,bulk,dashboard,legacy,scale] [--set SIZE=N ...] [--out FILE] [--keep]');
      console.log(`sizes (full / quick): ${Object.keys(FULL).map((k) => `${k}=${FULL[k as keyof Sizes]}/${QUICK[k as keyof Sizes]}`).join(' ')}`);
      process.exit(0);
    } else throw new Error(`unknown argument ${arg} (see --help)`);
  }
  return args;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

/** Median round trip of `SELECT 1` on one connection, after a warm-up. */
export async function roundTripMs(url: string, count: number): Promise<number> {
  const sql = postgres(url, { max: 1, ...quiet });
  try {
    for (let i = 0; i < 50; i++) await sql`SELECT 1`;
    const samples: number[] = [];
    for (let i = 0; i < count; i++) {
      const t = now();
      await sql`SELECT 1`;
      samples.push(now() - t);
    }
    return median(samples);
  } finally {
    await sql.end();
  }
}

/** The round trip the proxy is asked to add, and how far from it a run may be and still carry its label. */
const TARGET_ROUND_TRIP_MS = 1;
const TOLERANCE = 0.2;

/**
 * Starts the delaying proxy in front of the server and calibrates it against that server: the
 * round trip it adds to `SELECT 1` (median through the proxy less median direct) should be
 * 1 ms ± 20%. The hold is corrected for the proxy's own wake-up and copy time, up to five
 * times; whether it held is recorded, never assumed.
 */
async function startProxy(url: string): Promise<{ proxy: DelayingProxy; info: Proxy }> {
  const target = new URL(url);
  const proxy = await spawnDelayingProxy({ targetHost: target.hostname, targetPort: Number(target.port || 5432), roundTripMs: TARGET_ROUND_TRIP_MS });
  const proxied = new URL(url);
  proxied.port = String(proxy.port);
  let hold = TARGET_ROUND_TRIP_MS;
  let direct = 0;
  let added = 0;
  for (let attempt = 0; attempt < 5; attempt++) {
    await proxy.setRoundTrip(hold);
    direct = await roundTripMs(url, 300);
    added = (await roundTripMs(proxied.toString(), 300)) - direct;
    if (Math.abs(added - TARGET_ROUND_TRIP_MS) <= TOLERANCE * TARGET_ROUND_TRIP_MS / 4) break;
    hold = Math.max(0.05, hold - (added - TARGET_ROUND_TRIP_MS));
  }
  await proxy.setRoundTrip(hold);
  return {
    proxy,
    info: {
      port: proxy.port,
      targetRoundTripMs: TARGET_ROUND_TRIP_MS,
      tolerance: TOLERANCE,
      holdMs: round(hold, 3),
      raisedPriority: proxy.raisedPriority,
      rttDirectMs: round(direct, 3),
      addedRoundTripMs: round(added, 3),
      held: Math.abs(added - TARGET_ROUND_TRIP_MS) <= TOLERANCE * TARGET_ROUND_TRIP_MS,
    },
  };
}

async function main(args: ReturnType<typeof parseArgs>): Promise<void> {
  const started = now();
  const sizes = { ...(args.quick ? QUICK : FULL), ...args.set };
  const server = await openServer(log, args.keep);
  let proxy: DelayingProxy | undefined;
  const workDir = await mkdtemp(join(tmpdir(), 'golden-record-bench-'));
  try {
    const template = 'gr_bench_template';
    log(`bench: migrating the template database (${server.kind})`);
    await migratedTemplate(server, template);
    const environment = await describeEnvironment(server, server.urlOf(template));
    const delaying = await startProxy(server.urlOf(template));
    proxy = delaying.proxy;
    const proxyInfo = delaying.info;
    log(`bench: delaying proxy on 127.0.0.1:${proxyInfo.port}: SELECT 1 round trip ${proxyInfo.rttDirectMs} ms direct, ${proxyInfo.addedRoundTripMs} ms added (target ${TARGET_ROUND_TRIP_MS} ms ± ${TOLERANCE * 100}%: ${proxyInfo.held ? 'held' : 'NOT held'}), hold ${proxyInfo.holdMs} ms${proxyInfo.raisedPriority ? ', raised priority' : ''}`);
    const ctx: Context = { server, template, sizes, proxy: proxyInfo, proxyHolds: () => delaying.proxy.takeHoldStats(), workDir, log };

    const workloads: Workloads = {};
    for (const name of args.only) {
      log(`bench: ${name}...`);
      const t = now();
      const result = await WORKLOADS[name](ctx);
      (workloads as Record<WorkloadName, { result: unknown; seconds: number }>)[name] = { result, seconds: round((now() - t) / 1000, 1) };
    }

    const report = {
      date: new Date().toISOString(),
      mode: args.quick ? 'quick' : 'full',
      sizes,
      ...environment,
      machine: { ...environment.machine, loadAverageAtEnd: loadavg().map((l) => round(l, 2)) },
      proxy: proxyInfo,
      workloads,
      goals: evaluateGoals(workloads),
      totalSeconds: round((now() - started) / 1000, 1),
    };
    printReport(report);
    const day = report.date.slice(0, 10);
    const out = args.out ?? join(PACKAGE_ROOT, 'bench', 'results', args.quick ? `${day}-quick.json.tmp` : `${day}.json`);
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\nwritten to ${out} (${report.totalSeconds} s)`);
  } finally {
    await proxy?.close();
    await rm(workDir, { recursive: true, force: true });
    await server.dropAll().catch((error) => log(`bench: could not drop the bench databases: ${error.message}`));
    await server.stop();
  }
}

let args: ReturnType<typeof parseArgs>;
try {
  args = parseArgs(process.argv.slice(2));
} catch (error) {
  log(`bench: ${(error as Error).message}`);
  process.exit(2);
}
try {
  await main(args);
} catch (error) {
  log(`bench: failed: ${(error as Error)?.stack ?? error}`);
  process.exit(1);
}
