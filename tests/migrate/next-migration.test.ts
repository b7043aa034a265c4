import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { MIGRATIONS_DIR } from '../../src/migrate.ts';
import { runCli } from '../support/cli.ts';
import { testDatabase } from '../support/db.ts';
import { copyPackage, runCopiedCli } from '../support/package-copy.ts';

const dir = mkdtempSync(join(tmpdir(), 'golden-record-next-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const numbers = () => readdirSync(MIGRATIONS_DIR).filter((f) => /^\d{4}_/.test(f)).map((f) => Number(f.slice(0, 4)));

it('numbers the migrations in one consecutive sequence from 0001', () => {
  const found = numbers().sort((a, b) => a - b);
  expect(found).toEqual(found.map((_, i) => i + 1));
});

it('applies the next migration of any area to an installed database (the next release)', async () => {
  const db = await testDatabase({ empty: true });
  expect((await runCli(['migrate', 'up', '-c', db.url])).code).toBe(0);

  // The next release: this package plus a core migration numbered after the last one.
  const next = copyPackage(join(dir, 'golden-record'));
  const name = `${String(Math.max(...numbers()) + 1).padStart(4, '0')}_core-call-notes`;
  writeFileSync(
    join(next, 'migrations', `${name}.sql`),
    `-- Up Migration
SELECT golden_record.track('${name}', 'column', 'calls', 'notes');
ALTER TABLE calls ADD COLUMN IF NOT EXISTS notes text;

-- Down Migration
SELECT golden_record.untrack('${name}');
`,
  );

  const up = runCopiedCli(next, ['migrate', 'up', '-c', db.url]);
  expect(up.stderr).toBe('');
  expect(up.stdout).toMatch(new RegExp(`^applied 1 migration\\(s\\): ${name}\ncode layer installed `));
  expect(up.status).toBe(0);
  const [{ notes }] = await db.sql`SELECT to_regclass('calls') IS NOT NULL AND EXISTS (
    SELECT 1 FROM pg_attribute WHERE attrelid = 'calls'::regclass AND attname = 'notes') AS notes`;
  expect(notes).toBe(true);

  const down = runCopiedCli(next, ['migrate', 'down', '-c', db.url]);
  expect(down.stdout).toBe(`reverted 1 migration(s): ${name}\n`);
  expect(down.status).toBe(0);
});
