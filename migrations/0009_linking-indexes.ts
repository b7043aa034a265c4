import type { MigrationBuilder } from 'node-pg-migrate';
import { createIndexesConcurrently, dropIndexesConcurrently } from '../src/migration-helpers.ts';

const MIGRATION = '0009_linking-indexes';

// What the appointment-linking fallback reads (sql/linking/), built without blocking writers.
// Plain columns only: under row-level security only leakproof conditions serve as index
// conditions, and the functions compare these columns with precomputed values.
const indexes = [
  // A call that ended: the unlinked appointments of its contact(s) created during the call.
  {
    name: 'idx_appointments_unlinked_contact',
    table: 'appointments',
    definition: '(org_id, contact_id, created_at) WHERE call_id IS NULL AND vapi_call_id IS NULL',
  },
  // An appointment inserted without a Vapi call id: the calls of its contact. (The calls of its
  // number are found through the dashboard's idx_calls_org_phone_number, 0031.)
  { name: 'idx_calls_org_contact_id', table: 'calls', definition: '(org_id, contact_id) WHERE contact_id IS NOT NULL' },
];

export async function up(pgm: MigrationBuilder): Promise<void> {
  pgm.noTransaction();
  await createIndexesConcurrently(pgm, MIGRATION, indexes);
}

export async function down(pgm: MigrationBuilder): Promise<void> {
  pgm.noTransaction();
  await dropIndexesConcurrently(pgm, MIGRATION);
}
