import type { Command } from 'commander';
import { withDatabase } from '../database.ts';
import { positiveInteger } from '../flags.ts';
import { migrateDown, migrateUp, migrationStatus, type MigrateOptions } from '../migrate.ts';

interface GlobalOptions {
  databaseUrl?: string;
  schema: string;
}

const say = (line: string) => process.stderr.write(`${line}\n`);

function migrateOptions(global: GlobalOptions, url: string, extra: { lockTimeout?: string }): MigrateOptions {
  return {
    databaseUrl: url,
    schema: global.schema,
    lockTimeoutMs: extra.lockTimeout ? positiveInteger('--lock-timeout')(extra.lockTimeout) : undefined,
    log: process.env.GOLDEN_RECORD_VERBOSE ? say : undefined,
  };
}

export function registerMigrateCommands(program: Command): void {
  const migrate = program.command('migrate').description('apply, revert or inspect the schema migrations and the SQL code layer');

  migrate
    .command('up')
    .description('apply pending migrations, then (re)install the functions, triggers and views of sql/')
    .option('--count <n>', 'apply only the next N migrations')
    .option('--lock-timeout <ms>', 'lock_timeout of every migration statement (retried on timeout)', '2000')
    .action(async (opts: { count?: string; lockTimeout?: string }) => {
      const global = program.opts<GlobalOptions>();
      await withDatabase({ databaseUrl: global.databaseUrl, say }, async (url) => {
        const ran = await migrateUp(migrateOptions(global, url, opts), opts.count ? positiveInteger('--count')(opts.count) : Infinity);
        console.log(ran.length ? `applied ${ran.length} migration(s): ${ran.join(', ')}` : 'no pending migrations');
        const status = await migrationStatus({ databaseUrl: url });
        if (status.pending.length) console.log(`${status.pending.length} migration(s) still pending; code layer not reinstalled`);
        else console.log(`code layer installed (${status.codeLayer.installed})`);
      });
    });

  migrate
    .command('down')
    .description('revert the last migration (or --count N, or --all); removes the code layer first')
    .option('--count <n>', 'revert the last N migrations')
    .option('--all', 'revert every migration: nothing of the package is left')
    .option('--cascade', 'also drop your own objects that use the package\'s functions or views (default: refuse, naming them)')
    .option('--lock-timeout <ms>', 'lock_timeout of every migration statement (retried on timeout)', '2000')
    .action(async (opts: { count?: string; all?: boolean; cascade?: boolean; lockTimeout?: string }) => {
      if (opts.all && opts.count) throw new Error('give either --count or --all, not both');
      const global = program.opts<GlobalOptions>();
      await withDatabase({ databaseUrl: global.databaseUrl, say }, async (url) => {
        const count = opts.all ? Infinity : opts.count ? positiveInteger('--count')(opts.count) : 1;
        const ran = await migrateDown({ ...migrateOptions(global, url, opts), cascade: opts.cascade }, count);
        console.log(ran.length ? `reverted ${ran.length} migration(s): ${ran.join(', ')}` : 'no migrations to revert');
      });
    });

  migrate
    .command('status')
    .description('list applied and pending migrations and the state of the code layer')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const global = program.opts<GlobalOptions>();
      await withDatabase({ databaseUrl: global.databaseUrl, say }, async (url) => {
        const status = await migrationStatus({ databaseUrl: url });
        if (opts.json) {
          console.log(JSON.stringify(status, null, 2));
          return;
        }
        for (const name of status.applied) console.log(`applied  ${name}`);
        for (const name of status.pending) console.log(`pending  ${name}`);
        const { installed, current } = status.codeLayer;
        console.log(
          installed === null ? 'code layer: not installed (run migrate up)'
            : installed === current ? `code layer: installed, up to date (${installed})`
              : `code layer: installed but stale (${installed}, sql/ is ${current}); run migrate up`,
        );
      });
    });
}
