import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase, type TestDatabase } from '../support/db.ts';

/**
 * Four connections ingest reports of one org at once (new calls, redeliveries that change the
 * cost), a fifth books appointments and changes the org's time zone twice meanwhile. Afterwards the rollups plus the changes not yet
 * folded, and after a fold the rollups alone, must equal a GROUP BY over the calls in the org's
 * current time zone, and no writer may have failed (a deadlock would show as SQLSTATE 40P01).
 * And writers of one org and day never wait for each other: one holds its transaction open
 * while another writes a thousand calls of the same day (folding the pending changes along
 * the way) under a short lock_timeout.
 */

const ORG = 'aaaaaaaa-0000-4000-8000-0000000000a1';
const CLIENTS = 4;
const REPORTS_PER_CLIENT = 60;
/** Calls written past an open transaction: more changes than one fold takes (1024). */
const CALLS_PAST = 1100;

/** The org's rollups (plus its pending changes, when asked) against a GROUP BY over its calls; [] when equal. */
function rollupDifference(sql: postgres.Sql, org: string, zone: string, withPending: boolean) {
  const rollups = sql`
    SELECT day, direction, ended_reason, tools_used, sum(calls) AS calls, sum(answered_calls) AS answered_calls,
           sum(cost_cents) AS cost_cents, sum(calls_with_cost) AS calls_with_cost, sum(booked_calls) AS booked_calls
      FROM (SELECT day, direction, ended_reason, tools_used, calls, answered_calls, cost_cents, calls_with_cost, booked_calls
              FROM call_rollups WHERE org_id = ${org}
            UNION ALL
            SELECT (created_at AT TIME ZONE ${zone})::date, direction, ended_reason, tools_used,
                   calls, answered_calls, cost_cents, calls_with_cost, booked_calls
              FROM call_rollup_changes WHERE org_id = ${org} AND ${withPending}) r
     GROUP BY 1, 2, 3, 4 HAVING sum(calls) <> 0`;
  const scan = sql`
    SELECT (created_at AT TIME ZONE ${zone})::date, direction, ended_reason, tools_used,
           count(*), count(started_at), coalesce(sum(cost_cents), 0), count(cost_cents), count(appointment_id)
      FROM calls WHERE org_id = ${org} GROUP BY 1, 2, 3, 4`;
  return sql`(${rollups} EXCEPT ALL ${scan}) UNION ALL (${scan} EXCEPT ALL ${rollups})`;
}

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

/**
 * Holds `hold` open in one transaction on `holder` while `writer` ingests CALLS_PAST reports of
 * `org` on `day`, one transaction each under a 2 s lock_timeout: a wait for the held
 * transaction fails the write.
 */
async function writePastOpenTransaction(
  [holder, writer]: postgres.Sql[],
  org: string,
  day: string,
  prefix: string,
  hold: (tx: postgres.TransactionSql) => Promise<unknown>,
) {
  let release!: () => void;
  const released = new Promise<void>((done) => (release = done));
  let opened!: () => void;
  const open = new Promise<void>((done) => (opened = done));
  const held = holder.begin(async (tx) => {
    await tx`SELECT ingest_vapi_call(${tx.json(report(`${prefix}-0`, new Date(day), 0.5, 'voicemail'))}, ${org}::uuid)`;
    await hold(tx);
    opened();
    await released;
  });
  await open;
  try {
    for (let i = 1; i <= CALLS_PAST; i++) {
      await writer.begin(async (tx) => {
        await tx`SET LOCAL lock_timeout = '2s'`;
        await tx`SELECT ingest_vapi_call(${tx.json(report(`${prefix}-${i}`, new Date(day), 0.5, 'voicemail'))}, ${org}::uuid)`;
      });
    }
  } finally {
    release();
    await held;
  }
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
    // The org's rollups built first (its first fold), so the writers below race folds and rebuilds.
    await db.sql`SELECT golden_record._call_rollups_fold(${ORG}::uuid)`;
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
    expect(await rollupDifference(db.sql, ORG, 'Asia/Kolkata', true)).toEqual([]);
    await db.sql`SELECT golden_record._call_rollups_fold(${ORG}::uuid)`;
    expect(await db.sql`SELECT 1 FROM call_rollup_changes WHERE org_id = ${ORG}`).toEqual([]);
    expect(await rollupDifference(db.sql, ORG, 'Asia/Kolkata', false)).toEqual([]);
    const [{ calls, booked }] = await db.sql<{ calls: string; booked: string }[]>`
      SELECT count(*) AS calls, count(appointment_id) AS booked FROM calls WHERE org_id = ${ORG}`;
    expect(Number(calls)).toBe(81);
    expect(Number(booked)).toBeGreaterThan(0);
  });

  it('let writers of one org and day go past an open transaction of another', async () => {
    const org = 'aaaaaaaa-0000-4000-8000-0000000000b2';
    // More calls of the same org, day and groups than a fold takes (one per 1024 changes): a
    // fold runs while the held transaction's change is pending and its call uncommitted.
    await writePastOpenTransaction(clients, org, '2025-04-02T10:00:00Z', 'held', async () => {});
    expect(await rollupDifference(db.sql, org, 'UTC', true)).toEqual([]);
    const [{ calls }] = await db.sql<{ calls: string }[]>`SELECT count(*) AS calls FROM calls WHERE org_id = ${org}`;
    expect(Number(calls)).toBe(CALLS_PAST + 1);
    const [{ pending }] = await db.sql<{ pending: number }[]>`SELECT count(*)::int AS pending FROM call_rollup_changes WHERE org_id = ${org}`;
    expect(pending, 'a fold ran during the writes').toBeLessThan(CALLS_PAST);
    await db.sql`SELECT golden_record._call_rollups_fold(${org}::uuid)`;
    expect(await rollupDifference(db.sql, org, 'UTC', false)).toEqual([]);
  });

  it('let writers go past another transaction building the org\'s rollups for the first time', async () => {
    const org = 'aaaaaaaa-0000-4000-8000-0000000000c3';
    // As a backfill batch does: the first build of the org, in a transaction that stays open;
    // the writer's folds of this org each find the build in progress.
    await writePastOpenTransaction(clients, org, '2025-04-03T10:00:00Z', 'building', (tx) =>
      tx`SELECT golden_record._call_rollups_build(${org}::uuid)`);
    expect(await rollupDifference(db.sql, org, 'UTC', true)).toEqual([]);
    await db.sql`SELECT golden_record._call_rollups_fold(${org}::uuid)`;
    expect(await rollupDifference(db.sql, org, 'UTC', false)).toEqual([]);
  });
});
