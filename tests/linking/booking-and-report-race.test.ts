import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Random } from '../../testkit/random.ts';
import { testDatabase, type TestDatabase } from '../support/db.ts';

/**
 * A booking (the backend inserting appointments) and the end-of-call report (ingest upserting
 * the call, or another application ending it with a plain UPDATE) of the same call, each on its
 * own connection, committing at the same moment in random interleavings. Afterwards every call that booked must be linked both ways, no link
 * half-written, and neither side may have failed (a deadlock would show as SQLSTATE 40P01).
 */

const REPETITIONS = 240;
const ORG = 'aaaaaaaa-0000-4000-8000-000000000001';

const VARIANTS = [
  'booking by Vapi id, no call row yet',
  'booking by Vapi id, call row from a status-update',
  'two bookings by Vapi id in one transaction',
  'fallback booking (no Vapi id), call row from a status-update',
  // The end written by an application that knows nothing of the advisory lock (a legacy app).
  'booking by Vapi id, end written by a plain UPDATE',
  'fallback booking (no Vapi id), end written by a plain UPDATE',
] as const;
type Variant = (typeof VARIANTS)[number];


const sleep = (ms: number): Promise<void> => (ms > 0 ? new Promise((done) => setTimeout(done, ms)) : Promise.resolve());

describe('a booking and the end-of-call report of the same call, racing', () => {
  let db: TestDatabase;
  let booking: postgres.Sql;
  let ingest: postgres.Sql;
  let realIngest = false;

  beforeAll(async () => {
    db = await testDatabase();
    // Two real connections, one per side; lock waits bounded so a stuck run fails instead of hanging.
    const connect = () => postgres(db.url, { max: 1, onnotice: () => {}, connection: { lock_timeout: 20_000 } });
    booking = connect();
    ingest = connect();
    [{ realIngest }] = await db.sql<{ realIngest: boolean }[]>`
      SELECT to_regprocedure('ingest_vapi_call(jsonb, uuid)') IS NOT NULL AS "realIngest"`;
  });

  afterAll(async () => {
    await booking?.end();
    await ingest?.end();
  });

  /** The report as Vapi sends it (only the fields linking depends on). */
  function endOfCallReport(vapiCallId: string, phone: string, startedAt: Date, endedAt: Date) {
    return {
      message: {
        type: 'end-of-call-report',
        call: { id: vapiCallId, type: 'inboundPhoneCall', customer: { number: phone } },
        customer: { number: phone },
        startedAt: startedAt.toISOString(),
        endedAt: endedAt.toISOString(),
        endedReason: 'customer-ended-call',
        cost: 0.12,
      },
    };
  }

  function statusUpdate(vapiCallId: string, phone: string) {
    return {
      message: {
        type: 'status-update',
        status: 'in-progress',
        call: { id: vapiCallId, type: 'inboundPhoneCall', customer: { number: phone } },
        customer: { number: phone },
      },
    };
  }

  /**
   * The call side: ingest_vapi_call when it is installed, else the statements it runs (the
   * per-call advisory lock, then the upsert keyed by the Vapi call id), in `tx`.
   */
  async function writeCall(
    tx: postgres.TransactionSql,
    vapiCallId: string,
    contactId: string,
    phone: string,
    startedAt: Date,
    endedAt: Date | null,
    pause: () => Promise<void>,
  ) {
    if (realIngest) {
      const payload = endedAt ? endOfCallReport(vapiCallId, phone, startedAt, endedAt) : statusUpdate(vapiCallId, phone);
      const [{ result }] = await tx<{ result: { status: string; reason?: string } }[]>`
        SELECT ingest_vapi_call(${tx.json(payload)}::jsonb, ${ORG}::uuid) AS result`;
      expect(['ingested', 'updated', 'duplicate'], JSON.stringify(result)).toContain(result.status);
      return;
    }
    await tx`SELECT golden_record._lock_vapi_call(${ORG}::uuid, ${vapiCallId})`;
    await pause();
    await tx`
      INSERT INTO calls (org_id, vapi_call_id, contact_id, phone_number, started_at, ended_at, status)
      VALUES (${ORG}, ${vapiCallId}, ${contactId}, ${phone}, ${startedAt}, ${endedAt}, ${endedAt ? 'ended' : 'in-progress'})
      ON CONFLICT (vapi_call_id) DO UPDATE
        SET started_at = coalesce(calls.started_at, EXCLUDED.started_at), ended_at = EXCLUDED.ended_at, status = EXCLUDED.status`;
  }

  it(`ends linked both ways in every one of ${REPETITIONS} random interleavings, without deadlocks`, async () => {
    const seed = Number(process.env.LINKING_RACE_SEED ?? Date.now() % 2 ** 31);
    const random = new Random(seed);
    const delay = (max: number) => sleep(random.int(max + 1));
    const context = `seed ${seed} (replay with LINKING_RACE_SEED=${seed}), call side: ${realIngest ? 'ingest_vapi_call' : 'simulated ingest'}`;

    const failures: string[] = [];
    const errors: string[] = [];
    let overlapping = 0;

    for (let i = 0; i < REPETITIONS; i++) {
      const variant: Variant = VARIANTS[i % VARIANTS.length];
      const vapiCallId = `race-${seed}-${i}`;
      const phone = `+1555${String(1_000_000 + i).slice(1)}`;
      const [{ id: contactId }] = await db.sql<{ id: string }[]>`
        INSERT INTO contacts (org_id, phone_number, name) VALUES (${ORG}, ${phone}, ${'Caller ' + i}) RETURNING id`;
      const startedAt = new Date(Date.now() - 60_000);
      const plainUpdate = variant.endsWith('plain UPDATE');
      if (variant.includes('status-update') || plainUpdate) {
        await ingest.begin((tx) => writeCall(tx, vapiCallId, contactId, phone, startedAt, null, async () => {}));
      }
      const bookings = variant.startsWith('two') ? 2 : 1;
      const byVapiId = !variant.startsWith('fallback');

      let bookingSpan: [number, number] = [0, 0];
      let reportSpan: [number, number] = [0, 0];
      const bookingSide = (async () => {
        await delay(4);
        const begun = performance.now();
        await booking.begin(async (tx) => {
          await delay(2);
          for (let b = 0; b < bookings; b++) {
            await tx`
              INSERT INTO appointments (org_id, contact_id, vapi_call_id, scheduled_at, status, service_type)
              VALUES (${ORG}, ${contactId}, ${byVapiId ? vapiCallId : null}, now() + interval '1 day', 'confirmed', 'cleaning')`;
            await delay(2);
          }
        });
        bookingSpan = [begun, performance.now()];
      })();
      const reportSide = (async () => {
        await delay(4);
        const begun = performance.now();
        await ingest.begin(async (tx) => {
          if (plainUpdate) {
            await tx`UPDATE calls SET ended_at = now(), status = 'ended' WHERE vapi_call_id = ${vapiCallId}`;
          } else {
            await writeCall(tx, vapiCallId, contactId, phone, startedAt, new Date(), () => delay(2));
          }
          await delay(3);
        });
        reportSpan = [begun, performance.now()];
      })();
      const outcomes = await Promise.allSettled([bookingSide, reportSide]);
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected') {
          const e = outcome.reason as { code?: string; message?: string };
          errors.push(`#${i} ${variant}: ${e.code ?? ''} ${e.message ?? String(e)}`);
        }
      }
      if (bookingSpan[0] < reportSpan[1] && reportSpan[0] < bookingSpan[1]) overlapping++;

      const [state] = await db.sql<{ linked: number; pointed_at_first: boolean; vapi_ids_agree: boolean; appointments: number }[]>`
        SELECT count(*) FILTER (WHERE a.call_id = c.id)::int AS linked,
               c.appointment_id IS NOT DISTINCT FROM (
                 SELECT a2.id FROM appointments a2 WHERE a2.call_id = c.id ORDER BY a2.created_at, a2.id LIMIT 1
               ) AND c.appointment_id IS NOT NULL AS pointed_at_first,
               bool_and(a.vapi_call_id IS NOT DISTINCT FROM c.vapi_call_id) AS vapi_ids_agree,
               count(a.id)::int AS appointments
          FROM calls c
          JOIN appointments a ON a.contact_id = ${contactId}
         WHERE c.vapi_call_id = ${vapiCallId}
         GROUP BY c.id`;
      if (!state || state.appointments !== bookings || state.linked !== bookings || !state.pointed_at_first || !state.vapi_ids_agree) {
        failures.push(`#${i} ${variant}: ${JSON.stringify(state ?? 'no call row')}`);
      }
    }

    // The whole database: no link half-written in any direction.
    const [halfLinks] = await db.sql<{ call_without_back_link: number; appointment_without_pointer: number; vapi_mismatch: number; unlinked_bookings: number }[]>`
      SELECT
        (SELECT count(*) FROM calls c JOIN appointments a ON a.id = c.appointment_id WHERE a.call_id IS DISTINCT FROM c.id)::int AS call_without_back_link,
        (SELECT count(*) FROM appointments a JOIN calls c ON c.id = a.call_id WHERE c.appointment_id IS NULL)::int AS appointment_without_pointer,
        (SELECT count(*) FROM appointments a JOIN calls c ON c.id = a.call_id WHERE a.vapi_call_id IS DISTINCT FROM c.vapi_call_id)::int AS vapi_mismatch,
        (SELECT count(*) FROM appointments a WHERE a.call_id IS NULL)::int AS unlinked_bookings`;

    expect(errors, context).toEqual([]);
    expect(failures, context).toEqual([]);
    expect(halfLinks, context).toEqual({ call_without_back_link: 0, appointment_without_pointer: 0, vapi_mismatch: 0, unlinked_bookings: 0 });
    // The test is only worth something if the two sides really ran at the same time.
    expect(overlapping, `${context}: repetitions whose transactions overlapped`).toBeGreaterThan(REPETITIONS / 4);
  });
});
