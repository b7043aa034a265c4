import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import postgres from 'postgres';
import { withDatabase } from '../database.ts';

interface GlobalOptions {
  databaseUrl?: string;
  schema: string;
}

type Counts = Record<string, Record<string, number | string>>;

/** What golden_record.backfill_start() returns. */
export interface BackfillStart {
  run_id: number;
  resumed: boolean;
  steps: string[];
  step: string | null;
  finished: boolean;
  counts: Counts;
  totals: Record<string, number>;
}

/** What golden_record.backfill_step() returns. */
export interface BackfillStep {
  run_id: number;
  step?: string;
  batch?: Record<string, number | string>;
  step_done?: boolean;
  next_step?: string | null;
  next_total?: number | null;
  finished: boolean;
  counts: Counts;
}

export interface BackfillOptions {
  databaseUrl: string;
  schema?: string;
  /** Rows per batch, each batch in its own transaction (default 2000). */
  batchSize?: number;
  /** lock_timeout of each batch; a batch that hits it (or a deadlock) is retried. */
  lockTimeoutMs?: number;
  /** How many times one batch is retried after a lock timeout or a deadlock (default 10). */
  retries?: number;
  onStart?: (start: BackfillStart) => void;
  onBatch?: (step: BackfillStep) => void;
}

/** Errors after which the same batch is simply run again: nothing of it was committed. */
const TRANSIENT = new Set(['55P03', '40P01', '40001']);

/**
 * Runs (or resumes) the legacy backfill to the end: golden_record.backfill_start(), then golden_record.backfill_step() in
 * autocommit until it says finished. All the logic is in those SQL functions (sql/legacy/);
 * this only loops, retries a batch that met a lock, and reports.
 */
export async function runBackfill(options: BackfillOptions): Promise<{ start: BackfillStart; last: BackfillStep }> {
  const sql = postgres(options.databaseUrl, {
    max: 1,
    onnotice: () => {},
    connection: {
      application_name: 'golden-record backfill',
      lock_timeout: options.lockTimeoutMs ?? 2000,
      search_path: `${quoteIdent(options.schema ?? 'public')}, pg_temp`,
    },
  });
  try {
    const [{ start }] = await sql<{ start: BackfillStart }[]>`SELECT golden_record.backfill_start() AS start`;
    options.onStart?.(start);
    let last: BackfillStep = { run_id: start.run_id, finished: start.finished, counts: start.counts };
    for (let attempt = 0; !last.finished; ) {
      try {
        [{ last }] = await sql<{ last: BackfillStep }[]>`SELECT golden_record.backfill_step(${options.batchSize ?? 2000}::integer) AS last`;
        attempt = 0;
        options.onBatch?.(last);
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (!code || !TRANSIENT.has(code) || attempt >= (options.retries ?? 10)) throw error;
        attempt++;
        await new Promise((done) => setTimeout(done, Math.min(5000, 100 * 2 ** attempt)));
      }
    }
    return { start, last };
  } finally {
    // Without a timeout, end() never resolves once the server has dropped the connection, and
    // the process would exit 0 with its error unreported.
    await sql.end({ timeout: 5 });
  }
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

function positiveInteger(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got "${value}"`);
  return n;
}

const STEP_TITLES: Record<string, string> = {
  calls: 'calls: cost, end reason and canonical columns from the legacy ones',
  contacts: 'contacts: phone_number from phone',
  appointments: 'appointments: calendar_event_id from google_calendar_event_id',
  call_logs: 'call_logs merged into calls',
  appointment_links: 'appointments linked to their calls',
};

/** The order counts are printed in; others follow alphabetically. */
const COUNT_ORDER = [
  'scanned', 'updated', 'cost_cents_filled', 'cost_cents_zero', 'cost_cents_kept', 'cost_json_null', 'cost_unreadable',
  'cost_missing', 'ended_reason_filled', 'direction_filled', 'started_at_filled', 'ended_at_filled', 'without_vapi_id', 'unknown_cost_zero',
  'twins_filled', 'twins_complete', 'calls_inserted', 'calls_insert_failed', 'orgs', 'appointments_linked', 'last_error',
];
const rank = (key: string) => (COUNT_ORDER.includes(key) ? COUNT_ORDER.indexOf(key) : COUNT_ORDER.length);

/** The final report: one block per step (in run order), one line per count. */
export function formatReport(runId: number, counts: Counts): string {
  const lines = [`backfill run ${runId} finished`];
  const steps = Object.keys(STEP_TITLES).filter((s) => s in counts).concat(Object.keys(counts).filter((s) => !(s in STEP_TITLES)));
  for (const step of steps) {
    lines.push('', STEP_TITLES[step] ?? step);
    const keys = Object.keys(counts[step]).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    for (const key of keys) lines.push(`  ${key.replace(/_/g, ' ').padEnd(24)} ${counts[step][key]}`);
  }
  return lines.join('\n');
}

export function registerBackfillCommand(program: Command): void {
  program
    .command('backfill')
    .description('fill the golden record of a legacy database: cost_cents and ended_reason from metadata, canonical columns, call_logs merged, appointments linked (batched, resumable)')
    .option('--batch-size <n>', 'rows per batch, each batch in its own transaction', '2000')
    .option('--lock-timeout <ms>', 'lock_timeout of each batch (a batch that hits it is retried)', '2000')
    .option('--json', 'print the final report as JSON')
    .action(async (opts: { batchSize: string; lockTimeout: string; json?: boolean }) => {
      const global = program.opts<GlobalOptions>();
      const say = (line: string) => process.stderr.write(`${line}\n`);
      const batchSize = positiveInteger('--batch-size', opts.batchSize);
      const lockTimeoutMs = positiveInteger('--lock-timeout', opts.lockTimeout);
      await withDatabase({ databaseUrl: global.databaseUrl, say }, async (url) => {
        let totals: Record<string, number> = {};
        let bar: cliProgress.SingleBar | undefined;
        let barStep: string | undefined;
        const showStep = (step: string | null | undefined, counts: Counts) => {
          bar?.stop();
          bar = undefined;
          barStep = step ?? undefined;
          if (!step) return;
          if (!process.stderr.isTTY) return say(`backfill: ${STEP_TITLES[step] ?? step}`);
          bar = new cliProgress.SingleBar(
            { format: `${step.padEnd(17)} {bar} {value}/{total} rows  {eta_formatted}`, etaBuffer: 20 },
            cliProgress.Presets.shades_classic,
          );
          bar.start(totals[step] ?? 0, Number(counts[step]?.scanned ?? 0));
        };
        // A lost server or connection leaves the run to resume: say so.
        const resumable = (error: unknown) => {
          const e = error as { message?: string; code?: string };
          if (!/^(CONNECTION_|ECONN|57P|08)/.test(e.code ?? '')) return error;
          return Object.assign(new Error(`${e.message ?? String(error)}: the backfill stopped; run it again to resume where it left off`), { code: e.code });
        };
        const { start, last } = await runBackfill({
          databaseUrl: url,
          schema: global.schema,
          batchSize,
          lockTimeoutMs,
          onStart: (s) => {
            totals = s.totals;
            if (s.steps.length === 0) say('backfill: nothing to do (no legacy tables or columns found)');
            else if (s.resumed) say(`backfill: resuming run ${s.run_id} at step ${s.step}`);
            else say(`backfill: run ${s.run_id}, steps ${s.steps.join(', ')}`);
            showStep(s.finished ? null : s.step, s.counts);
          },
          onBatch: (b) => {
            if (b.step && b.step === barStep) bar?.update(Math.min(Number(b.counts[b.step]?.scanned ?? 0), totals[b.step] ?? Infinity));
            if (b.step_done && b.next_step && b.next_total != null) totals[b.next_step] = b.next_total;
            if (b.step_done) showStep(b.finished ? null : b.next_step, b.counts);
          },
        }).catch((error) => {
          bar?.stop();
          throw resumable(error);
        });
        bar?.stop();
        console.log(opts.json ? JSON.stringify({ run_id: last.run_id ?? start.run_id, counts: last.counts }, null, 2) : formatReport(last.run_id ?? start.run_id, last.counts));
      });
    });
}
