import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import type postgres from 'postgres';
import { connect, withClient } from '../database.ts';
import { positiveInteger } from '../flags.ts';
import { retryTransient } from '../retry.ts';

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
  /**
   * Rows per batch, each batch in its own transaction. Default: adapted after every batch so
   * that one takes about `batchMs`.
   */
  batchSize?: number;
  /**
   * Without `batchSize`, how long one batch should take (default 50 ms): a writer that needs a
   * row a batch holds waits for the batch's commit, so this bounds that wait.
   */
  batchMs?: number;
  /** How many times one batch is retried after a lock timeout or a deadlock (default 10). */
  retries?: number;
  onStart?: (start: BackfillStart) => void;
  onBatch?: (step: BackfillStep, batch: { rows: number; ms: number }) => void;
}

/** The first batch of an adaptive run, and the bounds of its size. */
const ADAPTIVE_BATCH = { first: 200, min: 10, max: 20_000 };

/**
 * The next batch size of an adaptive run: scaled by how far the last batch was from the
 * target time, by at most a factor of two either way (one slow batch, a lock wait, does not
 * collapse the size), within ADAPTIVE_BATCH's bounds.
 */
export function nextBatchSize(rows: number, ms: number, targetMs: number): number {
  const factor = Math.min(2, Math.max(0.5, targetMs / Math.max(ms, 0.1)));
  return Math.min(ADAPTIVE_BATCH.max, Math.max(ADAPTIVE_BATCH.min, Math.round(rows * factor)));
}

/**
 * Runs (or resumes) the legacy backfill to the end on `sql` (one connection, autocommit, its
 * session's lock_timeout bounding each batch): golden_record.backfill_start(), then
 * golden_record.backfill_step() until it says finished. All the logic is in those SQL functions
 * (sql/legacy/); this only loops, retries a batch that met a lock, and reports.
 */
export async function backfill(sql: postgres.Sql, options: BackfillOptions = {}): Promise<{ start: BackfillStart; last: BackfillStep }> {
  const [{ start }] = await sql<{ start: BackfillStart }[]>`SELECT golden_record.backfill_start() AS start`;
  options.onStart?.(start);
  let last: BackfillStep = { run_id: start.run_id, finished: start.finished, counts: start.counts };
  let rows = options.batchSize ?? ADAPTIVE_BATCH.first;
  while (!last.finished) {
    const began = performance.now();
    [{ last }] = await retryTransient(
      () => sql<{ last: BackfillStep }[]>`SELECT golden_record.backfill_step(${rows}::integer) AS last`,
      { retries: options.retries ?? 10 },
    );
    const ms = performance.now() - began;
    options.onBatch?.(last, { rows, ms });
    if (options.batchSize !== undefined) continue;
    // A new step costs what it costs per row: it starts again from the first size (the last
    // batch of a step, often short, says nothing about the next).
    rows = last.step_done ? ADAPTIVE_BATCH.first : nextBatchSize(rows, ms, options.batchMs ?? 50);
  }
  return { start, last };
}

/** backfill() on a connection of its own to `databaseUrl`, closed afterwards. */
export async function runBackfill(
  options: BackfillOptions & { databaseUrl: string; schema?: string; lockTimeoutMs?: number },
): Promise<{ start: BackfillStart; last: BackfillStep }> {
  const sql = connect(options.databaseUrl, {
    schema: `${quoteIdent(options.schema ?? 'public')}, pg_temp`,
    applicationName: 'golden-record backfill',
    settings: { lock_timeout: options.lockTimeoutMs ?? 2000 },
  });
  try {
    return await backfill(sql, options);
  } finally {
    // Without a timeout, end() never resolves once the server has dropped the connection, and
    // the process would exit 0 with its error unreported.
    await sql.end({ timeout: 5 });
  }
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

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
    .option('--batch-size <n>', 'rows per batch, each batch in its own transaction (default: adapted to --batch-ms)', positiveInteger('--batch-size'))
    .option('--batch-ms <ms>', 'without --batch-size, the time one batch should take: how long a writer may wait for a row it holds', positiveInteger('--batch-ms'), 50)
    .option('--lock-timeout <ms>', 'lock_timeout of each batch (a batch that hits it is retried)', positiveInteger('--lock-timeout'), 2000)
    .option('--json', 'print the final report as JSON')
    .action(async (opts: { batchSize?: number; batchMs: number; lockTimeout: number; json?: boolean }) => {
      const say = (line: string) => process.stderr.write(`${line}\n`);
      const settings = { lock_timeout: opts.lockTimeout };
      await withClient(program, async (sql) => {
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
        const { start, last } = await backfill(sql, {
          batchSize: opts.batchSize,
          batchMs: opts.batchMs,
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
      }, { applicationName: 'golden-record backfill', settings });
    });
}
