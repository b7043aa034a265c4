import type { Command } from 'commander';
import { withClient } from '../database.ts';

/** `90d`, `12w`, `6m` (30-day months) or a number of days → whole days. */
export function retentionDays(value: string): number {
  const match = /^(\d+)\s*([dwm]?)$/i.exec(value.trim());
  const days = match ? Number(match[1]) * ({ d: 1, w: 7, m: 30 } as Record<string, number>)[(match[2] || 'd').toLowerCase()] : NaN;
  if (!Number.isSafeInteger(days) || days < 1) throw new Error(`--events must be a period like 90d, 12w or 6m (at least 1d), got "${value}"`);
  return days;
}

/**
 * `golden-record retention --events 90d`: prepares the event store's partitions of the coming
 * months, then drops those whose raw bodies are all older than the period kept (SQL:
 * `_vapi_events_add_partitions`, `_vapi_events_drop_partitions`). Calls are never touched.
 * Meant for a daily scheduler (cron, pg_cron calling the same functions).
 */
export function registerRetentionCommand(program: Command): void {
  program
    .command('retention')
    .description('drop the raw webhook bodies (vapi_events partitions) older than a period; calls are kept')
    .requiredOption('--events <period>', 'keep raw bodies this long: 90d, 12w, 6m', retentionDays)
    .option('--json', 'print JSON')
    .action(async (opts: { events: number; json?: boolean }) => {
      await withClient(
        program,
        async (sql) => {
          const created = (await sql<{ name: string }[]>`SELECT name FROM golden_record._vapi_events_add_partitions() AS name`).map((r) => r.name);
          const dropped = (await sql<{ name: string }[]>`SELECT name FROM golden_record._vapi_events_drop_partitions(make_interval(days => ${opts.events})) AS name`).map(
            (r) => r.name,
          );
          if (opts.json) {
            console.log(JSON.stringify({ keep_days: opts.events, created, dropped }, null, 2));
          } else {
            for (const name of created) console.log(`created ${name}`);
            for (const name of dropped) console.log(`dropped ${name}`);
            console.log(`raw bodies older than ${opts.events} days: ${dropped.length ? `${dropped.length} dropped` : 'none'}`);
          }
        },
        { applicationName: 'golden-record retention' },
      );
    });
}
