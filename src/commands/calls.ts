import { Command, Option } from 'commander';
import { callAnalytics, findCall, listCalls, callOrgIds, type DashboardFilters, type Direction } from '../client/dashboard.ts';
import { withClient } from '../database.ts';
import { integer, timestamp, uuid } from '../flags.ts';
import { formatCall, formatPage, formatStats } from '../format.ts';

/**
 * `calls list`, `calls show` and `stats`: the dashboard functions for a person at a terminal
 * (aligned tables) or a script (`--json`, the functions' JSON unchanged).
 */

const collect = (value: string, previous: string[] = []) => [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];

/** The org to report on: --org, else the only org that has calls (calls_org_ids, a few index probes). */
export async function resolveOrg(sql: Parameters<typeof callOrgIds>[0], org: string | undefined): Promise<string> {
  if (org) return uuid(org, '--org');
  const orgs = await callOrgIds(sql, 2);
  if (orgs.length === 1) return orgs[0];
  throw new Error(orgs.length ? 'calls of several orgs are stored: pass --org ID' : 'no calls are visible: pass --org ID');
}

const print = (json: boolean | undefined, value: unknown, human: () => string) =>
  console.log(json ? JSON.stringify(value, null, 2) : human());

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

/** `--org` and the period `--from`/`--to` of the commands that read an org's figures (stats, report). */
export function orgAndPeriodOptions(command: Command): Command {
  return command
    .option('--org <id>', 'org uuid (default: the only org that has calls)')
    .option('--from <time>', 'start of the period (default: 30 days before --to)', timestamp('--from'))
    .option('--to <time>', 'end of the period, exclusive (default: now)', timestamp('--to'));
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
        const call = await findCall(sql, id, org);
        if (!call) throw new Error(`no call ${id}${org ? ` in org ${org}` : ''}`);
        print(opts.json, call, () => formatCall(call));
      });
    });

  orgAndPeriodOptions(program
    .command('stats')
    .description('cost, conversion, ended reasons, tools and a daily series of an org (call_analytics)'))
    .option('--json', 'print the JSON of call_analytics')
    .action(async (opts: { org?: string; from?: string; to?: string; json?: boolean }) => {
      await withClient(program, async (sql) => {
        const org = await resolveOrg(sql, opts.org);
        const stats = await callAnalytics(sql, org, { from: opts.from, to: opts.to });
        print(opts.json, stats, () => formatStats(stats));
      });
    });
}
