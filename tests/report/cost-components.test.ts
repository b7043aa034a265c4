import { beforeAll, describe, expect, it } from 'vitest';
import type { CallReport } from '../../src/client/report.ts';
import { exactDollars, renderReport } from '../../src/report/html.ts';
import { testDatabase, type TestDatabase } from '../support/db.ts';
import { generateCalls } from '../support/generated-calls.ts';

/**
 * Cost per day stacked by component: once call_analytics reports per-component dollars (issue
 * #13's `cost_by_component` and `cost_by_component_daily`), the report stacks each day's cost
 * by component and adds a "where the money goes" chart; until then it draws one stack (the
 * browser tests). The report of real generated calls is given those two fields in #13's
 * documented shape, each day's cost split 60/25/15 into llm, stt and transport.
 */

const ORG = 'a0000000-0000-4000-8000-0000000000c1';
const PERIOD = { from: '2025-03-03T00:00:00Z', to: '2025-03-10T00:00:00Z' };
let db: TestDatabase;
let report: CallReport;

beforeAll(async () => {
  db = await testDatabase();
  await generateCalls(db.sql, { org: ORG, start: PERIOD.from, days: 7, calls: 300 });
  [{ report }] = (await db.sql`SELECT call_report(${ORG}::uuid, ${PERIOD.from}::timestamptz, ${PERIOD.to}::timestamptz) AS report`) as unknown as { report: CallReport }[];
});

const SHARES = { llm: 60, stt: 25, transport: 15 };
/** Dollars of `share`% of `cents`, exact as a decimal string (numeric, as call_analytics returns it). */
const share = (cents: number, percent: number) => {
  const hundredths = String(cents * percent).padStart(5, '0');
  return `${hundredths.slice(0, -4)}.${hundredths.slice(-4)}`;
};

function withComponents(r: CallReport): CallReport {
  const daily = r.analytics.daily.flatMap((d) =>
    d.cost_cents ? Object.entries(SHARES).map(([component, p]) => ({ date: d.date, component, cost: share(d.cost_cents, p) })) : [],
  );
  const total = r.analytics.total_cost_cents;
  const byComponent = Object.entries(SHARES).map(([component, p]) => ({ component, cost: share(total, p), cost_per_booked_appointment: null }));
  return { ...r, analytics: { ...r.analytics, cost_by_component: byComponent, cost_by_component_daily: daily } as CallReport['analytics'] };
}

/** The marks of one chart, counted by series. */
function marks(html: string, chart: string): Record<string, number> {
  const svg = html.match(new RegExp(`<svg[^>]*data-chart="${chart}"[\\s\\S]*?</svg>`))?.[0] ?? '';
  const counts: Record<string, number> = {};
  for (const [, series] of svg.matchAll(/class="mark" data-series="([^"]+)"/g)) counts[series] = (counts[series] ?? 0) + 1;
  return counts;
}

describe('cost per day by component', () => {
  it('without per-component figures: one stack per day and no component chart', () => {
    const html = renderReport(report);
    const days = report.analytics.daily.filter((d) => d.cost_cents > 0).length;
    expect(days).toBeGreaterThan(0);
    expect(marks(html, 'cost-per-day')).toEqual({ cost: days });
    expect(html).not.toContain('data-chart="cost-by-component"');
  });

  it('with them: each day stacked by component, and a chart of each component\'s cost over the period', () => {
    const enriched = withComponents(report);
    const html = renderReport(enriched);
    const days = report.analytics.daily.filter((d) => d.cost_cents > 0).length;
    expect(marks(html, 'cost-per-day')).toEqual({ llm: days, stt: days, transport: days });
    expect(marks(html, 'cost-by-component')).toEqual({ cost: 3 });
    expect(html).toContain('Cost per day by component');
    const first = report.analytics.daily.find((d) => d.cost_cents > 0)!;
    const figure = html.match(/<figure class="chart" id="chart-cost-per-day">[\s\S]*?<\/figure>/)![0];
    const row = figure.match(new RegExp(`<tr><th scope="row">${first.date}</th>(.*?)</tr>`))![1];
    expect([...row.matchAll(/data-value="([^"]*)">([^<]*)</g)].map((m) => [m[1], m[2]])).toEqual([
      [String(first.cost_cents), expect.stringMatching(/^\$/)],
      ...Object.values(SHARES).map((p) => [share(first.cost_cents, p), exactDollars(share(first.cost_cents, p))]),
    ]);
  });

  it('exact dollars keep every decimal the database gave', () => {
    expect([exactDollars('0.0123'), exactDollars(12.5), exactDollars('1234'), exactDollars('-3.10'), exactDollars(null)]).toEqual([
      '$0.0123', '$12.50', '$1,234.00', '-$3.10', '-',
    ]);
  });
});
