import { Command, CommanderError } from 'commander';
import { registerMigrateCommands } from './commands/migrate.ts';
import { registerCallsCommands } from './commands/calls.ts';
import { registerDoctorCommand } from './commands/doctor.ts';
import { registerBackfillCommand } from './commands/backfill.ts';
import { registerIngestCommands } from './commands/ingest.ts';
import { registerDemoCommand } from './commands/demo.ts';
import { registerReconcileCommand } from './commands/reconcile.ts';
import { registerRolesCommands } from './commands/roles.ts';
import { registerReportCommand } from './commands/report.ts';

/**
 * golden-record: a thin CLI over the SQL API. Every command resolves its database the same way
 * (see src/database.ts) and leaves the work to the functions in sql/.
 */
const program = new Command('golden-record')
  .description('Vapi webhooks into one exact PostgreSQL row per call.')
  .option('-c, --database-url <url>', 'PostgreSQL connection string (default: DATABASE_URL, else an embedded server in .golden-record/)')
  .option('--schema <name>', 'schema of the golden-record tables and functions', 'public')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

registerMigrateCommands(program);
registerDemoCommand(program);
registerCallsCommands(program);
registerDoctorCommand(program);
registerBackfillCommand(program);
registerIngestCommands(program);
registerReconcileCommand(program);
registerRolesCommands(program);
registerReportCommand(program);

/** User errors (bad flags, cannot connect, failed migration) are one line on stderr, no stack. */
function describe(error: unknown): string {
  const e = error as { code?: string; message?: string; address?: string; port?: number; errors?: unknown[] };
  if (e?.code === 'ECONNREFUSED') return `cannot connect to the database at ${e.address ?? '?'}:${e.port ?? '?'} (connection refused)`;
  if (e?.code === 'ENOTFOUND') return `cannot connect to the database: host not found (${e.message})`;
  if (Array.isArray(e?.errors) && e.errors.length) return describe(e.errors[0]);
  const message = (e?.message ?? String(error)).split('\n')[0];
  return e?.code && /^[0-9A-Z]{5}$/.test(e.code) ? `${message} (SQLSTATE ${e.code})` : message;
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  process.stderr.write(`golden-record: ${describe(error)}\n`);
  if (process.env.GOLDEN_RECORD_DEBUG) console.error(error);
  process.exit(1);
}
