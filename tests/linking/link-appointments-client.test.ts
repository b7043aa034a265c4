import { beforeAll, describe, expect, it } from 'vitest';
import { linkAppointments, linkAppointmentsBatch, type LinkBatch } from '../../src/client/linking.ts';
import { testDatabase, type TestDatabase } from '../support/db.ts';

const ORG = 'aaaaaaaa-0000-4000-8000-000000000002';
const CALLS = 7;

/** History written before the package existed: rows inserted with the triggers off. */
async function writeHistory(db: TestDatabase) {
  await db.sql.begin(async (tx) => {
    await tx`SET LOCAL session_replication_role = replica`;
    await tx`
      INSERT INTO calls (org_id, vapi_call_id, started_at, ended_at, created_at)
      SELECT ${ORG}, 'history-' || n, t, t + interval '5 minutes', t + interval '5 minutes'
        FROM generate_series(1, ${CALLS}) AS n, LATERAL (SELECT timestamptz '2024-05-01 10:00+00' + n * interval '1 hour' AS t) AS times`;
    await tx`
      INSERT INTO appointments (org_id, vapi_call_id, created_at)
      SELECT ${ORG}, 'history-' || n, timestamptz '2024-05-01 10:02+00' + n * interval '1 hour' FROM generate_series(1, ${CALLS}) AS n`;
  });
}

async function linkedBothWays(db: TestDatabase): Promise<number> {
  const [{ count }] = await db.sql<{ count: number }[]>`
    SELECT count(*)::int AS count FROM appointments a JOIN calls c ON c.id = a.call_id AND c.appointment_id = a.id WHERE a.org_id = ${ORG}`;
  return count;
}

describe('linkAppointments (src/client/linking.ts)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await testDatabase();
  });

  it('links an org\'s history batch after batch until done, and reports each batch', async () => {
    await writeHistory(db);
    expect(await linkedBothWays(db)).toBe(0);

    const seen: LinkBatch[] = [];
    const totals = await linkAppointments(db.sql, ORG, { batchSize: 3, onBatch: (batch) => seen.push(batch) });

    expect(totals).toEqual({ calls: CALLS, linked: CALLS, batches: 3 });
    expect(seen.map((b) => [b.calls, b.done])).toEqual([[3, false], [3, false], [1, true]]);
    expect(seen.at(-1)).toMatchObject({ nextCursor: null });
    expect(await linkedBothWays(db)).toBe(CALLS);
  });

  it('resumes from a saved cursor and links nothing twice', async () => {
    const first = await linkAppointmentsBatch(db.sql, ORG, { batchSize: 4 });
    expect(first).toMatchObject({ calls: 4, linked: 0, done: false });
    const rest = await linkAppointments(db.sql, ORG, { cursor: first.nextCursor ?? undefined, batchSize: 4 });
    expect(rest).toEqual({ calls: CALLS - 4, linked: 0, batches: 1 });
  });

  it('passes the database\'s errors through (org_id is required)', async () => {
    await expect(linkAppointmentsBatch(db.sql, null as unknown as string)).rejects.toMatchObject({ code: '22023' });
  });
});
