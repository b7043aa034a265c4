import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { reconcile, VAPI_PAGE_LIMIT, type ReconcileSummary } from '../client/reconcile.ts';
import { withClient } from '../database.ts';

/**
 * `golden-record reconcile`: the client's `reconcile` for a terminal or a cron job. The key
 * comes from VAPI_API_KEY only (a flag would land in shell history and `ps`), and is never
 * printed. Exit codes: 0 done (with --check: the record agrees), 3 with --check when the record
 * and Vapi disagree, 1 on any error.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** An ISO time, or a duration back from now such as 14d, 12h, 30m, 2w. */
export function parseSince(flag: string, value: string, now = Date.now()): Date {
  const duration = /^(\d+)\s*([smhdw])$/i.exec(value.trim());
  if (duration) return new Date(now - Number(duration[1]) * UNITS[duration[2].toLowerCase()]);
  const at = Date.parse(value);
  if (Number.isNaN(at)) throw new Error(`${flag} must be an ISO time or a duration such as 14d, 12h or 30m, got "${value}"`);
  return new Date(at);
}

interface ReconcileFlags {
  since: string;
  until?: string;
  org?: string;
  check?: boolean;
  json?: boolean;
  pageSize: string;
}

export function formatSummary(s: ReconcileSummary): string {
  const lines = [
    `${s.check ? 'checked' : 'reconciled'} calls created ${s.since} to ${s.until} (${s.requests} request(s) to Vapi's API)`,
    `  seen              ${s.seen}`,
    `  already complete  ${s.complete}`,
    s.check ? `  to recover        ${s.missing + s.incomplete} (missing ${s.missing}, incomplete ${s.incomplete})`
            : `  recovered         ${s.recovered} (missing ${s.missing}, incomplete ${s.incomplete})`,
    `  differing         ${s.differing}${s.differing ? ' (what a report wrote is kept)' : ''}`,
    `  unknown org       ${s.unknown_org}${s.unknown_org && !s.check ? ' (quarantined as unknown_org)' : ''}`,
    `  not ended yet     ${s.not_ended}`,
  ];
  if (s.invalid) lines.push(`  invalid           ${s.invalid} (no usable id, or the id belongs to another org)`);
  for (const e of s.examples) {
    const fields = Object.entries(e.differences ?? {})
      .map(([field, { record, vapi }]) => `${field} record ${JSON.stringify(record ?? null)} vapi ${JSON.stringify(vapi ?? null)}`)
      .join('; ');
    lines.push(`  e.g. ${e.vapi_call_id} ${e.verdict}${fields ? `: ${fields}` : ''}`);
  }
  for (const u of s.unpageable) {
    lines.push(`  warning: more than a page of calls share createdAt ${u.createdAt}${u.updatedAt ? ` and updatedAt ${u.updatedAt}` : ''}; some may not have been seen`);
  }
  lines.push(s.agree ? 'the record agrees with Vapi' : 'the record and Vapi disagree');
  return lines.join('\n');
}

export function registerReconcileCommand(program: Command): void {
  program
    .command('reconcile')
    .description("recover from Vapi's API (GET /call) what the webhooks lost; --check says whether the record matches (key: VAPI_API_KEY, base URL: VAPI_API_URL)")
    .requiredOption('--since <time>', 'calls created at or after this ISO time, or this long ago (14d, 12h, 30m)')
    .option('--until <time>', 'calls created before this ISO time or this long ago (default: now)')
    .option('--org <id>', 'file every call under this org uuid (default: vapi_org_mappings, else quarantined as unknown_org)')
    .option('--check', 'write nothing; exit 3 when the record and Vapi disagree, 0 when they agree')
    .option('--json', 'print the summary as JSON')
    .option('--page-size <n>', `calls per request (1-${VAPI_PAGE_LIMIT})`, String(VAPI_PAGE_LIMIT))
    .action(async (flags: ReconcileFlags) => {
      const since = parseSince('--since', flags.since);
      const until = flags.until ? parseSince('--until', flags.until) : new Date();
      if (since >= until) throw new Error('--since must be before --until');
      if (flags.org && !UUID.test(flags.org)) throw new Error(`--org must be a uuid, got "${flags.org}"`);
      const pageSize = Number(flags.pageSize);
      if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > VAPI_PAGE_LIMIT) {
        throw new Error(`--page-size must be a whole number from 1 to ${VAPI_PAGE_LIMIT}, got "${flags.pageSize}"`);
      }
      if (!process.env.VAPI_API_KEY) throw new Error("VAPI_API_KEY is not set: export a private key of Vapi's API");

      const bar = process.stderr.isTTY && !flags.json
        ? new cliProgress.SingleBar({ stream: process.stderr, format: 'reconcile [{bar}] {percentage}% | {seen} calls' }, cliProgress.Presets.shades_classic)
        : null;
      const summary = await withClient(program, async (sql) => {
        bar?.start(until.getTime() - since.getTime(), 0, { seen: 0 });
        try {
          return await reconcile(sql, {
            since,
            until,
            orgId: flags.org,
            check: flags.check,
            pageSize,
            onProgress: (p) => bar?.update(p.covered, { seen: p.seen }),
          });
        } finally {
          bar?.stop();
        }
      }, { applicationName: 'golden-record reconcile' });

      console.log(flags.json ? JSON.stringify(summary, null, 2) : formatSummary(summary));
      if (summary.unpageable.length) process.exitCode = 1;
      else if (flags.check && !summary.agree) process.exitCode = 3;
    });
}
