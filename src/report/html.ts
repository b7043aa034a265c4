import type { CallReport } from '../client/report.ts';
import { dollars } from '../format.ts';
import { barChart, columnChart, esc, lineChart, type Series } from './svg.ts';

/**
 * The report as one self-contained HTML page: inline CSS and SVG, no script, no font, no
 * image, and a Content-Security-Policy of `default-src 'none'` so a browser makes no request
 * for it even if a name from a payload tried to. Everything shown comes from `call_report`;
 * this module only lays it out and formats numbers (counts, dollars, percents).
 */

const COLORS = {
  calls: '#9ecae1',
  booked: '#08519c',
  cost: '#6a51a3',
  waiting: '#cb181d',
  costPerBooking: '#d95f02',
  components: ['#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#e6ab02', '#a6761d', '#666666'],
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export const count = (n: number) => n.toLocaleString('en-US');
/** A fraction with 4 decimals (call_analytics' rates) as a percent with 2: 0.2345 → "23.45%". */
export const percent = (rate: number | null) => (rate === null ? '-' : `${(rate * 100).toFixed(2)}%`);
/** Whole dollars for an axis: 12000 cents → "$120". */
const axisDollars = (cents: number) => `$${count(Math.round(cents / 100))}`;
/** "2025-03-06" → "6 Mar". */
const shortDay = (date: string) => `${Number(date.slice(8, 10))} ${MONTHS[Number(date.slice(5, 7)) - 1]}`;
/** The years the dates span: "2025" or "2025–2026". */
function years(dates: string[]): string {
  const first = dates[0]?.slice(0, 4) ?? '';
  const last = dates[dates.length - 1]?.slice(0, 4) ?? '';
  return first === last ? first : `${first}–${last}`;
}

type Cell = string | { text: string; value: number | string | null };
const num = (value: number | string | null, text: string): Cell => ({ text, value });

function table(caption: string, header: string[], rows: Cell[][]): string {
  const cell = (c: Cell, i: number) =>
    typeof c === 'string'
      ? i === 0 ? `<th scope="row">${esc(c)}</th>` : `<td>${esc(c)}</td>`
      : `<td class="num" data-value="${esc(c.value === null ? '' : String(c.value))}">${esc(c.text)}</td>`;
  return (
    `<details><summary>Numbers of this chart</summary><div class="table-wrap"><table><caption>${esc(caption)}</caption>` +
    `<thead><tr>${header.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead>` +
    `<tbody>${rows.map((r) => `<tr>${r.map(cell).join('')}</tr>`).join('')}</tbody></table></div></details>`
  );
}

function legend(items: { name: string; color: string }[]): string {
  return `<ul class="legend">${items.map((i) => `<li><span class="swatch" style="background:${i.color}"></span>${esc(i.name)}</li>`).join('')}</ul>`;
}

function figure(id: string, title: string, body: string): string {
  return `<figure class="chart" id="chart-${id}"><h2>${esc(title)}</h2>${body}</figure>`;
}

/**
 * The per-component cost call_analytics reports once cost components are stored (issue #13):
 * dollars (numeric, exact) per component over the period and per local day. Absent before.
 */
interface ComponentCosts {
  cost_by_component?: { component: string; cost: number | string; cost_per_booked_appointment: number | string | null }[];
  cost_by_component_daily?: { date: string; component: string; cost: number | string }[];
}

/** Exact dollars as the database wrote them: 12.5 → "$12.50", "0.0123" → "$0.0123", 1234 → "$1,234.00". */
export function exactDollars(value: number | string | null | undefined): string {
  if (value === null || value === undefined) return '-';
  const text = String(value);
  const [whole, fraction = ''] = text.replace(/^-/, '').split('.');
  return `${text.startsWith('-') ? '-' : ''}$${whole.replace(/\B(?=(\d{3})+$)/g, ',')}.${fraction.padEnd(2, '0')}`;
}

/** Each component's dollars per day of the period (null while call_analytics has no per-component figures). */
export function costComponents(analytics: CallReport['analytics']): { names: string[]; byDay: Map<string, Map<string, number | string>> } | null {
  const { cost_by_component: totals, cost_by_component_daily: daily } = analytics as CallReport['analytics'] & ComponentCosts;
  if (!Array.isArray(daily) || !daily.length) return null;
  const names = [...new Set([...(totals ?? []).map((c) => c.component), ...daily.map((d) => d.component)])];
  const byDay = new Map<string, Map<string, number | string>>();
  for (const d of daily) byDay.set(d.date, (byDay.get(d.date) ?? new Map()).set(d.component, d.cost));
  return { names, byDay };
}

function callsPerDay(report: CallReport, zone: string): string {
  const days = report.analytics.daily;
  const dates = days.map((d) => d.date);
  const series: Series[] = [
    { name: 'calls', values: days.map((d) => d.calls), color: COLORS.calls },
    { name: 'booked', values: days.map((d) => d.appointments_booked), color: COLORS.booked },
  ];
  const svg = columnChart({
    id: 'calls-per-day', title: 'Calls and bookings per day', xLabel: `day (${zone}), ${years(dates)}`, yLabel: 'calls per day',
    format: count, categories: dates.map(shortDay), titles: dates, series, mode: 'overlap',
  });
  return figure('calls-per-day', 'Calls and bookings per day',
    legend([{ name: 'calls', color: COLORS.calls }, { name: 'calls that booked an appointment', color: COLORS.booked }]) + svg +
      table('Calls, answered calls and bookings per day', ['day', 'calls', 'answered', 'booked'],
        days.map((d) => [d.date, num(d.calls, count(d.calls)), num(d.answered_calls, count(d.answered_calls)), num(d.appointments_booked, count(d.appointments_booked))])));
}

function costPerDay(report: CallReport, zone: string): string {
  const days = report.analytics.daily;
  const dates = days.map((d) => d.date);
  const components = costComponents(report.analytics);
  // Plotted in cents (layout only); the tables give the exact figures.
  const series: Series[] = components
    ? components.names.map((name, i) => ({
        name,
        values: dates.map((date) => Number(components.byDay.get(date)?.get(name) ?? 0) * 100),
        color: COLORS.components[i % COLORS.components.length],
      }))
    : [{ name: 'cost', values: days.map((d) => d.cost_cents), color: COLORS.cost }];
  const title = components ? 'Cost per day by component' : 'Cost per day';
  const svg = columnChart({
    id: 'cost-per-day', title, xLabel: `day (${zone}), ${years(dates)}`, yLabel: 'cost per day (US dollars)',
    format: axisDollars, markFormat: components ? (cents) => `$${(cents / 100).toFixed(4)}` : dollars, minimumStep: 100,
    categories: dates.map(shortDay), titles: dates, series, mode: 'stack',
  });
  const header = ['day', 'cost', ...(components?.names ?? [])];
  const rows = days.map((d) => [
    d.date,
    num(d.cost_cents, dollars(d.cost_cents)),
    ...(components?.names ?? []).map((name) => {
      const cost = components!.byDay.get(d.date)?.get(name) ?? null;
      return num(cost, exactDollars(cost));
    }),
  ]);
  const note = components
    ? '<p class="note-text">Components as Vapi itemised them; the cost column is the day\'s total, calls without an itemised cost included.</p>'
    : '';
  return figure('cost-per-day', title, (components ? legend(series) : '') + svg + note + table(`${title} (US dollars)`, header, rows));
}

/** Where the money goes: each component's dollars over the period (only once call_analytics reports them). */
function costByComponent(report: CallReport): string {
  const totals = (report.analytics as CallReport['analytics'] & ComponentCosts).cost_by_component ?? [];
  const svg = barChart({
    id: 'cost-by-component', title: 'Cost by component', xLabel: 'cost in the period (US dollars)', yLabel: 'component',
    format: axisDollars, markFormat: (cents) => `$${(cents / 100).toFixed(4)}`, minimumStep: 100, valueSeries: 'cost', colors: [COLORS.cost, COLORS.cost],
    rows: totals.map((c) => ({ label: c.component, value: Number(c.cost) * 100, note: exactDollars(c.cost) })),
  });
  return figure('cost-by-component', 'Where the money goes: cost by component', svg +
    table('Cost by component (US dollars)', ['component', 'cost', 'per booked appointment'],
      totals.map((c) => [c.component, num(c.cost, exactDollars(c.cost)),
        num(c.cost_per_booked_appointment, exactDollars(c.cost_per_booked_appointment))])));
}

function endedReasons(report: CallReport): string {
  const { top, other_reasons, other_calls } = report.ended_reasons;
  const rows = top.map((r) => ({ label: r.ended_reason ?? '(not reported yet)', calls: r.calls }));
  if (other_reasons > 0) rows.push({ label: `other (${count(other_reasons)} reasons)`, calls: other_calls });
  const svg = barChart({
    id: 'ended-reasons', title: 'Why calls ended', xLabel: 'calls', yLabel: 'ended reason', format: count, valueSeries: 'calls', colors: [COLORS.calls, COLORS.booked],
    rows: rows.map((r) => ({ label: r.label, value: r.calls, note: count(r.calls) })),
  });
  return figure('ended-reasons', 'Why calls ended (top ten)', svg +
    table('Calls by ended reason', ['ended reason', 'calls'], rows.map((r) => [r.label, num(r.calls, count(r.calls))])));
}

function tools(report: CallReport): string {
  const list = report.analytics.tools;
  const body = list.length
    ? legend([{ name: 'calls that used the tool', color: COLORS.calls }, { name: 'of them, calls that booked', color: COLORS.booked }]) +
      barChart({
        id: 'tools', title: 'Tools used, and how often their calls booked', xLabel: 'calls', yLabel: 'tool', format: count, valueSeries: 'calls', partSeries: 'booked',
        colors: [COLORS.calls, COLORS.booked], rows: list.map((t) => ({ label: t.tool, value: t.calls, part: t.booked, note: `${percent(t.booking_rate)} booked` })),
      }) +
      table('Tools: calls, bookings and booking rate', ['tool', 'calls', 'booked', 'booking rate'],
        list.map((t) => [t.tool, num(t.calls, count(t.calls)), num(t.booked, count(t.booked)), num(t.booking_rate, percent(t.booking_rate))]))
    : '<p class="empty">No call in the period used a tool.</p>';
  return figure('tools', 'Tools and their booking rate', body);
}

function costPerBooking(report: CallReport, zone: string): string {
  const { bucket, series } = report.cost_per_booking;
  const what = { day: 'day', week: 'week starting', month: 'month starting' }[bucket];
  const starts = series.map((b) => b.start);
  const body = series.some((b) => b.cost_per_booked_appointment_cents !== null)
    ? lineChart({
        id: 'cost-per-booking', title: `Cost per booked appointment, by ${bucket}`, xLabel: `${what} (${zone}), ${years(starts)}`,
        yLabel: 'cost per booking (US dollars)', format: axisDollars, minimumStep: 100,
        categories: starts.map(shortDay), titles: starts,
        series: { name: 'cost per booked appointment', values: series.map((b) => b.cost_per_booked_appointment_cents), color: COLORS.costPerBooking },
      })
    : '<p class="empty">No appointment was booked in the period, so there is no cost per booking to draw.</p>';
  return figure('cost-per-booking', `Cost per booked appointment over time (by ${bucket})`, body +
    table(`Cost per booked appointment by ${bucket}`, [what, 'days', 'cost', 'booked', 'cost per booking'],
      series.map((b) => [b.start, num(b.days, count(b.days)), num(b.cost_cents, dollars(b.cost_cents)),
        num(b.appointments_booked, count(b.appointments_booked)), num(b.cost_per_booked_appointment_cents, dollars(b.cost_per_booked_appointment_cents))])));
}

function quarantine(report: CallReport): string {
  const { org, without_org } = report.quarantine;
  const rows = [
    ...org.reasons.map((r) => ({ ...r, label: r.reason, whose: 'this org' })),
    ...without_org.reasons.map((r) => ({ ...r, label: `${r.reason} (org unknown)`, whose: 'no known org' })),
  ];
  if (!rows.length) return figure('quarantine', 'Quarantine', '<p class="empty">Nothing was quarantined in the period, and nothing waits for a DBA.</p>');
  const deliveries = (n: number) => `${count(n)} deliver${n === 1 ? 'y' : 'ies'}`;
  const ofNoOrg = (n: number) => (without_org.reasons.length ? `, and ${deliveries(n)} of no known org` : '');
  const intro =
    `<p>Waiting for a DBA (received at any time): ${deliveries(org.waiting)} of this org${ofNoOrg(without_org.waiting)}. ` +
    'Fix the cause, then run <code>golden-record replay --reason REASON</code>.' +
    (without_org.waiting
      ? ` Deliveries of no known org are shown to the DBA only${without_org.reasons.some((r) => r.reason === 'unknown_org' && r.waiting > 0) ? ': for <code>unknown_org</code>, add the org mapping, then replay' : ''}.`
      : '') +
    `</p><p>Quarantined in the period: ${deliveries(org.deliveries)} of this org${ofNoOrg(without_org.deliveries)}.</p>`;
  const waitingRows = rows.filter((r) => r.waiting > 0);
  const chart = waitingRows.length
    ? barChart({
        id: 'quarantine', title: 'Deliveries waiting for a DBA, by reason', xLabel: 'deliveries waiting', yLabel: 'reason', format: count,
        valueSeries: 'waiting', colors: [COLORS.waiting, COLORS.waiting],
        rows: waitingRows.map((r) => ({ label: r.label, value: r.waiting, note: `${count(r.waiting)} waiting` })),
      })
    : '';
  return figure('quarantine', 'Quarantine: what waits for a DBA', intro + chart +
    table('Quarantined deliveries by reason: waiting now (received at any time), and quarantined in the period', ['reason', 'org', 'waiting now', 'quarantined in the period'],
      rows.map((r) => [r.reason, r.whose, num(r.waiting, count(r.waiting)), num(r.deliveries, count(r.deliveries))])));
}

function headline(report: CallReport): string {
  const a = report.analytics;
  const cards: [string, string, number | null, string][] = [
    ['calls', count(a.total_calls), a.total_calls, 'total_calls'],
    ['answered', count(a.answered_calls), a.answered_calls, 'answered_calls'],
    ['booked', count(a.appointments_booked), a.appointments_booked, 'appointments_booked'],
    ['conversion', percent(a.conversion_rate), a.conversion_rate, 'conversion_rate'],
    ['total cost', dollars(a.total_cost_cents), a.total_cost_cents, 'total_cost_cents'],
    ['cost per call (known costs)', dollars(a.avg_cost_cents), a.avg_cost_cents, 'avg_cost_cents'],
    ['cost per booked appointment', dollars(a.cost_per_booked_appointment_cents), a.cost_per_booked_appointment_cents, 'cost_per_booked_appointment_cents'],
    ['calls without a known cost', count(a.calls_without_cost), a.calls_without_cost, 'calls_without_cost'],
  ];
  return `<dl class="headline">${cards
    .map(([label, text, value, key]) => `<div><dt>${esc(label)}</dt><dd data-key="${key}" data-value="${value ?? ''}">${esc(text)}</dd></div>`)
    .join('')}</dl>`;
}

const STYLE = `
:root { color-scheme: light; --ink: #1d2433; --muted: #5b6475; --line: #d9dde5; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1120px; padding: 16px; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
h1 { font-size: 1.5rem; margin: 0 0 4px; }
h2 { font-size: 1.05rem; margin: 0 0 8px; }
.period { color: var(--muted); margin: 0 0 16px; }
.headline { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 8px; margin: 0 0 20px; }
.headline div { border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; }
.headline dt { color: var(--muted); font-size: .8rem; }
.headline dd { margin: 0; font-size: 1.35rem; font-weight: 600; font-variant-numeric: tabular-nums; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 440px), 1fr)); gap: 16px; }
.chart { margin: 0; border: 1px solid var(--line); border-radius: 8px; padding: 12px; break-inside: avoid; }
.chart-svg { display: block; width: 100%; height: auto; }
.chart-svg text { font-family: inherit; fill: var(--ink); }
.tick { font-size: 11px; fill: var(--muted) !important; }
.axis-label, .bar-label { font-size: 12px; }
.note { font-size: 11px; }
.grid { stroke: #eef0f4; }
.axis { stroke: #8a92a3; }
.line { fill: none; stroke-width: 2; }
.legend { list-style: none; padding: 0; margin: 0 0 6px; display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: .85rem; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 5px; vertical-align: -1px; }
details { margin-top: 8px; font-size: .85rem; }
summary { cursor: pointer; color: var(--muted); }
.table-wrap { overflow-x: auto; max-height: 24rem; overflow-y: auto; }
table { border-collapse: collapse; width: 100%; margin-top: 6px; }
caption { text-align: left; color: var(--muted); padding-bottom: 4px; }
th, td { padding: 3px 8px; border-bottom: 1px solid var(--line); text-align: left; white-space: nowrap; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.empty { color: var(--muted); font-style: italic; }
.note-text { color: var(--muted); font-size: .8rem; margin: 4px 0 0; }
.nothing { border: 1px dashed var(--line); border-radius: 8px; padding: 24px; text-align: center; font-size: 1.1rem; margin-bottom: 16px; }
footer { color: var(--muted); font-size: .8rem; margin-top: 20px; }
code { font-size: .9em; }
@media (max-width: 600px) {
  body { padding: 10px; font-size: 14px; }
  .headline { grid-template-columns: repeat(2, 1fr); }
  .headline dd { font-size: 1.1rem; }
  .chart { padding: 8px; }
}
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  .charts { grid-template-columns: repeat(2, 1fr); gap: 8pt; }
  .chart { border-color: #999; page-break-inside: avoid; }
  .table-wrap { max-height: none; overflow: visible; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}`;

/** The HTML page of a `call_report` result. `generatedAt` is printed in the footer. */
export function renderReport(report: CallReport, generatedAt: Date = new Date()): string {
  const a = report.analytics;
  const zone = a.time_zone;
  const firstDay = a.daily[0]?.date ?? a.from.slice(0, 10);
  const lastDay = a.daily[a.daily.length - 1]?.date ?? a.to.slice(0, 10);
  const period = firstDay === lastDay ? firstDay : `${firstDay} to ${lastDay}`;
  const title = `Calls report, ${period}`;
  const charts = a.total_calls
    ? [
        callsPerDay(report, zone),
        costPerDay(report, zone),
        ...(((a as typeof a & ComponentCosts).cost_by_component ?? []).length ? [costByComponent(report)] : []),
        endedReasons(report),
        tools(report),
        costPerBooking(report, zone),
        quarantine(report),
      ]
    : [quarantine(report)];
  const nothing = a.total_calls ? '' : `<p class="nothing" id="nothing">No calls were recorded for this org from ${esc(period)} (${esc(zone)}).</p>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${esc(title)}</h1>
<p class="period">Org <code>${esc(a.org_id)}</code>, calls recorded from ${esc(a.from)} to ${esc(a.to)} (end excluded), days in ${esc(zone)}.</p>
</header>
${headline(report)}
${nothing}
<main class="charts">
${charts.join('\n')}
</main>
<footer>Made by golden-record from <code>call_report</code> (call_analytics and quarantine_summary) on ${esc(generatedAt.toISOString())}. Money in US dollars, exact to the cent as stored.</footer>
</body>
</html>
`;
}
