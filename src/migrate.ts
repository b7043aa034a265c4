import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { runner, type MigrationBuilder } from 'node-pg-migrate';
import { codeLayerDigest, installSql, PACKAGE_ROOT, uninstallSql } from './code-layer.ts';
import { retryTransient } from './retry.ts';

export const MIGRATIONS_DIR = join(PACKAGE_ROOT, 'migrations');
/** Package bookkeeping (migrations table, tracked objects, code-layer digest) lives here. */
export const PACKAGE_SCHEMA = 'golden_record';
const MIGRATIONS_TABLE = 'pgmigrations';

export interface MigrateOptions {
  databaseUrl: string;
  /** Schema of the tables and functions (default public). */
  schema?: string;
  /** lock_timeout for every migration statement; a statement that waits longer is retried. */
  lockTimeoutMs?: number;
  /** How many times a run that hit lock_timeout (or a deadlock) is retried, with growing pauses. */
  lockRetries?: number;
  /** Down only: also drop the user's objects that use the code layer (default: refuse). */
  cascade?: boolean;
  log?: (line: string) => void;
}

type Action = (pgm: MigrationBuilder) => Promise<void> | void;
interface Unit {
  id: string;
  filePaths: string[];
  actions: { up: Action; down: Action };
}

/** `.sql` migrations: `-- Up Migration` / `-- Down Migration` sections, as node-pg-migrate writes them. */
function sqlActions(content: string): Unit['actions'] {
  const downAt = content.search(/^\s*--\s*Down Migration/im);
  const upSql = downAt >= 0 ? content.slice(0, downAt) : content;
  const downSql = downAt >= 0 ? content.slice(downAt) : '';
  return {
    up: (pgm) => void pgm.sql(upSql),
    down: (pgm) => {
      if (!downSql.trim()) throw new Error('this migration has no -- Down Migration section');
      pgm.sql(downSql);
    },
  };
}

async function loadUnit(path: string): Promise<Unit> {
  const actions = path.endsWith('.sql')
    ? sqlActions(await readFile(path, 'utf8'))
    : ((await import(pathToFileURL(path).href)) as Unit['actions']);
  return { id: path, filePaths: [path], actions: { up: actions.up, down: actions.down } };
}

function connectionFor(options: MigrateOptions) {
  const client = new pg.Client({ connectionString: options.databaseUrl, application_name: 'golden-record migrate' });
  // Migrations speak to the DBA through WARNINGs (e.g. a role kept because another database uses it).
  client.on('notice', (notice) => {
    // 25P01: the ROLLBACK after a failed migration that ran outside a transaction.
    if (notice.severity === 'WARNING' && notice.code !== '25P01') process.stderr.write(`golden-record: warning: ${notice.message}\n`);
  });
  return client;
}

async function appliedMigrations(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query(
    `SELECT name FROM ${PACKAGE_SCHEMA}.${MIGRATIONS_TABLE} WHERE to_regclass('${PACKAGE_SCHEMA}.${MIGRATIONS_TABLE}') IS NOT NULL ORDER BY run_on, id`,
  ).catch(() => ({ rows: [] as { name: string }[] }));
  return rows.map((r: { name: string }) => r.name);
}

/**
 * Refuses to migrate while PUBLIC can create objects in the application's schema or the
 * package's: migration statements resolve names through that schema as the migrating role
 * (usually a superuser), and an exact-type copy of a built-in planted there, e.g.
 * public.format(text, name, text), beats pg_catalog's and runs with those rights
 * (CVE-2018-1058). Warns naming every other role that is not a superuser and can create
 * objects there (not the migrating role, not the package's owner role or its members).
 */
/**
 * The package's owner role: the owner of its bookkeeping (take_ownership hands it every table,
 * and the catalogue tells it to any role), else, before the first install, the one the setting names.
 */
async function ownerRoleName(client: pg.Client): Promise<string> {
  const { rows: [{ owner }] } = await client.query<{ owner: string }>(
    `SELECT coalesce((SELECT pg_get_userbyid(c.relowner) FROM pg_class c WHERE c.oid = to_regclass('${PACKAGE_SCHEMA}.package_roles')),
                     nullif(btrim(current_setting('golden_record.owner_role', true)), ''), 'golden_record_owner') AS owner`,
  );
  return owner;
}

async function refuseWritableSchemas(client: pg.Client, schema: string): Promise<void> {
  const { rows: open } = await client.query<{ nspname: string }>(
    `SELECT n.nspname FROM pg_namespace n CROSS JOIN LATERAL aclexplode(n.nspacl) a
      WHERE n.nspname IN ($1, $2) AND a.grantee = 0 AND a.privilege_type = 'CREATE' ORDER BY n.nspname`,
    [schema, PACKAGE_SCHEMA],
  );
  if (open.length) {
    const names = open.map((r) => r.nspname);
    throw new Error(
      `refusing to migrate: every role can create objects in schema ${names.join(' and ')} (PUBLIC has CREATE), so a function planted there would run with this role's rights during the migration (CVE-2018-1058); run ${names.map((n) => `REVOKE CREATE ON SCHEMA ${n} FROM PUBLIC`).join('; ')}, then migrate again`,
    );
  }
  const owner = await ownerRoleName(client);
  const { rows: writers } = await client.query<{ nspname: string; roles: string }>(
    `SELECT n.nspname, string_agg(quote_ident(r.rolname), ', ' ORDER BY r.rolname) AS roles
       FROM pg_namespace n CROSS JOIN pg_roles r
      WHERE n.nspname IN ($1, $2) AND NOT r.rolsuper AND r.rolname !~ '^pg_' AND r.rolname <> current_user
        AND NOT coalesce(pg_has_role(r.oid, (SELECT o.oid FROM pg_roles o WHERE o.rolname = $3), 'MEMBER'), false)
        AND has_schema_privilege(r.oid, n.oid, 'CREATE')
      GROUP BY n.nspname ORDER BY n.nspname`,
    [schema, PACKAGE_SCHEMA, owner],
  );
  for (const w of writers) {
    process.stderr.write(
      `golden-record: warning: ${w.roles} can create objects in schema ${w.nspname}: whoever can act as those roles can plant a function there that runs with the migrating role's rights; revoke CREATE unless you trust them as much as the DBA\n`,
    );
  }
}

async function migrationFiles(): Promise<string[]> {
  const { readdir } = await import('node:fs/promises');
  return (await readdir(MIGRATIONS_DIR))
    .filter((name) => /^\d{4}_.*\.(sql|ts)$/.test(name))
    .sort()
    .map((name) => join(MIGRATIONS_DIR, name));
}

const nameOf = (path: string) => path.replace(/^.*\//, '').replace(/\.(sql|ts)$/, '');

/**
 * One run of node-pg-migrate on a client whose session carries lock_timeout. Every migration
 * commits on its own, so no lock outlives the statement group that needed it. The code layer
 * is applied inside the transaction of the last migration (up) or removed inside the first
 * one (down); when that migration cannot run in a transaction, in a transaction of its own.
 */
async function runOnce(options: MigrateOptions, direction: 'up' | 'down', count: number): Promise<string[]> {
  const schema = options.schema ?? 'public';
  const client = connectionFor(options);
  let ownerMembership: Awaited<ReturnType<typeof lendOwnerMembership>>;
  await client.connect();
  try {
    await client.query(`SET lock_timeout = ${Math.max(1, Math.trunc(options.lockTimeoutMs ?? 2000))}`);
    await client.query(`SET statement_timeout = 0`);
    await refuseWritableSchemas(client, schema);
    ownerMembership = await lendOwnerMembership(client);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${PACKAGE_SCHEMA}`);
    const files = await migrationFiles();
    const applied = await appliedMigrations(client);
    const pending = files.filter((f) => !applied.includes(nameOf(f)));
    const toRun = direction === 'up' ? pending.slice(0, count) : applied.slice(-count).reverse();
    const reachesLatest = direction === 'up' && toRun.length === pending.length;
    const hook = direction === 'up' ? (reachesLatest ? toRun.at(-1) : undefined) : toRun[0];
    const hookName = hook ? nameOf(hook) : undefined;
    let hooked = false;

    const loader = async (paths: string[]) =>
      Promise.all(
        paths.map(async (path) => {
          const unit = await loadUnit(path);
          if (nameOf(path) !== hookName) return unit;
          const { up, down } = unit.actions;
          unit.actions = {
            up: async (pgm) => {
              await up(pgm);
              if (pgm.isUsingTransaction()) {
                pgm.sql(installSql(schema));
                hooked = true;
              }
            },
            // The code layer goes first: it depends on the schema the down migrations remove.
            down: async (pgm) => {
              pgm.sql(uninstallSql(schema, undefined, { cascade: options.cascade }));
              await down(pgm);
            },
          };
          return unit;
        }),
      );

    const ran = await runner({
      dbClient: client,
      dir: MIGRATIONS_DIR,
      ignorePattern: '[._].*|.*\\.d\\.ts',
      migrationsTable: MIGRATIONS_TABLE,
      migrationsSchema: PACKAGE_SCHEMA,
      schema,
      createSchema: true,
      direction,
      count,
      singleTransaction: false,
      checkOrder: true,
      migrationLoaderStrategies: [{ extensions: ['.sql', '.ts'], loader }],
      log: (line: string) => options.log?.(line),
    });

    if (direction === 'up' && !hooked && (reachesLatest || pending.length === 0)) {
      await client.query('BEGIN');
      await client.query(installSql(schema));
      await client.query('COMMIT');
    }
    if (direction === 'down' && applied.length > 0 && toRun.length === applied.length) {
      // Nothing of the package is left: its bookkeeping schema goes too.
      await client.query(`DROP TABLE IF EXISTS ${PACKAGE_SCHEMA}.${MIGRATIONS_TABLE}`);
      await client.query(
        `DO $$ BEGIN
           IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relnamespace = '${PACKAGE_SCHEMA}'::regnamespace)
              AND NOT EXISTS (SELECT 1 FROM pg_proc WHERE pronamespace = '${PACKAGE_SCHEMA}'::regnamespace) THEN
             DROP SCHEMA ${PACKAGE_SCHEMA};
           END IF;
         END $$`,
      );
    }
    return ran.map((m) => m.name);
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    await ownerMembership?.giveBack().catch((error: Error) =>
      process.stderr.write(`golden-record: warning: could not revoke the owner role from ${ownerMembership?.member}: ${error.message}\n`));
    await client.end().catch(() => {});
  }
}

/**
 * A migrating role that is not a superuser needs membership in the package's owner role while
 * it migrates (ALTER ... OWNER hands objects to it). The roles are the cluster's, and members
 * of the owner role act for any org in every database the package is installed in, so the
 * membership lasts only for the run: granted here when the role lacks it (0018 grants it on the
 * first install), revoked by giveBack() at the end, unless the role already had it before.
 * USAGE, not MEMBER: from PostgreSQL 16 a CREATEROLE role keeps an ADMIN-only grant on a role
 * it created, which MEMBER counts but which gives it none of the owner's rights.
 */
async function lendOwnerMembership(client: pg.Client): Promise<{ member: string; giveBack: () => Promise<void> } | undefined> {
  const owner = await ownerRoleName(client);
  const { rows: [role] } = await client.query<{ member: string; superuser: boolean; owner_exists: boolean; was_member: boolean }>(
    `SELECT current_user AS member, r.rolsuper AS superuser, o.oid IS NOT NULL AS owner_exists,
            coalesce(pg_has_role(current_user, o.oid, 'USAGE'), false) AS was_member
       FROM pg_roles r LEFT JOIN pg_roles o ON o.rolname = $1
      WHERE r.rolname = current_user`,
    [owner],
  );
  if (role.superuser || role.was_member) return undefined;
  if (role.owner_exists) {
    await client.query(`GRANT ${pg.escapeIdentifier(owner)} TO ${pg.escapeIdentifier(role.member)}`).catch((error: pg.DatabaseError) => {
      throw error.code === '42501'
        ? new Error(`role ${role.member} cannot act as the package's owner role ${owner} while it migrates: it needs CREATEROLE, or a superuser must migrate`)
        : error;
    });
  }
  return {
    member: role.member,
    giveBack: async () => {
      // The owner role of this run, as 0018 may just have created and recorded it (or a down dropped it).
      const { rows } = await client.query<{ owner: string }>(
        `SELECT r.rolname AS owner FROM pg_roles r
          WHERE r.rolname = $1 AND pg_has_role(current_user, r.oid, 'USAGE')`,
        [owner],
      );
      if (rows.length) await client.query(`REVOKE ${pg.escapeIdentifier(rows[0].owner)} FROM ${pg.escapeIdentifier(role.member)}`);
    },
  };
}

function withLockRetries<T>(options: MigrateOptions, run: () => Promise<T>): Promise<T> {
  return retryTransient(run, { retries: options.lockRetries ?? 10, log: options.log });
}

/** Applies pending migrations (all, or `count`) and re-applies the code layer. */
export function migrateUp(options: MigrateOptions, count = Infinity): Promise<string[]> {
  return withLockRetries(options, () => runOnce(options, 'up', count));
}

/** Reverts the last `count` migrations (Infinity: all), removing the code layer first. */
export function migrateDown(options: MigrateOptions, count = 1): Promise<string[]> {
  return withLockRetries(options, () => runOnce(options, 'down', count));
}

export interface MigrationStatus {
  applied: string[];
  pending: string[];
  codeLayer: { installed: string | null; current: string; installedAt: Date | null };
}

export async function migrationStatus(options: MigrateOptions): Promise<MigrationStatus> {
  const client = connectionFor(options);
  await client.connect();
  // The bookkeeping belongs to the owner role: a migrating role that is not a superuser reads it as a member, for the read only.
  const ownerMembership = await lendOwnerMembership(client);
  try {
    const applied = await appliedMigrations(client);
    const pending = (await migrationFiles()).map(nameOf).filter((n) => !applied.includes(n));
    const { rows } = await client
      .query(`SELECT digest, installed_at FROM ${PACKAGE_SCHEMA}.code_layer`)
      .catch(() => ({ rows: [] as { digest: string; installed_at: Date }[] }));
    return {
      applied,
      pending,
      codeLayer: { installed: rows[0]?.digest ?? null, current: codeLayerDigest(), installedAt: rows[0]?.installed_at ?? null },
    };
  } finally {
    await ownerMembership?.giveBack();
    await client.end().catch(() => {});
  }
}
