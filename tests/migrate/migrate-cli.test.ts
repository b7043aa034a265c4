import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { dumpSchema } from '../../src/schema-dump.ts';
import { SCHEMA_FILE } from '../../scripts/schema-dump.ts';
import { runCli } from '../support/cli.ts';
import { testDatabase } from '../support/db.ts';

async function schemaOf(url: string): Promise<string> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return await dumpSchema(sql);
  } finally {
    await sql.end();
  }
}

describe('golden-record migrate', () => {
  it('goes up, all the way down leaving nothing of the package, and up again', async () => {
    const db = await testDatabase({ empty: true });
    const before = await schemaOf(db.url);

    const up = await runCli(['migrate', 'up', '--database-url', db.url]);
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    expect(up.stdout).toMatch(/applied \d+ migration\(s\): 0001_bookkeeping/);
    expect(up.stdout).toMatch(/code layer installed/);
    const installed = await schemaOf(db.url);
    expect(installed).toContain('table public.calls');

    const down = await runCli(['migrate', 'down', '--all', '--database-url', db.url]);
    expect(down.code).toBe(0);
    expect(down.stdout).toMatch(/reverted \d+ migration\(s\): .*0001_bookkeeping/);
    expect(await schemaOf(db.url)).toBe(before);
    const [{ functions }] = await db.sql`SELECT count(*)::int AS functions FROM pg_proc WHERE pronamespace = 'public'::regnamespace`;
    expect(functions).toBe(0);

    const again = await runCli(['migrate', 'up', '--database-url', db.url]);
    expect(again.code).toBe(0);
    expect(await schemaOf(db.url)).toBe(installed);
  });

  it('gives a fresh install and a step-by-step upgrade the same schema, the committed one', async () => {
    const fresh = await testDatabase({ empty: true });
    const stepwise = await testDatabase({ empty: true });
    expect((await runCli(['migrate', 'up', '-c', fresh.url])).code).toBe(0);
    const first = await runCli(['migrate', 'up', '--count', '2', '-c', stepwise.url]);
    expect(first.stdout).toMatch(/still pending; code layer not reinstalled/);
    expect((await runCli(['migrate', 'up', '-c', stepwise.url])).code).toBe(0);

    const freshSchema = await schemaOf(fresh.url);
    expect(await schemaOf(stepwise.url)).toBe(freshSchema);
    expect(freshSchema, 'schema/golden-record.schema is stale: run `npm run schema:dump` and commit it').toBe(
      readFileSync(SCHEMA_FILE, 'utf8'),
    );
  });

  it('reports applied and pending migrations and the code layer in status', async () => {
    const db = await testDatabase({ empty: true });
    const empty = await runCli(['migrate', 'status', '-c', db.url]);
    expect(empty.code).toBe(0);
    expect(empty.stdout).toMatch(/^pending {2}0001_bookkeeping$/m);
    expect(empty.stdout).toMatch(/code layer: not installed/);

    await runCli(['migrate', 'up', '--count', '1', '-c', db.url]);
    const partial = await runCli(['migrate', 'status', '--json', '-c', db.url]);
    const status = JSON.parse(partial.stdout);
    expect(status.applied).toEqual(['0001_bookkeeping']);
    expect(status.pending[0]).toBe('0002_core-tables');
    expect(status.codeLayer.installed).toBeNull();

    await runCli(['migrate', 'up', '-c', db.url]);
    const full = await runCli(['migrate', 'status', '-c', db.url]);
    expect(full.stdout).not.toMatch(/^pending/m);
    expect(full.stdout).toMatch(/code layer: installed, up to date/);
  });

  it('reverts one migration at a time with --count', async () => {
    const db = await testDatabase({ empty: true });
    await runCli(['migrate', 'up', '-c', db.url]);
    const down = await runCli(['migrate', 'down', '--count', '1', '-c', db.url]);
    expect(down.code).toBe(0);
    const status = JSON.parse((await runCli(['migrate', 'status', '--json', '-c', db.url])).stdout);
    expect(status.pending).toHaveLength(1);
    expect(status.codeLayer.installed).toBeNull();
    expect((await runCli(['migrate', 'up', '-c', db.url])).code).toBe(0);
  });
});

describe('errors', () => {
  it('prints one line and exits non-zero when the database cannot be reached', async () => {
    const result = await runCli(['migrate', 'status'], { env: { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/nowhere' } });
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^golden-record: cannot connect to the database at 127\.0\.0\.1:1/);
  });

  it('prints one line for a bad flag', async () => {
    const result = await runCli(['migrate', 'up', '--no-such-flag']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/unknown option '--no-such-flag'/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('rejects a --count that is not a positive integer', async () => {
    const db = await testDatabase({ empty: true });
    const result = await runCli(['migrate', 'down', '--count', 'two', '-c', db.url]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('golden-record: --count must be a positive integer, got "two"\n');
  });
});

describe('the embedded default', () => {
  const home = mkdtempSync(join(tmpdir(), 'golden-record-home-'));
  afterAll(() => rmSync(home, { recursive: true, force: true }));
  const env = { DATABASE_URL: undefined, GOLDEN_RECORD_HOME: home, GOLDEN_RECORD_EMBEDDED_PORT: '0' };

  it('starts from an empty .golden-record/, says so on stderr, and stops on exit', async () => {
    const result = await runCli(['migrate', 'up'], { env });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/using the embedded PostgreSQL in .*golden-record-home-.*\/data/);
    expect(result.stdout).toMatch(/code layer installed/);
    expect(readFileSync(join(home, 'data', 'PG_VERSION'), 'utf8')).toMatch(/^\d+/);
  });

  it('reuses an existing .golden-record/ with its data', async () => {
    const result = await runCli(['migrate', 'status'], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^applied {2}0001_bookkeeping$/m);
    expect(result.stdout).toMatch(/code layer: installed, up to date/);
  });
});
