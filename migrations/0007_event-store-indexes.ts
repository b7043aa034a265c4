import type { MigrationBuilder } from 'node-pg-migrate';
import { createIndexesConcurrently, dropIndexesConcurrently } from '../src/migration-helpers.ts';

const MIGRATION = '0007_event-store-indexes';

// A call's deliveries, newest first (audit of one call); the quarantine still waiting for a
// replay, by reason (replay_quarantined). Built without blocking writers on a populated store.
const indexes = [
  { name: 'idx_vapi_events_call_id', table: 'vapi_events', definition: '(call_id, received_at DESC) WHERE call_id IS NOT NULL' },
  { name: 'idx_vapi_quarantine_pending', table: 'vapi_quarantine', definition: '(reason, id) WHERE replay_outcome IS NULL' },
];

export async function up(pgm: MigrationBuilder): Promise<void> {
  pgm.noTransaction();
  await createIndexesConcurrently(pgm, MIGRATION, indexes);
}

export async function down(pgm: MigrationBuilder): Promise<void> {
  pgm.noTransaction();
  await dropIndexesConcurrently(pgm, MIGRATION);
}
