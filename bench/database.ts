import { execFileSync } from 'node:child_process';
import { cpus, freemem, loadavg, release, totalmem, type } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { PACKAGE_ROOT } from '../src/code-layer.ts';
import { embeddedHome, startEmbedded, type EmbeddedServer } from '../src/embedded.ts';
import { migrateUp } from '../src/migrate.ts';

/**
 * The server the bench runs on: DATABASE_URL (its database is only used to create and drop the
 * bench's own databases), else an embedded PostgreSQL in .golden-record/bench with
 * pg_stat_statements preloaded. Every workload gets a fresh clone of one migrated template.
 */
export interface BenchServer {
  kind: 'embedded' | 'DATABASE_URL';
  adminUrl: string;
  /** The URL of database `name` on this server. */
  urlOf(name: string): string;
  /** A fresh database, cloned from `template` when given; dropped by `dropAll`. */
  createDatabase(name: string, template?: string): Promise<string>;
  /** Drops a database the bench made, unless the run keeps them (--keep). */
  dropDatabase(name: string): Promise<void>;
  dropAll(): Promise<void>;
  stop(): Promise<void>;
}

export const quiet = { onnotice: () => {} };

export function urlWithDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function ensureStatStatements(server: EmbeddedServer, log: (line: string) => void): Promise<EmbeddedServer> {
  const sql = postgres(server.url, { max: 1, ...quiet });
  try {
    const [{ shared_preload_libraries: loaded }] = await sql`SHOW shared_preload_libraries`;
    if (String(loaded).includes('pg_stat_statements')) return server;
    await sql`ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'`;
  } finally {
    await sql.end();
  }
  log('bench: preloading pg_stat_statements in the bench cluster (one restart)');
  await server.stop();
  return startEmbedded(join(embeddedHome(), 'bench'));
}

export async function openServer(log: (line: string) => void, keep = false): Promise<BenchServer> {
  let embedded: EmbeddedServer | undefined;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    embedded = await startEmbedded(join(embeddedHome(), 'bench'));
    embedded = await ensureStatStatements(embedded, log);
    adminUrl = embedded.url;
    log(`bench: no DATABASE_URL; using the embedded PostgreSQL in ${embedded.dataDir}`);
  }
  const created = new Set<string>();
  const admin = () => postgres(adminUrl!, { max: 1, ...quiet });
  // Several benches on one shared server (parallel work trees) must not drop each other's databases.
  const prefix = process.env.GOLDEN_RECORD_BENCH_DB_PREFIX ?? '';
  const named = (name: string) => `${prefix}${name}`;
  const server: BenchServer = {
    kind: embedded ? 'embedded' : 'DATABASE_URL',
    adminUrl,
    urlOf: (name) => urlWithDatabase(adminUrl!, named(name)),
    async createDatabase(name, template) {
      const sql = admin();
      try {
        await sql.unsafe(`DROP DATABASE IF EXISTS ${named(name)} WITH (FORCE)`);
        await sql.unsafe(template ? `CREATE DATABASE ${named(name)} TEMPLATE ${named(template)}` : `CREATE DATABASE ${named(name)}`);
      } finally {
        await sql.end();
      }
      created.add(name);
      return server.urlOf(name);
    },
    async dropDatabase(name) {
      if (keep) return;
      const sql = admin();
      try {
        await sql.unsafe(`DROP DATABASE IF EXISTS ${named(name)} WITH (FORCE)`);
      } finally {
        await sql.end();
      }
      created.delete(name);
    },
    async dropAll() {
      for (const name of [...created].reverse()) await server.dropDatabase(name);
    },
    stop: async () => embedded?.stop(),
  };
  return server;
}

/** A migrated database that the workloads clone (CREATE DATABASE ... TEMPLATE). */
export async function migratedTemplate(server: BenchServer, name: string): Promise<void> {
  const url = await server.createDatabase(name);
  await migrateUp({ databaseUrl: url });
}

/**
 * Runs a bulk load with the secondary indexes of `tables` dropped, then builds them again with
 * the same names and definitions: much faster than maintaining them row by row. Indexes behind
 * constraints (primary keys, unique) stay.
 */
export async function withIndexesRebuilt(tx: postgres.TransactionSql, tables: string[], load: () => Promise<void>): Promise<void> {
  const indexes = await tx`
    SELECT indexrelid::regclass::text AS name, pg_get_indexdef(indexrelid) AS definition
    FROM pg_index
    WHERE indrelid = ANY (${tables}::regclass[])
      AND NOT EXISTS (SELECT FROM pg_constraint WHERE conindid = indexrelid)`;
  for (const index of indexes) await tx.unsafe(`DROP INDEX ${index.name}`);
  await load();
  for (const index of indexes) await tx.unsafe(index.definition);
}

/** Does the database have this function (by name, any arguments)? */
export async function hasFunction(sql: postgres.Sql, name: string): Promise<boolean> {
  const [row] = await sql`SELECT count(*)::int AS n FROM pg_proc WHERE proname = ${name}`;
  return row.n > 0;
}

const SETTINGS = [
  'server_version',
  'shared_buffers',
  'work_mem',
  'maintenance_work_mem',
  'effective_cache_size',
  'max_wal_size',
  'checkpoint_timeout',
  'synchronous_commit',
  'fsync',
  'wal_level',
  'jit',
  'random_page_cost',
  'max_connections',
  'max_parallel_workers_per_gather',
  'shared_preload_libraries',
];

/** What the numbers were measured on: machine, PostgreSQL version and settings, git commit. */
export async function describeEnvironment(server: BenchServer, url: string) {
  const sql = postgres(url, { max: 1, ...quiet });
  try {
    const [{ version }] = await sql`SELECT version()`;
    const rows = await sql`SELECT name, setting, unit FROM pg_settings WHERE name = ANY(${SETTINGS})`;
    const settings = Object.fromEntries(rows.map((r) => [r.name, r.unit ? `${r.setting} ${r.unit}` : r.setting]));
    const git = (args: string[]) => {
      try {
        return execFileSync('git', args, { cwd: PACKAGE_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
      } catch {
        return null;
      }
    };
    return {
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? null,
        memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
        freeMemoryGiB: Math.round((freemem() / 2 ** 30) * 10) / 10,
        os: `${type()} ${release()}`,
        node: process.version,
        loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
      },
      postgres: { server: server.kind, version, settings },
      git: { commit: git(['rev-parse', 'HEAD']), dirty: (git(['status', '--porcelain']) ?? '') !== '' },
    };
  } finally {
    await sql.end();
  }
}
