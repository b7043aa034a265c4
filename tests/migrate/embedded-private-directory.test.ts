import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyPackage, runCopiedCli } from '../support/package-copy.ts';

/**
 * The package as a new user has it: a copy in a directory only its owner may enter (mode 700,
 * like /root or `mktemp -d`), with the PostgreSQL binaries inside it.
 */
function privateCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'golden-record-private-'));
  expect(statSync(dir).mode & 0o777).toBe(0o700);
  copyPackage(join(dir, 'golden-record'), { ownBinaries: true });
  return dir;
}

const cli = runCopiedCli;

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
