#!/usr/bin/env -S npx tsx
/**
 * The report at scale: time and size of `golden-record report --html` for a year of calls.
 *
 *   DATABASE_URL=postgres://... npx tsx scripts/report-size.ts [--calls 1000000] [--keep]
 *
 * Creates the database gr_report_size on DATABASE_URL's server (dropped afterwards unless
 * --keep; kept, it is reused), migrates it, fills one org with a year of generated calls (the
 * generator of the report tests), then measures: call_report alone (SQL, best of 3), the whole
 * CLI run (process start to file written), the HTML file's size, and the page's load in
 * headless Chromium. Prints the figures the README quotes.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { PACKAGE_ROOT } from '../src/code-layer.ts';
import { migrateUp } from '../src/migrate.ts';
import { Browser } from '../tests/support/chromium.ts';
import { generateCalls } from '../tests/support/generated-calls.ts';

const { values: args } = parseArgs({ options: { calls: { type: 'string', default: '1000000' }, keep: { type: 'boolean', default: false } } });
const calls = Number(args.calls);
const server = process.env.DATABASE_URL;
if (!server) {
  process.stderr.write('report-size: set DATABASE_URL to a server where it may create a database\n');
  process.exit(1);
}
const ORG = 'a0000000-0000-4000-8000-0000000005e1';
const PERIOD = { from: '2025-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' };
const NAME = 'gr_report_size';
const urlOf = (database: string) => Object.assign(new URL(server), { pathname: `/${database}` }).toString();
const ms = (since: number) => Math.round(performance.now() - since);

const admin = postgres(server, { max: 1, onnotice: () => {} });
const [{ exists }] = await admin`SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = ${NAME}) AS exists`;
if (!exists) await admin.unsafe(`CREATE DATABASE ${NAME}`);
await admin.end();
const url = urlOf(NAME);
await migrateUp({ databaseUrl: url });
const sql = postgres(url, { max: 1, onnotice: () => {} });
try {
  const [{ n }] = await sql`SELECT count(*)::int AS n FROM calls WHERE org_id = ${ORG}`;
  if (n !== calls) {
    await sql`DELETE FROM calls WHERE org_id = ${ORG}`;
    await sql`DELETE FROM appointments WHERE org_id = ${ORG}`;
    let t = performance.now();
    await generateCalls(sql, { org: ORG, start: PERIOD.from, days: 365, calls, quarantined: 200 });
    await sql`VACUUM (ANALYZE) calls`;
    console.log(`generated ${calls.toLocaleString('en-US')} calls in ${ms(t)} ms`);
  }
  const sqlMs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    await sql`SELECT call_report(${ORG}::uuid, ${PERIOD.from}::timestamptz, ${PERIOD.to}::timestamptz)`;
    sqlMs.push(ms(t));
  }
  const dir = await mkdtemp(join(tmpdir(), 'gr-report-size-'));
  const file = join(dir, 'year.html');
  let t = performance.now();
  execFileSync(process.execPath, [join(PACKAGE_ROOT, 'bin', 'golden-record.js'), '-c', url, 'report', '--org', ORG, '--from', PERIOD.from, '--to', PERIOD.to, '--html', file]);
  const cliMs = ms(t);
  const bytes = (await stat(file)).size;
  const browser = await Browser.launch();
  const page = await browser.newPage();
  t = performance.now();
  await page.open(pathToFileURL(file).href);
  const loadMs = ms(t);
  await browser.close();
  await rm(dir, { recursive: true });
  console.log(`calls in the year: ${calls.toLocaleString('en-US')}`);
  console.log(`call_report (SQL): ${sqlMs.join(', ')} ms (best ${Math.min(...sqlMs)} ms)`);
  console.log(`golden-record report --html (whole CLI run): ${cliMs} ms`);
  console.log(`HTML file: ${(bytes / 1024).toFixed(1)} KiB (${bytes} bytes)`);
  console.log(`Chromium load: ${loadMs} ms`);
} finally {
  await sql.end();
  if (!args.keep) {
    const a = postgres(server, { max: 1, onnotice: () => {} });
    await a.unsafe(`DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`);
    await a.end();
  }
}
