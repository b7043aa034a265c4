import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { replayQuarantined } from '../client/ingest.ts';
import { withClient } from '../database.ts';
import { positiveInteger, uuid } from '../flags.ts';
import { ingestPaths, type IngestSummary } from '../ingest.ts';

/**
 * `ingest` (files, directories, NDJSON, stdin through `ingest_vapi_calls`) and `replay`
 * (`replay_quarantined`). Bad bodies are quarantined by the database and counted in the
 * summary; the command fails only when a path cannot be read or the database fails.
 */

const STATUSES = ['ingested', 'updated', 'duplicate', 'ignored', 'quarantined'] as const;

/** The summary for a person: a line per status, and per quarantine reason with an example. */
export function formatSummary(summary: IngestSummary): string {
  const rate = summary.seconds > 0 ? Math.round(summary.deliveries / summary.seconds) : summary.deliveries;
  const out = [
    `${summary.deliveries} deliveries from ${summary.files} source(s) in ${summary.seconds.toFixed(1)} s (${rate}/s)`,
  ];
  for (const status of STATUSES) out.push(`  ${status.padEnd(12)} ${summary.statuses[status] ?? 0}`);
  for (const [reason, count] of Object.entries(summary.reasons).sort((a, b) => b[1] - a[1])) {
    const example = summary.examples.find((e) => e.reason === reason);
    out.push(`    ${reason.padEnd(20)} ${count}${example ? `  (e.g. ${example.source})` : ''}`);
  }
  return out.join('\n');
}

export function registerIngestCommands(program: Command): void {
  program
    .command('ingest')
    .description('hand Vapi webhook bodies to ingest_vapi_calls: files, directories (*.json, *.ndjson below), NDJSON files, - for stdin')
    .argument('[paths...]', 'files, directories or - (default: stdin when it is not a terminal)')
    .option('--org <uuid>', 'the org of every body (default: resolved by vapi_org_mappings)', (value: string) => uuid(value, '--org'))
    .option('--batch-size <n>', 'bodies per statement', positiveInteger('--batch-size'), 200)
    .option('--jobs <n>', 'batches in flight at once, each on its own connection (the rows end the same; which delivery counts as updated or duplicate may then differ)', positiveInteger('--jobs'), 1)
    .option('--json', 'print the summary as JSON')
    .action(async (paths: string[], opts: { org?: string; batchSize: number; jobs: number; json?: boolean }) => {
      if (!paths.length) {
        if (process.stdin.isTTY) throw new Error('give files, directories or - (stdin) to ingest');
        paths = ['-'];
      }
      await withClient(program, async (sql) => {
        const bar = process.stderr.isTTY
          ? new cliProgress.SingleBar(
              { format: 'ingest [{bar}] {percentage}% | {deliveries} deliveries', stream: process.stderr, hideCursor: true },
              cliProgress.Presets.shades_classic,
            )
          : null;
        let started = false;
        let summary: IngestSummary;
        try {
          summary = await ingestPaths(sql, paths, {
            org: opts.org,
            batchSize: opts.batchSize,
            jobs: opts.jobs,
            onProgress: (p) => {
              if (!bar) return;
              const total = Math.max(p.totalBytes ?? p.bytes, p.bytes, 1);
              if (!started) bar.start(total, 0, { deliveries: 0 });
              started = true;
              bar.setTotal(total);
              bar.update(p.bytes, { deliveries: p.deliveries });
            },
          });
        } finally {
          if (started) bar?.stop();
        }
        console.log(opts.json ? JSON.stringify(summary, null, 2) : formatSummary(summary));
      }, { connections: opts.jobs, applicationName: 'golden-record ingest' });
    });

  program
    .command('replay')
    .description('re-run the quarantined deliveries still waiting (e.g. unknown_org after adding a mapping)')
    .option('--reason <reason>', 'only those quarantined for this reason')
    .option('--json', 'print the counts as JSON')
    .action(async (opts: { reason?: string; json?: boolean }) => {
      await withClient(program, async (sql) => {
        const counts = await replayQuarantined(sql, opts.reason);
        if (opts.json) {
          console.log(JSON.stringify(counts, null, 2));
          return;
        }
        console.log(`replayed ${counts.replayed} quarantined deliveries`);
        for (const status of STATUSES) console.log(`  ${status.padEnd(12)} ${counts[status] ?? 0}`);
      }, { applicationName: 'golden-record replay' });
    });
}
