#!/usr/bin/env -S npx tsx
/**
 * npm run soak: the reliability suite of tests/reliability, as long as asked.
 *
 *   npm run soak -- --cases 50000                 # fuzz bodies (plus the default orders, races, crashes)
 *   npm run soak -- --minutes 30                  # cycle fuzz, orders, races and crashes for 30 minutes
 *   npm run soak -- --only fuzz --seed 1234 --first 817 --cases 1    # replay one fuzz case
 *
 * Options: --cases N (fuzz bodies, default 10000), --order-rounds N (rounds of all 120 delivery
 * orders, default 3), --races N (default 3), --clients N (concurrent clients per race, default
 * 16), --race-calls N (calls per race, default 100), --crashes N (each: an import and a legacy
 * backfill killed and rerun, default 1), --crash-calls N (calls in the crashed file, default
 * 3000), --backfill-calls N (calls rows of the crashed legacy database, default 5000), --minutes M (cycle until M minutes have passed instead of stopping
 * at the counts), --seed S, --first N (first fuzz case), --only fuzz,orders,races,crash,
 * --json (print the summary as JSON).
 *
 * Database: DATABASE_URL (a server where it may create and drop databases), else an embedded
 * PostgreSQL in .golden-record/soak. Crashes always use a private embedded server of their own.
 * Exits 1 when anything was lost, raised or differed; every failure is printed with its seed.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { startEmbedded, type EmbeddedServer } from '../src/embedded.ts';
import { migrateUp } from '../src/migrate.ts';
import { crashDuringBackfill, crashDuringIngest } from '../tests/reliability/crash.ts';
import { fuzzCli, fuzzIngest } from '../tests/reliability/fuzz.ts';
import { everyOrder } from '../tests/reliability/orders.ts';
import { raceIngest } from '../tests/reliability/races.ts';
import { caseSeed, runSeed } from '../testkit/random.ts';
import { databaseUrl } from '../tests/support/urls.ts';

const { values: args } = parseArgs({
  options: {
    cases: { type: 'string', default: '10000' },
    'order-rounds': { type: 'string', default: '3' },
    races: { type: 'string', default: '3' },
    clients: { type: 'string', default: '16' },
    'race-calls': { type: 'string', default: '100' },
    crashes: { type: 'string', default: '1' },
    'crash-calls': { type: 'string', default: '3000' },
    'backfill-calls': { type: 'string', default: '5000' },
    minutes: { type: 'string' },
    seed: { type: 'string' },
    first: { type: 'string', default: '0' },
    only: { type: 'string', default: 'fuzz,orders,races,crash' },
    json: { type: 'boolean', default: false },
  },
});

const count = (name: keyof typeof args) => {
  const n = Number(args[name]);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, got "${args[name]}"`);
  return n;
};
if (args.seed !== undefined) process.env.RELIABILITY_SEED = args.seed;
const seed = runSeed();
const only = new Set(String(args.only).split(','));
const minutes = args.minutes === undefined ? undefined : Number(args.minutes);
const deadline = minutes === undefined ? undefined : Date.now() + minutes * 60_000;
const FUZZ_BATCH = 2500;

const summary = {
  seed,
  startedAt: new Date().toISOString(),
  seconds: 0,
  fuzz: { bodies: 0, deliveries: 0, cliBodies: 0, statuses: {} as Record<string, number> },
  orders: { rounds: 0, permutations: 0 },
  races: { runs: 0, clients: count('clients'), deliveries: 0, overlaps: 0 },
  crashes: { ingest: 0, backfill: 0, linesImported: 0, rowsBackfilled: 0 },
  failures: [] as string[],
  failureKinds: [] as [string, number][],
};

const say = (line: string) => process.stderr.write(`[soak ${((Date.now() - Date.parse(summary.startedAt)) / 1000).toFixed(0)}s] ${line}\n`);

let embedded: EmbeddedServer | undefined;
const adminUrl = process.env.DATABASE_URL ?? (embedded = await startEmbedded(`${process.cwd()}/.golden-record/soak`)).url;
// Every database of a run is named after its pid, so a run that was killed is cleaned up by the next.
const template = `gr_soak_${process.pid}_template`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });

/** A fresh database cloned from the migrated template; dropped by the returned function. */
async function freshDatabase(): Promise<{ url: string; sql: postgres.Sql; drop: () => Promise<void> }> {
  const name = `gr_soak_${process.pid}_${randomBytes(5).toString('hex')}`;
  await admin.unsafe(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  const url = databaseUrl(adminUrl, name);
  const sql = postgres(url, { max: 4, onnotice: () => {} });
  return { url, sql, drop: async () => {
    await sql.end();
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } };
}

const PRINTED_FAILURES = 100;

function failed(failures: string[]): void {
  for (const failure of failures) {
    if (summary.failures.length < PRINTED_FAILURES) say(`FAILURE ${failure}`);
    else if (summary.failures.length === PRINTED_FAILURES) say('more failures: only counted from here on');
    summary.failures.push(failure);
  }
}

/** Drops what soak runs that no longer run left behind (killed before their cleanup). */
async function dropDatabasesOfDeadRuns(): Promise<void> {
  const rows = await admin<{ datname: string }[]>`SELECT datname FROM pg_database WHERE datname ~ '^gr_soak_[0-9]+_'`;
  for (const { datname } of rows) {
    const pid = Number(datname.split('_')[2]);
    let alive = true;
    try {
      process.kill(pid, 0);
    } catch {
      alive = false;
    }
    if (!alive) await admin.unsafe(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  }
}

const timeLeft = () => deadline === undefined || Date.now() < deadline;

async function fuzzBatch(first: number, cases: number): Promise<void> {
  const db = await freshDatabase();
  const cli = await freshDatabase();
  try {
    const orgId = '00000000-0000-4000-a000-00000000f022';
    const report = await fuzzIngest(db.sql, { seed, first, count: cases, orgId });
    summary.fuzz.bodies += report.cases;
    summary.fuzz.deliveries += report.deliveries;
    for (const [status, n] of Object.entries(report.statuses)) summary.fuzz.statuses[status] = (summary.fuzz.statuses[status] ?? 0) + n;
    failed(report.failures);
    const cliReport = await fuzzCli(cli.sql, cli.url, { seed, first, count: cases, orgId, textStatus: report.textStatus });
    summary.fuzz.cliBodies += cliReport.lines + cliReport.files;
    failed(cliReport.failures);
    say(`fuzz cases ${first}..${first + cases - 1}: ${report.deliveries} deliveries, ${cliReport.lines + cliReport.files} through the CLI, ${report.failures.length + cliReport.failures.length} failures`);
  } finally {
    await db.drop();
    await cli.drop();
  }
}

async function orderRound(round: number): Promise<void> {
  const db = await freshDatabase();
  try {
    const report = await everyOrder(db.sql, { seed: caseSeed(seed, 1_000_000 + round), rounds: 1 });
    summary.orders.rounds++;
    summary.orders.permutations += report.permutations;
    failed(report.failures);
    say(`orders round ${round}: ${report.permutations} permutations, ${report.failures.length} failures`);
  } finally {
    await db.drop();
  }
}

async function race(run: number): Promise<void> {
  const concurrent = await freshDatabase();
  const serial = await freshDatabase();
  try {
    const report = await raceIngest(concurrent.url, serial.sql, { seed: caseSeed(seed, 2_000_000 + run), clients: count('clients'), calls: count('race-calls') });
    summary.races.runs++;
    summary.races.deliveries += report.deliveries;
    failed(report.failures);
    summary.races.overlaps += report.overlaps;
    say(`race ${run}: ${report.clients} clients, ${report.deliveries} deliveries (${report.overlaps} while another of the same call was in flight), ${report.failures.length} failures`);
  } finally {
    await concurrent.drop();
    await serial.drop();
  }
}

async function crash(run: number): Promise<void> {
  const ingest = await crashDuringIngest({ seed: caseSeed(seed, 3_000_000 + run), calls: count('crash-calls') });
  summary.crashes.ingest++;
  summary.crashes.linesImported += ingest.lines;
  failed(ingest.failures);
  say(`crash ${run} (ingest): ${ingest.lines} lines, killed at ${ingest.storedAtCrash}/${ingest.storedUninterrupted} stored, ${ingest.failures.length} failures`);
  const backfill = await crashDuringBackfill({ seed: caseSeed(seed, 4_000_000 + run), calls: count('backfill-calls') });
  summary.crashes.backfill++;
  summary.crashes.rowsBackfilled += backfill.calls;
  failed(backfill.failures);
  say(`crash ${run} (backfill): ${backfill.calls} legacy calls, killed at ${backfill.scannedAtCrash} scanned, ${backfill.failures.length} failures`);
}

try {
  say(`seed ${seed}; server ${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded'}${deadline ? `; cycling for ${minutes} minutes` : ''}`);
  await dropDatabasesOfDeadRuns();
  await admin.unsafe(`CREATE DATABASE ${template}`);
  await migrateUp({ databaseUrl: databaseUrl(adminUrl, template) });

  let nextCase = count('first');
  let cycle = 0;
  do {
    // Without --minutes one pass does every count; with it, each cycle does a slice of each.
    const cases = deadline ? FUZZ_BATCH : count('cases');
    if (only.has('fuzz')) for (let done = 0; done < cases && timeLeft(); done += FUZZ_BATCH) {
      const batch = Math.min(FUZZ_BATCH, cases - done);
      await fuzzBatch(nextCase, batch);
      nextCase += batch;
    }
    if (only.has('orders')) for (let i = 0; i < (deadline ? 1 : count('order-rounds')) && timeLeft(); i++) await orderRound(summary.orders.rounds);
    if (only.has('races')) for (let i = 0; i < (deadline ? 1 : count('races')) && timeLeft(); i++) await race(summary.races.runs);
    if (only.has('crash')) for (let i = 0; i < (deadline ? (cycle % 3 === 0 ? 1 : 0) : count('crashes')) && timeLeft(); i++) await crash(summary.crashes.ingest);
    cycle++;
  } while (deadline !== undefined && timeLeft());
} finally {
  await admin.unsafe(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`).catch(() => {});
  await admin.end();
  await embedded?.stop();
}

/** Failures grouped by what went wrong (case numbers, seeds and sizes taken out). */
function failureKinds(failures: string[]): [string, number][] {
  const kinds = new Map<string, number>();
  for (const failure of failures) {
    const kind = failure.split('\n')[0].replace(/^.*?\] (text|jsonb|cli|any) form( \(no org\))?: /, '$1 form: ').replace(/\d+/g, 'N').slice(0, 160);
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  return [...kinds].sort((a, b) => b[1] - a[1]);
}

summary.seconds = Math.round((Date.now() - Date.parse(summary.startedAt)) / 1000);
summary.failureKinds = failureKinds(summary.failures);
if (args.json) console.log(JSON.stringify(summary, null, 2));
else {
  const s = summary;
  console.log(`seed ${s.seed}, ${s.seconds} s`);
  console.log(`fuzz:    ${s.fuzz.bodies} bodies, ${s.fuzz.deliveries} SQL deliveries (${Object.entries(s.fuzz.statuses).map(([k, v]) => `${k} ${v}`).join(', ')}), ${s.fuzz.cliBodies} through golden-record ingest`);
  console.log(`orders:  ${s.orders.permutations} permutations in ${s.orders.rounds} rounds`);
  console.log(`races:   ${s.races.runs} runs of ${s.races.clients} clients, ${s.races.deliveries} deliveries (${s.races.overlaps} overlapping another of the same call)`);
  console.log(`crashes: ${s.crashes.ingest} imports (${s.crashes.linesImported} lines), ${s.crashes.backfill} backfills (${s.crashes.rowsBackfilled} rows), each killed with SIGKILL and rerun`);
  console.log(s.failures.length ? `${s.failures.length} FAILURES (see above), by kind:` : 'nothing lost, nothing raised, no difference');
  for (const [kind, n] of failureKinds(s.failures)) console.log(`  ${String(n).padStart(6)}  ${kind}`);
}
// process.exit, not a natural end: the killed servers' instances must not be waited for.
process.exit(summary.failures.length ? 1 : 0);
