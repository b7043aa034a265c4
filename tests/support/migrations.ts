import { readdirSync } from 'node:fs';
import { MIGRATIONS_DIR } from '../../src/migrate.ts';

/**
 * Where the migration whose file name contains `fragment` stands, whatever the numbers: how many
 * migrations come before it, and how many from it to the last (what `migrateDown` needs to
 * undo it).
 */
export function migrationPosition(fragment: string): { before: number; fromIt: number } {
  const migrations = readdirSync(MIGRATIONS_DIR).filter((name) => /^\d{4}_/.test(name)).sort();
  const before = migrations.findIndex((name) => name.includes(fragment));
  if (before < 0) throw new Error(`no migration named like ${fragment}`);
  return { before, fromIt: migrations.length - before };
}
