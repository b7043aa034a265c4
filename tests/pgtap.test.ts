import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testDatabase } from './support/db.ts';
import { judgeTap } from './support/tap.ts';

/**
 * Runs every tests/pgtap/**\/*.test.sql file through the client, as pg_prove would, each on its
 * own clone of the migrated template, and fails on any `not ok` or a plan mismatch.
 */
const root = join(import.meta.dirname, 'pgtap');

function sqlFiles(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? sqlFiles(path) : name.endsWith('.test.sql') ? [path] : [];
    })
    .sort();
}

const files = sqlFiles(root);
const folders = [...new Set(files.map((file) => relative(root, file).split('/').slice(0, -1).join('/') || '.'))];

for (const folder of folders) {
  describe(`pgTAP ${folder}`, () => {
    for (const file of files.filter((f) => (relative(root, f).split('/').slice(0, -1).join('/') || '.') === folder)) {
      it(relative(join(root, folder), file).replace(/\.test\.sql$/, ''), async () => {
        const db = await testDatabase({ dropAfterAll: false });
        try {
          // The file manages its own transaction (BEGIN ... ROLLBACK), so it gets one connection.
          const connection = await db.sql.reserve();
          const results = await connection.unsafe(readFileSync(file, 'utf8')).simple().finally(() => connection.release());
          const lines = tapLines(results);
          const verdict = judgeTap(lines);
          expect(verdict.failures, lines.join('\n')).toEqual([]);
        } finally {
          await db.drop();
        }
      });
    }
  });
}

/** The text of every row every statement of the file returned, line by line. */
function tapLines(results: unknown): string[] {
  const statements = (Array.isArray(results) && results.every(Array.isArray) ? results : [results]) as Record<string, unknown>[][];
  return statements
    .flatMap((rows) => rows.flatMap((row) => Object.values(row)))
    .filter((value) => value !== null && value !== undefined && value !== '')
    .flatMap((value) => String(value).split('\n'));
}

it('finds the pgTAP files', () => {
  expect(files.length).toBeGreaterThan(0);
});
