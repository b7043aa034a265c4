import type { CallAnalytics, CallDetail, DashboardItem, DashboardPage } from './client/dashboard.ts';

/**
 * How the CLI shows the dashboard functions' JSON to a person at a terminal: dollars from
 * cents, UTC times, aligned tables. Nothing here computes a figure; the SQL did.
 */

/** Cents as dollars, exactly: 183 → $1.83, 45.75 → $0.4575, 123456 → $1,234.56, null → "-". */
export function dollars(cents: number | null | undefined): string {
  if (cents === null || cents === undefined) return '-';
  const [whole, fraction = ''] = Math.abs(cents).toString().split('.');
  const padded = whole.padStart(3, '0');
  const dollarsPart = padded.slice(0, -2).replace(/^0+(?=\d)/, '').replace(/\B(?=(\d{3})+$)/g, ',');
  const text = `${dollarsPart}.${padded.slice(-2)}${fraction}`;
  return `${cents < 0 ? '-' : ''}$${text}`;
}

const count = (n: number) => n.toLocaleString('en-US');
const percent = (rate: number | null) => (rate === null ? '-' : `${(rate * 100).toFixed(1)}%`);
/** An ISO timestamp from the database as "YYYY-MM-DD HH:MM" in UTC. */
const when = (iso: string | null) => (iso ? new Date(iso).toISOString().slice(0, 16).replace('T', ' ') : '-');
const duration = (seconds: number | null) => (seconds === null ? '-' : `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`);

/** Rows as aligned columns; `right` lists the columns to align right (numbers). */
function columns(rows: string[][], right: number[] = []): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((cells) =>
    cells.map((cell, i) => (right.includes(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ').trimEnd(),
  );
}

/** A header, a rule under it, and the rows, aligned. */
export function table(header: string[], rows: string[][], right: number[] = []): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return columns([header, widths.map((w) => '-'.repeat(w)), ...rows], right).join('\n');
}

export function formatPage(page: DashboardPage): string {
  if (!page.items.length) return 'no calls';
  const rows = page.items.map((c: DashboardItem) => [
    when(c.started_at ?? c.created_at),
    c.direction ?? '-',
    c.phone_number ?? '-',
    c.resolved_caller_name ?? '-',
    duration(c.duration_seconds),
    dollars(c.cost_cents),
    c.ended_reason ?? '-',
    c.tools_used.join(', ') || '-',
    c.has_appointment ? `${when(c.appointment_scheduled_at)} ${c.appointment_status ?? ''}`.trim() : '-',
    c.id,
  ]);
  const lines = [
    table(['time (UTC)', 'direction', 'phone', 'caller', 'length', 'cost', 'ended reason', 'tools', 'appointment', 'id'], rows, [4, 5]),
  ];
  lines.push('', page.next_cursor ? `more: add --cursor ${page.next_cursor}` : `${page.items.length} call(s), end of list`);
  return lines.join('\n');
}

export function formatCall(call: CallDetail): string {
  const fields: [string, string][] = [
    ['id', call.id],
    ['vapi call id', call.vapi_call_id ?? '-'],
    ['org', call.org_id],
    ['caller', call.resolved_caller_name ?? '-'],
    ['phone', call.phone_number ?? '-'],
    ['direction', call.direction ?? '-'],
    ['status', call.status ?? '-'],
    ['started', when(call.started_at)],
    ['ended', when(call.ended_at)],
    ['length', duration(call.duration_seconds)],
    ['cost', call.cost_cents === null ? '- (unknown)' : `${dollars(call.cost_cents)} (${call.cost_cents} cents)`],
    ['ended reason', call.ended_reason ?? '-'],
    ['tools used', call.tools_used.join(', ') || '-'],
    ['recording', call.recording_url ?? '-'],
    ['recorded at', when(call.created_at)],
  ];
  const width = Math.max(...fields.map(([k]) => k.length));
  const lines = fields.map(([k, v]) => `${k.padEnd(width)}  ${v}`);
  lines.push('', call.appointments.length ? 'appointments' : 'appointments: none');
  if (call.appointments.length) {
    lines.push(
      table(
        ['scheduled (UTC)', 'status', 'service', 'minutes', 'calendar event', 'id'],
        call.appointments.map((a) => [
          when(a.scheduled_at),
          a.status ?? '-',
          a.service_type ?? '-',
          a.duration_minutes === null ? '-' : String(a.duration_minutes),
          a.calendar_event_id ?? '-',
          a.id,
        ]),
        [3],
      ),
    );
  }
  if (call.summary) lines.push('', 'summary', call.summary);
  if (call.transcript) lines.push('', 'transcript', call.transcript);
  return lines.join('\n');
}

/** The stats of `call_analytics` as a short report (used by `stats` and by `npm start`). */
export function formatStats(stats: CallAnalytics): string {
  const day = (iso: string) => iso.slice(0, 10);
  const lastDay = stats.daily.at(-1)?.date ?? day(stats.to);
  const lines = [
    `calls of org ${stats.org_id}, ${stats.daily[0]?.date ?? day(stats.from)} to ${lastDay} (${stats.time_zone})`,
    '',
    ...columns(
      [
        ['calls', count(stats.total_calls), `answered ${count(stats.answered_calls)} (${percent(stats.total_calls ? stats.answered_calls / stats.total_calls : null)})`],
        ['cost', dollars(stats.total_cost_cents), `average ${dollars(stats.avg_cost_cents)} per call with a known cost, ${count(stats.calls_without_cost)} without`],
        ['booked', count(stats.appointments_booked), `conversion ${percent(stats.conversion_rate)}, ${dollars(stats.cost_per_booked_appointment_cents)} per booking`],
      ],
      [1],
    ),
  ];
  if (stats.ended_reasons.length) {
    lines.push('', table(['ended reason', 'calls'], stats.ended_reasons.map((r) => [r.ended_reason ?? '(not reported)', count(r.calls)]), [1]));
  }
  if (stats.tools.length) {
    lines.push(
      '',
      table(['tool', 'calls', 'booked', 'booking rate'], stats.tools.map((t) => [t.tool, count(t.calls), count(t.booked), percent(t.booking_rate)]), [1, 2, 3]),
    );
  }
  lines.push(
    '',
    table(
      ['day', 'calls', 'answered', 'cost', 'booked'],
      stats.daily.map((d) => [d.date, count(d.calls), count(d.answered_calls), dollars(d.cost_cents), count(d.appointments_booked)]),
      [1, 2, 3, 4],
    ),
  );
  return lines.join('\n');
}
