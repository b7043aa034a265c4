import type { MigrationBuilder } from 'node-pg-migrate';
import { createIndexesConcurrently, dropIndexesConcurrently } from '../src/migration-helpers.ts';

const MIGRATION = '0011_dashboard-indexes';

// What calls_dashboard_list and call_analytics read, built without blocking writers.
// Only plain columns: under row-level security a condition may serve as an index condition only
// when it is leakproof, and an expression such as coalesce(started_at, created_at) is not.
const indexes = [
  // Keyset pagination per org, newest first, id as the tie-break: any page reads only its rows.
  // The included columns let call_analytics aggregate a period by an index-only scan.
  {
    name: 'idx_calls_org_created_at',
    table: 'calls',
    definition: '(org_id, created_at DESC, id DESC) INCLUDE (started_at, cost_cents, appointment_id, ended_reason, tools_used)',
  },
  // has_appointment = true stays a short walk even when bookings are rare.
  {
    name: 'idx_calls_org_booked_created_at',
    table: 'calls',
    definition: '(org_id, created_at DESC, id DESC) WHERE appointment_id IS NOT NULL',
  },
  // A search for a number ("+1555...") is a prefix range on the phone number: byte order ("C")
  // makes the range exact whatever the database collation.
  {
    name: 'idx_calls_org_phone_number',
    table: 'calls',
    definition: '(org_id, phone_number COLLATE "C", created_at DESC, id DESC)',
  },
];

export async function up(pgm: MigrationBuilder): Promise<void> {
  pgm.noTransaction();
  await createIndexesConcurrently(pgm, MIGRATION, indexes);
}

export async function down(pgm: MigrationBuilder): Promise<void> {
  pgm.noTransaction();
  await dropIndexesConcurrently(pgm, MIGRATION);
}
