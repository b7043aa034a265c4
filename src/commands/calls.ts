import { Command, Option } from 'commander';
import postgres from 'postgres';
import {
  callAnalytics,
  listCalls,
  showCall,
  type CallAnalytics,
  type CallDetail,
  type DashboardFilters,
  type DashboardItem,
  type DashboardPage,
  type Direction,
} from '../client/dashboard.ts';
import { withClient } from '../database.ts';

/**
 * `calls list`, `calls show` and `stats`: the dashboard functions for a person at a terminal
 * (aligned tables) or a script (`--json`, the functions' JSON unchanged).
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function uuid(value: string, what: string): string {
  if (!UUID.test(value)) throw new Error(`${what} must be a uuid, got "${value}"`);
  return value;
}

function integer(flag: string) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n)) throw new Error(`${flag} must be a whole number, got "${value}"`);
    return n;
  };
}

export function timestamp(flag: string) {
  return (value: string) => {
    if (Number.isNaN(Date.parse(value))) throw new Error(`${flag} must be a date or timestamp, got "${value}"`);
    return value;
  };
}

const collect = (value: string, previous: string[] = []) => [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];

/**
 * The org to report on: --org, else the only org that has calls. Reads org ids by skipping
 * through the (org_id, ...) index, so it costs a few index probes, not a scan.
 */
export async function resolveOrg(sql: postgres.Sql, org: string | undefined): Promise<string> {
  if (org) return uuid(org, '--org');
  const orgs = await sql<{ org_id: string }[]>`
    WITH RECURSIVE org AS (
      (SELECT org_id FROM calls ORDER BY org_id LIMIT 1)
      UNION ALL
      SELECT (SELECT c.org_id FROM calls c WHERE c.org_id > org.org_id ORDER BY c.org_id LIMIT 1) FROM org WHERE org.org_id IS NOT NULL
    )
    SELECT org_id FROM org WHERE org_id IS NOT NULL LIMIT 2`;
  if (orgs.length === 1) return orgs[0].org_id;
  throw new Error(orgs.length ? 'calls of several orgs are stored: pass --org ID' : 'no calls are visible: pass --org ID');
}

// ---- formatting -------------------------------------------------------------------------

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

const print = (json: boolean | undefined, value: unknown, human: () => string) =>
  console.log(json ? JSON.stringify(value, null, 2) : human());

// ---- commands ---------------------------------------------------------------------------

interface ListOptions {
  org?: string;
  from?: string;
  to?: string;
  direction?: string[];
  endedReason?: string[];
  booked?: boolean;
  tool?: string;
  minCost?: number;
  maxCost?: number;
  search?: string;
  pageSize: number;
  cursor?: string;
  json?: boolean;
}

function filtersOf(opts: ListOptions): DashboardFilters {
  const filters: DashboardFilters = {};
  if (opts.from) filters.from = opts.from;
  if (opts.to) filters.to = opts.to;
  if (opts.direction?.length) filters.direction = opts.direction as Direction[];
  if (opts.endedReason?.length) filters.ended_reason = opts.endedReason;
  if (opts.booked !== undefined) filters.has_appointment = opts.booked;
  if (opts.tool) filters.tool = opts.tool;
  if (opts.minCost !== undefined) filters.min_cost_cents = opts.minCost;
  if (opts.maxCost !== undefined) filters.max_cost_cents = opts.maxCost;
  if (opts.search) filters.search = opts.search;
  return filters;
}

export function registerCallsCommands(program: Command): void {
  const calls = program.command('calls').description('read the golden record: list calls with filters, show one call');

  calls
    .command('list')
    .description('one page of calls, newest first (calls_dashboard_list)')
    .option('--org <id>', 'org uuid (default: the only org that has calls)')
    .option('--from <time>', 'recorded at or after this time', timestamp('--from'))
    .option('--to <time>', 'recorded before this time', timestamp('--to'))
    .addOption(new Option('--direction <d>', 'inbound, outbound or web (repeat or comma-separate for several)').argParser(collect))
    .addOption(new Option('--ended-reason <reason>', 'ended reason (repeat or comma-separate for several)').argParser(collect))
    .option('--booked', 'only calls that booked an appointment')
    .option('--not-booked', 'only calls that did not book')
    .option('--tool <name>', 'only calls that used this tool')
    .option('--min-cost <cents>', 'cost at least this many cents', integer('--min-cost'))
    .option('--max-cost <cents>', 'cost at most this many cents', integer('--max-cost'))
    .option('--search <text>', '"+1555..." number prefix, digits anywhere in the number, or a caller name')
    .option('--page-size <n>', 'calls per page (1-500)', integer('--page-size'), 50)
    .option('--cursor <cursor>', 'the cursor printed after the previous page')
    .option('--json', 'print the JSON page ({items, next_cursor})')
    .action(async (opts: ListOptions & { notBooked?: boolean }) => {
      if (opts.booked && opts.notBooked) throw new Error('give --booked or --not-booked, not both');
      if (opts.notBooked) opts.booked = false;
      await withClient(program, async (sql) => {
        const org = await resolveOrg(sql, opts.org);
        const page = await listCalls(sql, org, { filters: filtersOf(opts), pageSize: opts.pageSize, cursor: opts.cursor });
        print(opts.json, page, () => formatPage(page));
      });
    });

  calls
    .command('show')
    .description('one call with its appointments (calls_dashboard_detail)')
    .argument('<id>', 'the call: calls.id (uuid) or its Vapi call id')
    .option('--org <id>', 'org uuid (default: the call\'s own org)')
    .option('--json', 'print the JSON record')
    .action(async (id: string, opts: { org?: string; json?: boolean }) => {
      await withClient(program, async (sql) => {
        const org = opts.org ? uuid(opts.org, '--org') : undefined;
        // Find the call's id and org (acting for --org when given, for forced row-level
        // security); the record itself comes from calls_dashboard_detail.
        if (org) await sql`SELECT set_config('golden_record.org_id', ${org}, false)`;
        const [found] = await sql<{ id: string; org_id: string }[]>`
          SELECT id, org_id FROM calls
           WHERE ${UUID.test(id) ? sql`(id = ${id}::uuid OR vapi_call_id = ${id})` : sql`vapi_call_id = ${id}`}
             AND (${org ?? null}::uuid IS NULL OR org_id = ${org ?? null}::uuid)
           LIMIT 1`;
        const call = found ? await showCall(sql, found.org_id, found.id) : null;
        if (!call) throw new Error(`no call ${id}${org ? ` in org ${org}` : ''}`);
        print(opts.json, call, () => formatCall(call));
      });
    });

  program
    .command('stats')
    .description('cost, conversion, ended reasons, tools and a daily series of an org (call_analytics)')
    .option('--org <id>', 'org uuid (default: the only org that has calls)')
    .option('--from <time>', 'start of the period (default: 30 days before --to)', timestamp('--from'))
    .option('--to <time>', 'end of the period, exclusive (default: now)', timestamp('--to'))
    .option('--json', 'print the JSON of call_analytics')
    .action(async (opts: { org?: string; from?: string; to?: string; json?: boolean }) => {
      await withClient(program, async (sql) => {
        const org = await resolveOrg(sql, opts.org);
        const stats = await callAnalytics(sql, org, { from: opts.from, to: opts.to });
        print(opts.json, stats, () => formatStats(stats));
      });
    });
}
