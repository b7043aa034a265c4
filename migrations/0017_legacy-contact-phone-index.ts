import type { MigrationBuilder } from 'node-pg-migrate';
import { createIndexesConcurrently, dropIndexesConcurrently } from '../src/migration-helpers.ts';

const MIGRATION = '0017_legacy-contact-phone-index';

/**
 * Ingest finds a caller's contact by (org_id, phone_number). A package-made contacts table has
 * that unique key; a legacy one is unique on (org_id, phone), and 0002 only added the
 * phone_number column (kept equal to phone by the twin trigger). This builds the lookup index
 * there, without blocking the application's writes.
 */
export async function up(pgm: MigrationBuilder): Promise<void> {
  pgm.noTransaction();
  const { rows } = await pgm.db.query(
    `SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass('contacts') AND attname = 'phone' AND NOT attisdropped`,
  );
  if (rows.length === 0) return;
  await createIndexesConcurrently(pgm, MIGRATION, [
    { name: 'idx_contacts_org_phone_number', table: 'contacts', definition: '(org_id, phone_number)' },
  ]);
}

export async function down(pgm: MigrationBuilder): Promise<void> {
  pgm.noTransaction();
  await dropIndexesConcurrently(pgm, MIGRATION);
}
