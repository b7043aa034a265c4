import type { MigrationBuilder } from 'node-pg-migrate';
import { createIndexesConcurrently, dropIndexesConcurrently } from '../src/migration-helpers.ts';

const MIGRATION = '0020_reconcile-quarantine-index';

// reconcile_vapi_call_object quarantines a Call of an unknown org once: before filing it again
// it looks for that call id among the deliveries still waiting. Built without blocking writers.
const indexes = [
  { name: 'idx_vapi_quarantine_pending_call', table: 'vapi_quarantine', definition: '(vapi_call_id) WHERE replay_outcome IS NULL' },
];

export async function up(pgm: MigrationBuilder): Promise<void> {
  pgm.noTransaction();
  await createIndexesConcurrently(pgm, MIGRATION, indexes);
}

export async function down(pgm: MigrationBuilder): Promise<void> {
  pgm.noTransaction();
  await dropIndexesConcurrently(pgm, MIGRATION);
}
