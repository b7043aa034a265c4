import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testDatabase } from '../support/db.ts';

/**
 * Holds the schema of a fresh install to SCALING.md's rules for a later distribution by org_id
 * (Citus): the placement of every table and the keys of distributed tables, with the exceptions
 * SCALING.md lists (each must still exist, so a fixed one is removed from the document).
 */

const doc = readFileSync(join(import.meta.dirname, '..', '..', 'SCALING.md'), 'utf8');

/** The rows of the markdown table under `## heading`, as arrays of cells without backticks. */
function tableUnder(heading: string): string[][] {
  const section = doc.split(/^## /m).find((s) => s.startsWith(`${heading}\n`));
  if (!section) throw new Error(`SCALING.md has no section "## ${heading}"`);
  return section
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .slice(2)
    .map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim().replace(/`/g, '')));
}

const placement = new Map(tableUnder('Placement').map(([table, place]) => [table, place]));
const exceptions = tableUnder('Exceptions').map(([constraint, table]) => ({ constraint, table }));

interface Key {
  table: string;
  name: string;
  kind: 'unique' | 'foreign key';
  columns: string[];
  referenced_table: string | null;
  referenced_columns: string[] | null;
}

describe('SCALING.md rules on a fresh install', async () => {
  const db = await testDatabase();
  const tables = (
    await db.sql<{ table: string }[]>`
      SELECT c.relname AS table
        FROM pg_class c
       WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition`
  ).map((r) => r.table);
  // Unique constraints, unique indexes without a constraint, exclusion constraints, foreign keys.
  const keys = await db.sql<Key[]>`
    SELECT c.conrelid::regclass::text AS table, c.conname AS name,
           CASE WHEN c.contype = 'f' THEN 'foreign key' ELSE 'unique' END AS kind,
           array(SELECT a.attname::text FROM unnest(c.conkey) k JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k) AS columns,
           CASE WHEN c.contype = 'f' THEN c.confrelid::regclass::text END AS referenced_table,
           CASE WHEN c.contype = 'f' THEN array(SELECT a.attname::text FROM unnest(c.confkey) k JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k) END AS referenced_columns
      FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
     WHERE t.relnamespace = current_schema()::regnamespace AND NOT t.relispartition AND c.contype IN ('p', 'u', 'x', 'f')
       AND c.conparentid = 0
    UNION ALL
    SELECT i.indrelid::regclass::text, ic.relname, 'unique',
           array(SELECT a.attname::text FROM unnest(i.indkey) k JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k), NULL, NULL
      FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
     WHERE t.relnamespace = current_schema()::regnamespace AND NOT t.relispartition AND i.indisunique
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
       AND NOT EXISTS (SELECT 1 FROM pg_inherits h WHERE h.inhrelid = i.indexrelid)`;
  const excepted = (key: Key) => exceptions.some((e) => e.constraint === key.name && e.table === key.table);

  it('reads a placement and exceptions from SCALING.md', () => {
    expect(placement.get('calls')).toBe('distributed');
    expect(exceptions.length).toBeGreaterThan(0);
  });

  it('places every table of the package, and only existing ones, as distributed, reference or local', () => {
    expect([...placement.keys()].sort()).toEqual([...tables].sort());
    expect([...placement.values()].filter((p) => !['distributed', 'reference', 'local'].includes(p))).toEqual([]);
  });

  it('every unique key of a distributed table includes org_id, or is a listed exception', () => {
    const broken = keys.filter(
      (k) => k.kind === 'unique' && placement.get(k.table) === 'distributed' && !k.columns.includes('org_id') && !excepted(k),
    );
    expect(broken.map((k) => `${k.table}.${k.name}`)).toEqual([]);
  });

  it('every foreign key of a distributed table references a reference table or pairs org_id on both sides, or is a listed exception', () => {
    const broken = keys.filter((k) => {
      if (k.kind !== 'foreign key' || placement.get(k.table) !== 'distributed' || excepted(k)) return false;
      if (placement.get(k.referenced_table ?? '') === 'reference') return false;
      const i = k.columns.indexOf('org_id');
      return !(i >= 0 && k.referenced_columns?.[i] === 'org_id');
    });
    expect(broken.map((k) => `${k.table}.${k.name}`)).toEqual([]);
  });

  it('no reference or local table has a foreign key to a distributed table', () => {
    const broken = keys.filter(
      (k) => k.kind === 'foreign key' && placement.get(k.table) !== 'distributed' && placement.get(k.referenced_table ?? '') === 'distributed',
    );
    expect(broken.map((k) => `${k.table}.${k.name}`)).toEqual([]);
  });

  it('every listed exception still exists and still breaks a rule (a fixed one is removed from SCALING.md)', () => {
    const stale = exceptions.filter((e) => {
      const key = keys.find((k) => k.name === e.constraint && k.table === e.table);
      if (!key) return true;
      return key.kind === 'unique' ? key.columns.includes('org_id') : key.columns.includes('org_id') && key.referenced_columns?.includes('org_id');
    });
    expect(stale).toEqual([]);
  });
});
