import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/code-layer.ts';
import type { CallAnalytics } from '../../src/client/dashboard.ts';
import type { CallReport } from '../../src/client/report.ts';
import { Browser, type Page } from '../support/chromium.ts';
import { runCli } from '../support/cli.ts';
import { testDatabase, type TestDatabase } from '../support/db.ts';
import { generateCalls } from '../support/generated-calls.ts';

/**
 * `golden-record report --html` rendered in headless Chromium: a year of generated calls, an
 * org with nothing in the period, a single day, and the demo's report. Each page loads with no
 * console error and no request beyond its own file, every chart has the marks its data calls
 * for, and the numbers in its tables are those of call_analytics / call_report. Screenshots
 * (desktop and phone width) and a printed PDF go to artifacts/report/ for a person to look at.
 */

const ARTIFACTS = join(PACKAGE_ROOT, 'artifacts', 'report');
const YEAR_ORG = 'a0000000-0000-4000-8000-0000000000a1';
const DAY_ORG = 'a0000000-0000-4000-8000-0000000000a2';
const EMPTY_ORG = 'a0000000-0000-4000-8000-0000000000a3';
const YEAR = { from: '2025-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' };
const DAY = { from: '2025-06-02T00:00:00Z', to: '2025-06-03T00:00:00Z' };
/** Before every generated call and quarantined delivery (those of no known org show in every org's report). */
const EMPTY_YEAR = { from: '2024-01-01T00:00:00Z', to: '2025-01-01T00:00:00Z' };

let db: TestDatabase;
let browser: Browser;

beforeAll(async () => {
  db = await testDatabase();
  await mkdir(ARTIFACTS, { recursive: true });
  await generateCalls(db.sql, { org: YEAR_ORG, start: YEAR.from, days: 365, calls: 20_000, quarantined: 30 });
  await generateCalls(db.sql, { org: DAY_ORG, start: DAY.from, days: 1, calls: 40, quarantined: 4 });
  browser = await Browser.launch();
});

afterAll(async () => {
  await browser?.close();
});

interface Rendered {
  page: Page;
  url: string;
  /** Marks per chart, per series. */
  marks: Record<string, Record<string, number>>;
  /** Per chart figure: its table rows, each cell as [text, data-value or null]. */
  tables: Record<string, [string, string | null][][]>;
  headline: Record<string, string>;
  headlineText: Record<string, string>;
  nothing: string | null;
  /** The page's width at a 390 px wide phone viewport (wider: it scrolls sideways). */
  phoneWidth: number;
}

/** Writes the report of `org` over `period` with the CLI, opens it, screenshots it at desktop and phone width. */
async function render(name: string, org: string, period: { from: string; to: string }): Promise<Rendered> {
  const file = join(ARTIFACTS, `${name}.html`);
  await rm(file, { force: true });
  const result = await runCli(['report', '--database-url', db.url, '--org', org, '--from', period.from, '--to', period.to, '--html', file]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(result.stdout).toContain(file);
  const url = pathToFileURL(file).href;
  const page = await browser.newPage();
  await page.open(url, 390);
  const phoneWidth = await page.evaluate<number>('document.documentElement.scrollWidth');
  await page.screenshot(join(ARTIFACTS, `${name}-phone.png`), 390);
  await page.open(url, 1200);
  await page.screenshot(join(ARTIFACTS, `${name}.png`), 1200);
  await page.pdf(join(ARTIFACTS, `${name}.pdf`));
  const seen = await page.evaluate<Omit<Rendered, 'page' | 'url' | 'phoneWidth'>>(`(() => {
    const marks = {};
    for (const svg of document.querySelectorAll('svg[data-chart]')) {
      const bySeries = marks[svg.dataset.chart] = {};
      for (const m of svg.querySelectorAll('.mark')) bySeries[m.dataset.series] = (bySeries[m.dataset.series] ?? 0) + 1;
    }
    const tables = {};
    for (const figure of document.querySelectorAll('figure.chart')) {
      const table = figure.querySelector('table');
      tables[figure.id.replace('chart-', '')] = table ? [...table.tBodies[0].rows].map((r) =>
        [...r.cells].map((c) => [c.textContent, c.hasAttribute('data-value') ? c.getAttribute('data-value') : null])) : [];
    }
    const headline = {}, headlineText = {};
    for (const dd of document.querySelectorAll('.headline dd')) { headline[dd.dataset.key] = dd.dataset.value; headlineText[dd.dataset.key] = dd.textContent; }
    return { marks, tables, headline, headlineText, nothing: document.querySelector('#nothing')?.textContent ?? null };
  })()`);
  return { page, url, phoneWidth, ...seen };
}

const analyticsOf = async (org: string, period: { from: string; to: string }) =>
  (await db.sql`SELECT call_analytics(${org}::uuid, ${period.from}::timestamptz, ${period.to}::timestamptz) AS a`)[0].a as CallAnalytics;
const reportOf = async (org: string, period: { from: string; to: string }) =>
  (await db.sql`SELECT call_report(${org}::uuid, ${period.from}::timestamptz, ${period.to}::timestamptz) AS r`)[0].r as CallReport;

const value = (v: number | string | null) => (v === null ? '' : String(v));
const values = (rows: [string, string | null][][]) => rows.map((r) => r.map(([text, v]) => v ?? text));

/** Loaded offline and cleanly: the only request is the file itself, no console error; fits a phone's width. */
function expectClean(r: Rendered) {
  expect(r.phoneWidth).toBeLessThanOrEqual(390);
  expect(r.page.errors).toEqual([]);
  expect(r.page.requests).toContain(r.url);
  expect(r.page.requests.filter((u) => u !== r.url)).toEqual([]);
}

function expectAnalyticsTables(r: Rendered, a: CallAnalytics) {
  expect(r.headline).toEqual(
    Object.fromEntries(
      (['total_calls', 'answered_calls', 'appointments_booked', 'conversion_rate', 'total_cost_cents', 'avg_cost_cents',
        'cost_per_booked_appointment_cents', 'calls_without_cost'] as const).map((k) => [k, value(a[k])]),
    ),
  );
  expect(r.headlineText.total_calls).toBe(a.total_calls.toLocaleString('en-US'));
  expect(values(r.tables['calls-per-day'])).toEqual(
    a.daily.map((d) => [d.date, value(d.calls), value(d.answered_calls), value(d.appointments_booked)]),
  );
  expect(values(r.tables['cost-per-day'])).toEqual(a.daily.map((d) => [d.date, value(d.cost_cents)]));
  const top = a.ended_reasons.slice(0, 10).map((e) => [e.ended_reason ?? '(not reported yet)', value(e.calls)]);
  const rest = a.ended_reasons.slice(10);
  if (rest.length) top.push([`other (${rest.length} reasons)`, value(rest.reduce((s, e) => s + e.calls, 0))]);
  expect(values(r.tables['ended-reasons'])).toEqual(top);
  expect(values(r.tables.tools)).toEqual(a.tools.map((t) => [t.tool, value(t.calls), value(t.booked), value(t.booking_rate)]));
}

function expectMarks(r: Rendered, a: CallAnalytics, report: CallReport) {
  const positive = (xs: number[]) => xs.filter((x) => x > 0).length;
  const reasons = Math.min(a.ended_reasons.length, 10) + (a.ended_reasons.length > 10 ? 1 : 0);
  const quarantine = [...report.quarantine.org.reasons, ...report.quarantine.without_org.reasons];
  const dropZeros = (o: Record<string, number>) => Object.fromEntries(Object.entries(o).filter(([, n]) => n > 0));
  expect(r.marks).toEqual({
    'calls-per-day': dropZeros({ calls: positive(a.daily.map((d) => d.calls)), booked: positive(a.daily.map((d) => d.appointments_booked)) }),
    'cost-per-day': dropZeros({ cost: positive(a.daily.map((d) => d.cost_cents)) }),
    'ended-reasons': { calls: reasons },
    tools: dropZeros({ calls: a.tools.length, booked: positive(a.tools.map((t) => t.booked)) }),
    'cost-per-booking': {
      'cost per booked appointment': report.cost_per_booking.series.filter((b) => b.cost_per_booked_appointment_cents !== null).length,
    },
    ...(quarantine.some((q) => q.waiting > 0) ? { quarantine: { waiting: positive(quarantine.map((q) => q.waiting)) } } : {}),
  });
}

describe('golden-record report --html in headless Chromium', () => {
  it('a year of 20,000 calls: every chart drawn, tables equal to call_analytics, no request, no console error', async () => {
    const r = await render('year', YEAR_ORG, YEAR);
    expectClean(r);
    const a = await analyticsOf(YEAR_ORG, YEAR);
    const report = await reportOf(YEAR_ORG, YEAR);
    expect(a.total_calls).toBe(20_000);
    expect(a.daily).toHaveLength(365);
    expect(a.ended_reasons.length).toBeGreaterThan(10);
    expectAnalyticsTables(r, a);
    expectMarks(r, a, report);
    expect(r.marks['calls-per-day'].calls).toBe(365);
    expect(report.cost_per_booking.bucket).toBe('week');
    expect(values(r.tables['cost-per-booking'])).toEqual(
      report.cost_per_booking.series.map((b) => [b.start, value(b.days), value(b.cost_cents), value(b.appointments_booked), value(b.cost_per_booked_appointment_cents)]),
    );
    const [{ org, without, waiting }] = await db.sql`
      SELECT count(*) FILTER (WHERE org_id = ${YEAR_ORG}::uuid AND received_at >= ${YEAR.from} AND received_at < ${YEAR.to})::int AS org,
             count(*) FILTER (WHERE org_id IS NULL AND received_at >= ${YEAR.from} AND received_at < ${YEAR.to})::int AS without,
             count(*) FILTER (WHERE (org_id = ${YEAR_ORG}::uuid OR org_id IS NULL) AND replay_outcome IS NULL)::int AS waiting
        FROM vapi_quarantine`;
    const quarantined = values(r.tables.quarantine);
    const total = (whose: string, column: number) => quarantined.filter((row) => whose === '*' || row[1] === whose).reduce((s, row) => s + Number(row[column]), 0);
    expect(total('this org', 3)).toBe(org);
    expect(total('no known org', 3)).toBe(without);
    expect(total('*', 2)).toBe(waiting);
    expect(quarantined).toEqual([
      ...report.quarantine.org.reasons.map((q) => [q.reason, 'this org', value(q.waiting), value(q.deliveries)]),
      ...report.quarantine.without_org.reasons.map((q) => [q.reason, 'no known org', value(q.waiting), value(q.deliveries)]),
    ]);
    expect(r.nothing).toBeNull();
  });

  it('a single day: one column per series, a daily cost per booking, tables equal to call_analytics', async () => {
    const r = await render('single-day', DAY_ORG, DAY);
    expectClean(r);
    const a = await analyticsOf(DAY_ORG, DAY);
    const report = await reportOf(DAY_ORG, DAY);
    expect(a.total_calls).toBe(40);
    expect(a.daily).toHaveLength(1);
    expectAnalyticsTables(r, a);
    expectMarks(r, a, report);
    expect(r.marks['calls-per-day']).toEqual({ calls: 1, booked: 1 });
    expect(report.cost_per_booking.bucket).toBe('day');
    expect(r.marks['cost-per-booking']).toEqual({ 'cost per booked appointment': 1 });
  });

  it('an org with nothing in the period: says so and draws no chart (only the DBA\'s queue of deliveries of no known org)', async () => {
    const r = await render('empty', EMPTY_ORG, EMPTY_YEAR);
    expectClean(r);
    const report = await reportOf(EMPTY_ORG, EMPTY_YEAR);
    expect(report.analytics.total_calls).toBe(0);
    expect(r.nothing).toMatch(/^No calls were recorded for this org from 2024-01-01 to 2024-12-31/);
    expect(r.headline.total_calls).toBe('0');
    expect(r.headline.conversion_rate).toBe('');
    // The test runs as the owner, who sees the generated deliveries of no known org still waiting.
    const waiting = report.quarantine.without_org.reasons.filter((q) => q.waiting > 0).length;
    expect(report.quarantine.org).toEqual({ deliveries: 0, waiting: 0, reasons: [] });
    expect(waiting).toBeGreaterThan(0);
    expect(r.marks).toEqual({ quarantine: { waiting } });
    expect(Object.keys(r.tables)).toEqual(['quarantine']);
  });

  it('npm start (demo) writes the demo clinic\'s report and prints its path last; it loads offline and cleanly', async () => {
    const home = join(ARTIFACTS, 'demo-home');
    await rm(home, { recursive: true, force: true });
    // A database of its own, so the report shows the demo's data only (its screenshot is the README's).
    const demoDb = await testDatabase({ dropAfterAll: false });
    const result = await runCli(['demo', '--database-url', demoDb.url], { env: { GOLDEN_RECORD_HOME: home } }).finally(() => demoDb.drop());
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    const path = lines[lines.length - 1];
    expect(path).toBe(join(home, 'demo-report.html'));
    expect((await stat(path)).size).toBeGreaterThan(0);
    const page = await browser.newPage();
    const url = pathToFileURL(path).href;
    await page.open(url, 1200);
    await page.screenshot(join(ARTIFACTS, 'demo.png'), 1200);
    expect(page.errors).toEqual([]);
    expect(page.requests.filter((u) => u !== url)).toEqual([]);
    const marks = await page.evaluate<number>(`document.querySelectorAll('svg[data-chart] .mark').length`);
    expect(marks).toBeGreaterThan(0);
  });
});

describe('golden-record report (CLI)', () => {
  it('--json prints call_report unchanged', async () => {
    const result = await runCli(['report', '--database-url', db.url, '--org', DAY_ORG, '--from', DAY.from, '--to', DAY.to, '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(await reportOf(DAY_ORG, DAY));
  });

  it('without --html or --json, or with a bad period, says so in one line and exits 1', async () => {
    const none = await runCli(['report', '--database-url', db.url, '--org', DAY_ORG]);
    expect(none.code).toBe(1);
    expect(none.stderr).toBe('golden-record: give --html FILE (the page) or --json (its data), or both\n');
    const backwards = await runCli(['report', '--database-url', db.url, '--org', DAY_ORG, '--from', DAY.to, '--to', DAY.from, '--json']);
    expect(backwards.code).toBe(1);
    expect(backwards.stderr).toMatch(/^golden-record: call_analytics: need finite from < to, .* \(SQLSTATE 22023\)\n$/);
  });
});
