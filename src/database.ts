import type { Command } from 'commander';
import postgres from 'postgres';
import { startEmbedded } from './embedded.ts';

export interface DatabaseChoice {
  databaseUrl?: string;
  /** Where the message about the embedded server goes (stderr for the CLI). */
  say?: (line: string) => void;
}

/**
 * Runs `work` against the database the user chose: --database-url, else DATABASE_URL, else an
 * embedded PostgreSQL in .golden-record/ that is started for the run and stopped afterwards.
 */
export async function withDatabase<T>(choice: DatabaseChoice, work: (url: string) => Promise<T>): Promise<T> {
  const url = choice.databaseUrl ?? process.env.DATABASE_URL;
  if (url) return work(url);
  const server = await startEmbedded();
  choice.say?.(`golden-record: no --database-url or DATABASE_URL given; using the embedded PostgreSQL in ${server.dataDir} (${server.url})`);
  const stop = () => void server.stop().finally(() => process.exit(130));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    return await work(server.url);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await server.stop();
  }
}

export interface ClientOptions {
  /** The schema the client's search_path names (default public). */
  schema?: string;
  /** Pool size (default 1). */
  connections?: number;
  applicationName?: string;
  /** Further session settings sent at connect (e.g. `lock_timeout`). */
  settings?: Record<string, string | number>;
}

/** A postgres.js client on `url`, its search_path on the package's schema, notices silenced. */
export function connect(url: string, options: ClientOptions = {}): postgres.Sql {
  return postgres(url, {
    max: options.connections ?? 1,
    onnotice: () => {},
    connection: { ...options.settings, application_name: options.applicationName ?? 'golden-record', search_path: options.schema ?? 'public' },
  });
}

/**
 * Runs a CLI command's `work` with a client (see connect) on the database the global options
 * chose (see withDatabase); `url` is that database, for the migration runner.
 */
export async function withClient<T>(
  program: Command,
  work: (sql: postgres.Sql, url: string) => Promise<T>,
  options: Omit<ClientOptions, 'schema'> = {},
): Promise<T> {
  const global = program.opts<{ databaseUrl?: string; schema: string }>();
  const say = (line: string) => process.stderr.write(`${line}\n`);
  return withDatabase({ databaseUrl: global.databaseUrl, say }, async (url) => {
    const sql = connect(url, { ...options, schema: global.schema });
    // If the server goes away, a pending query may never settle and the event loop empties:
    // the process must not then exit 0 as if the work were done.
    const unfinished = () => {
      say('golden-record: the connection to the database was lost before the work finished; run the command again (what was stored is recognised)');
      process.exit(1);
    };
    process.once('beforeExit', unfinished);
    try {
      return await work(sql, url);
    } finally {
      process.off('beforeExit', unfinished);
      // Without a timeout, end() never resolves once the server has dropped the connection.
      await sql.end({ timeout: 5 });
    }
  });
}
