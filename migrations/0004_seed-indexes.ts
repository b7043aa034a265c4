import type { MigrationBuilder } from 'node-pg-migrate';
import { createIndexesConcurrently, dropIndexesConcurrently } from '../src/migration-helpers.ts';

const MIGRATION = '0004_seed-indexes';

// The seed's index names (docs/contract.md), built without blocking writers on a populated table.
const indexes = [
  { name: 'idx_calls_appointment_id', table: 'calls', definition: '(appointment_id) WHERE appointment_id IS NOT NULL' },
  { name: 'idx_calls_cost', table: 'calls', definition: '(cost_cents) WHERE cost_cents > 0' },
  { name: 'idx_appointments_call_id', table: 'appointments', definition: '(call_id)' },
  { name: 'idx_appointments_vapi_call_id', table: 'appointments', definition: '(vapi_call_id)' },
];

export async function up(pgm: MigrationBuilder): Promise<void> {
  pgm.noTransaction();
  await createIndexesConcurrently(pgm, MIGRATION, indexes);
}

export async function down(pgm: MigrationBuilder): Promise<void> {
  pgm.noTransaction();
  await dropIndexesConcurrently(pgm, MIGRATION);
}
