import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase, type TestDatabase } from '../support/db.ts';

/**
 * Four connections ingest reports of one org at once (new calls, redeliveries that change the
 * cost, calls of the org's first day racing its first build), a fifth books appointments and
 * changes the org's time zone twice meanwhile. Afterwards the rollups must equal a GROUP BY over
 * the calls in the org's current time zone, and no writer may have failed (a deadlock would show
 * as SQLSTATE 40P01).
 */

const ORG = 'aaaaaaaa-0000-4000-8000-0000000000a1';
const CLIENTS = 4;
const REPORTS_PER_CLIENT = 60;

function report(vapiCallId: string, createdAt: Date, cost: number, reason: string) {
  return {
    message: {
      type: 'end-of-call-report',
      call: { id: vapiCallId, createdAt: createdAt.toISOString() },
      startedAt: createdAt.toISOString(),
      endedReason: reason,
      cost,
    },
  };
}

describe('rollups under concurrent ingest and a time zone change', () => {
  let db: TestDatabase;
  let clients: postgres.Sql[];

  beforeAll(async () => {
    db = await testDatabase();
    clients = Array.from({ length: CLIENTS + 1 }, () =>
      postgres(db.url, { max: 1, onnotice: () => {}, connection: { lock_timeout: 20_000 } }),
    );
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.end()));
  });

  it('stay equal to a full scan of the calls', async () => {
    const base = Date.parse('2025-03-08T00:00:00Z');
    const writers = clients.slice(0, CLIENTS).map(async (sql, client) => {
      for (let i = 0; i < REPORTS_PER_CLIENT; i++) {
        // Clients share call ids, so a report is often a redelivery racing another client's.
        const id = `conc-${(client * 7 + i) % 90}`;
        const createdAt = new Date(base + ((i * 37 + client * 11) % 72) * 3_600_000);
        await sql`SELECT ingest_vapi_call(${sql.json(report(id, createdAt, (i % 9) / 7, i % 3 ? 'customer-ended-call' : 'voicemail'))}, ${ORG}::uuid)`;
      }
    });
    const settings = clients[CLIENTS];
    const changer = (async () => {
      for (const zone of ['America/New_York', 'Asia/Kolkata']) {
        await new Promise((done) => setTimeout(done, 40));
        await settings`INSERT INTO org_settings (org_id, time_zone) VALUES (${ORG}, ${zone})
                         ON CONFLICT (org_id) DO UPDATE SET time_zone = excluded.time_zone`;
        await settings`INSERT INTO appointments (org_id, vapi_call_id) SELECT ${ORG}, 'conc-' || g FROM generate_series(1, 30, 3) g`;
      }
    })();
    const results = await Promise.allSettled([...writers, changer]);
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);

    const [state] = await db.sql<{ time_zone: string }[]>`SELECT time_zone FROM call_rollup_orgs WHERE org_id = ${ORG}`;
    expect(state.time_zone).toBe('Asia/Kolkata');
    const difference = await db.sql`
      (SELECT day, direction, ended_reason, tools_used, calls, answered_calls, cost_cents, calls_with_cost, booked_calls
         FROM call_rollups WHERE org_id = ${ORG}
       EXCEPT ALL
       SELECT (created_at AT TIME ZONE 'Asia/Kolkata')::date, direction, ended_reason, tools_used,
              count(*), count(started_at), coalesce(sum(cost_cents), 0), count(cost_cents), count(appointment_id)
         FROM calls WHERE org_id = ${ORG} GROUP BY 1, 2, 3, 4)
      UNION ALL
      (SELECT (created_at AT TIME ZONE 'Asia/Kolkata')::date, direction, ended_reason, tools_used,
              count(*), count(started_at), coalesce(sum(cost_cents), 0), count(cost_cents), count(appointment_id)
         FROM calls WHERE org_id = ${ORG} GROUP BY 1, 2, 3, 4
       EXCEPT ALL
       SELECT day, direction, ended_reason, tools_used, calls, answered_calls, cost_cents, calls_with_cost, booked_calls
         FROM call_rollups WHERE org_id = ${ORG})`;
    expect(difference).toEqual([]);
    const [{ calls, booked }] = await db.sql<{ calls: string; booked: string }[]>`
      SELECT count(*) AS calls, count(appointment_id) AS booked FROM calls WHERE org_id = ${ORG}`;
    expect(Number(calls)).toBe(81);
    expect(Number(booked)).toBeGreaterThan(0);
  });
});
