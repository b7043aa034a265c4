import type { MigrationBuilder } from 'node-pg-migrate';

/** An index the package wants: `definition` is everything after `ON table`. */
export interface IndexSpec {
  name: string;
  table: string;
  definition: string;
}

/**
 * Builds indexes with CREATE INDEX CONCURRENTLY (the migration must call pgm.noTransaction()).
 * Idempotent: an index the package built before is kept, an INVALID leftover of an interrupted
 * build is dropped and rebuilt, and a name already used by an index the package does not own
 * is left alone: the package's index then gets the same name with a `_golden` suffix.
 */
export async function createIndexesConcurrently(pgm: MigrationBuilder, migration: string, indexes: IndexSpec[]): Promise<void> {
  for (const index of indexes) {
    const { rows } = await pgm.db.query(
      `SELECT i.indisvalid AS valid,
              EXISTS (SELECT 1 FROM golden_record.tracked_objects t WHERE t.kind = 'index' AND t.object_name = $1) AS ours
         FROM pg_index i WHERE i.indexrelid = to_regclass(quote_ident($1))`,
      [index.name],
    );
    const existing = rows[0] as { valid: boolean; ours: boolean } | undefined;
    let name = index.name;
    if (existing && !existing.ours) name = `${index.name}_golden`;
    else if (existing && existing.valid) continue;
    else if (existing) pgm.sql(`DROP INDEX CONCURRENTLY IF EXISTS "${name}"`);
    pgm.sql(`SELECT golden_record.track('${migration}', 'index', '${index.table}', '${name}')`);
    pgm.sql(`CREATE INDEX CONCURRENTLY IF NOT EXISTS "${name}" ON "${index.table}" ${index.definition}`);
  }
}

/** Drops, concurrently, the indexes a migration built, and forgets them. */
export async function dropIndexesConcurrently(pgm: MigrationBuilder, migration: string): Promise<void> {
  const { rows } = await pgm.db.query(
    `SELECT object_name FROM golden_record.tracked_objects WHERE migration = $1 AND kind = 'index' ORDER BY id DESC`,
    [migration],
  );
  for (const { object_name } of rows as { object_name: string }[]) {
    pgm.sql(`DROP INDEX CONCURRENTLY IF EXISTS "${object_name}"`);
  }
  pgm.sql(`DELETE FROM golden_record.tracked_objects WHERE migration = '${migration}' AND kind = 'index'`);
}
