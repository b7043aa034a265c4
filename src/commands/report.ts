import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type postgres from 'postgres';
import { callReport, type CallReport } from '../client/report.ts';
import { withClient } from '../database.ts';
import { renderReport } from '../report/html.ts';
import { orgAndPeriodOptions, resolveOrg } from './calls.ts';

/**
 * `golden-record report`: the org's `call_report` as one self-contained HTML page (--html) or
 * as its JSON (--json). The figures come from SQL; src/report/ lays them out.
 */

/** Writes the HTML report of `org` over the period to `file`; returns its absolute path and the data. */
export async function writeReport(
  sql: postgres.Sql,
  org: string,
  period: { from?: string; to?: string },
  file: string,
): Promise<{ path: string; bytes: number; report: CallReport }> {
  const report = await callReport(sql, org, period);
  const html = renderReport(report);
  const path = resolve(file);
  await writeFile(path, html);
  return { path, bytes: Buffer.byteLength(html), report };
}

export function registerReportCommand(program: Command): void {
  orgAndPeriodOptions(program
    .command('report')
    .description('an org\'s calls, cost, bookings, ended reasons, tools and quarantine as one offline HTML page (call_report)'))
    .option('--html <file>', 'write the HTML report to this file')
    .option('--json', 'print the JSON of call_report')
    .action(async (opts: { org?: string; from?: string; to?: string; html?: string; json?: boolean }) => {
      if (!opts.html && !opts.json) throw new Error('give --html FILE (the page) or --json (its data), or both');
      await withClient(program, async (sql) => {
        const org = await resolveOrg(sql, opts.org);
        const period = { from: opts.from, to: opts.to };
        if (opts.html) {
          const { path, bytes, report } = await writeReport(sql, org, period, opts.html);
          if (opts.json) console.log(JSON.stringify(report, null, 2));
          (opts.json ? process.stderr : process.stdout).write(`report written to ${path} (${(bytes / 1024).toFixed(1)} KiB)\n`);
        } else {
          console.log(JSON.stringify(await callReport(sql, org, period), null, 2));
        }
      });
    });
}
