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
