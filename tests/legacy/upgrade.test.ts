import type postgres from 'postgres';
import { beforeAll, describe, expect, it } from 'vitest';
import { runBackfill } from '../../src/commands/backfill.ts';
import { migrateDown, migrateUp } from '../../src/migrate.ts';
import { dumpSchema } from '../../src/schema-dump.ts';
import { testDatabase, type TestDatabase } from '../support/db.ts';
import { buildLegacyDatabase, legacyApp, type LegacyApp, type LegacyDatabase } from '../../testkit/legacy-database.ts';
import { expectedFromLegacy } from './expected.ts';

/**
 * Issue #6 end to end, on one legacy database built from the facts: upgrade in place while the
 * old application keeps working, backfill exactly, merge call_logs, ingest into it, and go back
 * down to the exact legacy schema with the legacy data intact.
 */

const LEGACY_TABLES = ['organizations', 'contacts', 'calls', 'appointments', 'call_logs'] as const;

/** Legacy columns the upgrade may fill where they were NULL (from a call_logs twin, or linking); nothing else of a legacy row may change. */
const FILLABLE: Record<string, string[]> = {
  calls: ['start_time', 'end_time', 'duration_seconds', 'recording_url', 'transcript', 'status', 'phone_number'],
  appointments: ['vapi_call_id'],
};

type Rows = Map<string, Record<string, unknown>>;

/** Every legacy row by id, without updated_at (the application's own trigger bumps it on any update). */
async function legacyRows(sql: postgres.Sql, table: string, columns?: string[]): Promise<Rows> {
  const rows = await sql.unsafe<{ id: string; row: Record<string, unknown> }[]>(`SELECT id::text, to_jsonb(t) - 'updated_at' AS row FROM ${table} t`);
  return new Map(rows.map((r) => [r.id, columns ? Object.fromEntries(columns.map((c) => [c, r.row[c]])) : r.row]));
}

/** What a schema dump by catalogue does not show: owners and comments of relations, types and functions. */
async function ownersAndComments(sql: postgres.Sql): Promise<string[]> {
  const rows = await sql<{ line: string }[]>`
    SELECT format('%s %s owner=%s comment=%s', c.relkind, c.relname, pg_get_userbyid(c.relowner), obj_description(c.oid, 'pg_class')) AS line
      FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace
    UNION ALL
    SELECT format('type %s owner=%s', t.typname, pg_get_userbyid(t.typowner)) FROM pg_type t
     WHERE t.typnamespace = 'public'::regnamespace AND t.typtype = 'e'
    UNION ALL
    SELECT format('function %s owner=%s', p.oid::regprocedure, pg_get_userbyid(p.proowner)) FROM pg_proc p
     WHERE p.pronamespace = 'public'::regnamespace
    ORDER BY 1`;
  return rows.map((r) => r.line);
}

async function columnsOf(sql: postgres.Sql, table: string): Promise<string[]> {
  const rows = await sql<{ line: string }[]>`
    SELECT format('%s %s%s', attname, format_type(atttypid, atttypmod), CASE WHEN attnotnull THEN ' not null' ELSE '' END) AS line
      FROM pg_attribute WHERE attrelid = ${table}::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`;
  return rows.map((r) => r.line);
}

const OLD_VIEW_QUERY = 'SELECT * FROM calls_with_caller_names ORDER BY id';

describe('upgrading a legacy clinic database in place', () => {
  let db: TestDatabase;
  let sql: postgres.Sql;
  let legacy: LegacyDatabase;
  let app: LegacyApp;
  let schemaBefore: string;
  let ownersBefore: string[];
  let columnsBefore: Record<string, string[]>;
  let rowsBefore: Record<string, Rows>;
  let oldView: Record<string, unknown>[];
  let oldDependants: { stats: unknown[]; recent: unknown[] };
  let computed: Awaited<ReturnType<typeof expectedFromLegacy>>;
  let filenodes: unknown[];

  beforeAll(async () => {
    db = await testDatabase({ empty: true });
    sql = db.sql;
    legacy = await buildLegacyDatabase(sql);
    app = legacyApp(sql, legacy.appRole);
    schemaBefore = await dumpSchema(sql, ['public']);
    ownersBefore = await ownersAndComments(sql);
    columnsBefore = Object.fromEntries(await Promise.all(LEGACY_TABLES.map(async (t) => [t, await columnsOf(sql, t)])));
    rowsBefore = Object.fromEntries(await Promise.all(LEGACY_TABLES.map(async (t) => [t, await legacyRows(sql, t)])));
    oldView = [...(await sql.unsafe(OLD_VIEW_QUERY))];
    oldDependants = {
      stats: [...(await sql`SELECT * FROM org_call_stats ORDER BY org_id`)],
      recent: [...(await sql`SELECT * FROM recent_named_calls ORDER BY id`)],
    };
    computed = await expectedFromLegacy(sql);
    filenodes = [...(await sql`SELECT relname, relfilenode FROM pg_class WHERE relname = ANY(${[...LEGACY_TABLES]}) ORDER BY relname`)];
    // The DBA names the application's role, so row-level security (issue #9) leaves it full access.
    await sql.unsafe(`ALTER DATABASE ${db.name} SET golden_record.full_access_roles = '${legacy.appRole}'`);
  });

  it('starts from the legacy shape of the facts', async () => {
    const [{ indexes }] = await sql`SELECT count(*)::int AS indexes FROM pg_index WHERE indrelid = 'calls'::regclass`;
    expect(indexes).toBe(11);
    const [check] = await sql`SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'calls'::regclass AND contype = 'c'`;
    expect(check.def).toBe("CHECK ((call_direction = ANY (ARRAY['inbound'::text, 'outbound'::text])))");
    expect(Object.keys(oldView[0])).toContain('deprecated_caller_name');
    expect(computed.stats.costUnreadable).toBeGreaterThan(50);
    expect(computed.stats.costJsonNull).toBeGreaterThan(50);
    expect(computed.orphans.length).toBe(legacy.callLogs.orphans);
  });

  it('migrates up in place: adds the golden columns without rewriting a table, renames and drops nothing, keeps the old view reading the same values', async () => {
    await migrateUp({ databaseUrl: db.url });

    // No table was rewritten: each keeps its data file.
    expect([...(await sql`SELECT relname, relfilenode FROM pg_class WHERE relname = ANY(${[...LEGACY_TABLES]}) ORDER BY relname`)]).toEqual(filenodes);
    for (const table of LEGACY_TABLES) {
      const after = await columnsOf(sql, table);
      expect(after.slice(0, columnsBefore[table].length), table).toEqual(columnsBefore[table]);
    }
    expect(await columnsOf(sql, 'calls')).toEqual(expect.arrayContaining([
      'direction text', 'started_at timestamp with time zone', 'ended_at timestamp with time zone', 'cost_cents integer',
      'ended_reason text', 'tools_used text[] not null', 'appointment_id uuid',
    ]));

    // The old application reads its view as before: same columns first, same values.
    const rows = await app.readDashboard(legacy.orgIds[0]);
    const before = oldView.filter((r) => r.org_id === legacy.orgIds[0]);
    expect(rows.length).toBe(before.length);
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const old of before) {
      const now = byId.get(old.id)!;
      expect(Object.fromEntries(Object.keys(old).map((k) => [k, now[k]]))).toEqual(old);
    }
    expect(Object.keys(rows[0]).slice(0, Object.keys(oldView[0]).length)).toEqual(Object.keys(oldView[0]));
    expect(Object.keys(rows[0])).toEqual(expect.arrayContaining(['cost_cents', 'tools_used', 'has_appointment', 'appointment_status']));
    expect([...(await sql`SELECT * FROM org_call_stats ORDER BY org_id`)]).toEqual(oldDependants.stats);
    expect([...(await sql`SELECT * FROM recent_named_calls ORDER BY id`)]).toEqual(oldDependants.recent);

    // Index names: the legacy idx_calls_cost is left alone, the package's gets its own name.
    const [legacyCost] = await sql`SELECT pg_get_indexdef('idx_calls_cost'::regclass) AS def`;
    expect(legacyCost.def).toContain("(metadata ->> 'cost'::text)");
    const [ours] = await sql`SELECT pg_get_indexdef('idx_calls_cost_golden'::regclass) AS def`;
    expect(ours.def).toContain('(cost_cents) WHERE (cost_cents > 0)');

    // call_direction allows web, validated; the original CHECK is kept for the down migration.
    const checks = await sql`SELECT conname, convalidated, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'calls'::regclass AND contype = 'c' ORDER BY 1`;
    expect(checks.map((c) => [c.conname, c.convalidated])).toEqual([['calls_call_direction_web_check', true], ['calls_direction_check', true]]);
    expect(checks[0].def).toContain("'web'::text");
  });

  it('backfills every call: cents exactly as computed independently, end reasons, canonical columns from their legacy twins', async () => {
    const { start, last } = await runBackfill({ databaseUrl: db.url, batchSize: 700 });
    expect(start.resumed).toBe(false);
    expect(start.steps).toEqual(['calls', 'contacts', 'appointments', 'call_logs', 'appointment_links']);
    expect(last.finished).toBe(true);

    const rows = await sql<{ vapi_call_id: string; cost_cents: number | null; ended_reason: string | null }[]>`
      SELECT vapi_call_id, cost_cents, ended_reason FROM calls`;
    expect(rows.length).toBe(computed.expected.size);
    const wrong = rows.filter((r) => {
      const e = computed.expected.get(r.vapi_call_id);
      return !e || e.cents !== r.cost_cents || e.endedReason !== r.ended_reason;
    });
    expect(wrong.map((r) => ({ ...r, expected: computed.expected.get(r.vapi_call_id) }))).toEqual([]);
    expect(rows.some((r) => r.cost_cents === 0)).toBe(true);
    expect(rows.some((r) => r.cost_cents === null)).toBe(true);
    // total_cost is DEFAULT 0: its 0 is an unknown cost, never a free call.
    expect(computed.stats.logsUnknownCostZero).toBeGreaterThan(0);

    const counts = last.counts;
    expect(counts.calls).toMatchObject({
      scanned: computed.stats.calls,
      cost_cents_filled: computed.stats.costFilledFromMetadata,
      cost_cents_zero: computed.stats.costZero,
      cost_json_null: computed.stats.costJsonNull,
      cost_unreadable: computed.stats.costUnreadable,
      cost_missing: computed.stats.costMissing,
      cost_cents_kept: 0,
    });
    expect(counts.call_logs).toMatchObject({
      scanned: legacy.counts.call_logs,
      without_vapi_id: computed.stats.logsWithoutVapiId,
      unknown_cost_zero: computed.stats.logsUnknownCostZero,
      calls_inserted: computed.stats.orphans,
      calls_insert_failed: 0,
    });
    expect(Number(counts.call_logs.twins_filled) + Number(counts.call_logs.twins_complete)).toBe(legacy.callLogs.twins);

    const [twins] = await sql`
      SELECT count(*) FILTER (WHERE direction IS DISTINCT FROM call_direction) AS direction,
             count(*) FILTER (WHERE started_at IS DISTINCT FROM start_time) AS started,
             count(*) FILTER (WHERE ended_at IS DISTINCT FROM end_time) AS ended
        FROM calls`;
    expect(twins).toEqual({ direction: '0', started: '0', ended: '0' });
    const [other] = await sql`
      SELECT (SELECT count(*) FROM contacts WHERE phone_number IS DISTINCT FROM phone) AS contacts,
             (SELECT count(*) FROM appointments WHERE calendar_event_id IS DISTINCT FROM google_calendar_event_id) AS appointments,
             (SELECT count(*) FROM appointments a WHERE a.vapi_call_id IS NOT NULL AND a.call_id IS NULL
                 AND EXISTS (SELECT 1 FROM calls c WHERE c.vapi_call_id = a.vapi_call_id)) AS unlinked`;
    expect(other).toEqual({ contacts: '0', appointments: '0', unlinked: '0' });
  });

  it('loses no row of any table, inserts a call for each call_logs row whose call is gone, and leaves call_logs as it was', async () => {
    for (const table of ['organizations', 'contacts', 'appointments'] as const) {
      const [{ n }] = await sql.unsafe(`SELECT count(*)::int AS n FROM ${table}`);
      expect(n, table).toBe(legacy.counts[table]);
    }
    expect(await legacyRows(sql, 'call_logs')).toEqual(rowsBefore.call_logs);
    const [{ n }] = await sql`SELECT count(*)::int AS n FROM calls`;
    expect(n).toBe(legacy.counts.calls + legacy.callLogs.orphans);
    const merged = await sql`SELECT vapi_call_id, call_direction, direction, org_id FROM calls WHERE metadata ->> 'merged_from' = 'call_logs'`;
    expect(merged.map((m) => m.vapi_call_id).sort()).toEqual([...computed.orphans].sort());
    expect(merged.every((m) => m.call_direction === m.direction)).toBe(true);
    // Every legacy calls row is still there, its non-NULL legacy values unchanged.
    const calls = await legacyRows(sql, 'calls', Object.keys(rowsBefore.calls.values().next().value!));
    for (const [id, before] of rowsBefore.calls) {
      const after = calls.get(id)!;
      for (const [k, v] of Object.entries(before)) if (v !== null) expect(after[k], `${id}.${k}`).toEqual(v);
    }
  });

  it('is idempotent: a second backfill finds nothing left to fill and changes nothing', async () => {
    const snapshot = async () => (await sql`SELECT md5(string_agg(to_jsonb(c)::text, '' ORDER BY id)) AS h FROM (SELECT id, cost_cents, ended_reason, direction, started_at, ended_at, appointment_id, metadata FROM calls) c`)[0].h;
    const before = await snapshot();
    const { start, last } = await runBackfill({ databaseUrl: db.url });
    expect(start.resumed).toBe(false);
    expect(last.counts.calls).toMatchObject({ updated: 0, cost_cents_filled: 0, ended_reason_filled: 0 });
    expect(last.counts.call_logs).toMatchObject({ twins_filled: 0, calls_inserted: 0 });
    expect(await snapshot()).toBe(before);
  });

  it('lets the old application insert and update through its legacy columns, and the golden columns follow', async () => {
    const org = legacy.orgIds[1];
    const id = await app.insertCall({ orgId: org, direction: 'outbound', startTime: '2024-09-01T10:00:00.123456Z', cost: '0', vapiCallId: 'old-app-1', fromNumber: '+18005550001', toNumber: '+15557770001' });
    let [c] = await sql`SELECT direction, started_at, ended_at, cost_cents, call_type FROM calls WHERE id = ${id}`;
    expect(c).toMatchObject({ direction: 'outbound', ended_at: null, cost_cents: 0, call_type: 'outbound' });
    expect(c.started_at.toISOString()).toBe('2024-09-01T10:00:00.123Z');

    // The app ends the call with the real cost: the provisional 0 it wrote first follows.
    await app.endCall(id, '2024-09-01T10:03:00Z', '0.0712');
    await app.setStartTime(id, '2024-09-01T10:00:05Z');
    await app.setDirection(id, 'inbound');
    [c] = await sql`SELECT direction, started_at, ended_at, cost_cents, status FROM calls WHERE id = ${id}`;
    expect(c).toMatchObject({ direction: 'inbound', cost_cents: 8, status: 'ended' });
    expect([c.started_at.toISOString(), c.ended_at.toISOString()]).toEqual(['2024-09-01T10:00:05.000Z', '2024-09-01T10:03:00.000Z']);

    const contact = await app.insertContact(org, '+15557770002', 'Rosa Old-App');
    await app.setContactPhone(contact, '+15557770003');
    const [ct] = await sql`SELECT phone, phone_number FROM contacts WHERE id = ${contact}`;
    expect(ct).toEqual({ phone: '+15557770003', phone_number: '+15557770003' });

    const appointment = await app.insertAppointment({ orgId: org, contactId: contact, scheduledAt: '2024-09-10T09:00:00Z', serviceType: 'cleaning', googleCalendarEventId: 'gcal-old-1' });
    let [a] = await sql`SELECT google_calendar_event_id, calendar_event_id FROM appointments WHERE id = ${appointment}`;
    expect(a).toEqual({ google_calendar_event_id: 'gcal-old-1', calendar_event_id: 'gcal-old-1' });
    await app.setCalendarEvent(appointment, null);
    [a] = await sql`SELECT google_calendar_event_id, calendar_event_id FROM appointments WHERE id = ${appointment}`;
    expect(a).toEqual({ google_calendar_event_id: null, calendar_event_id: null });

    // The legacy owner role still reads and writes its tables.
    await sql.begin(async (tx) => {
      await tx.unsafe(`SET LOCAL ROLE ${legacy.ownerRole}`);
      const [{ n }] = await tx`SELECT count(*)::int AS n FROM calls WHERE org_id = ${org}`;
      expect(n).toBeGreaterThan(100);
      await tx`UPDATE calls SET is_test_call = true WHERE id = ${id}`;
    });
  });

  it('writes through the golden columns reach the legacy columns the old application reads', async () => {
    const org = legacy.orgIds[2];
    const [call] = await sql`
      INSERT INTO calls (org_id, vapi_call_id, direction, started_at, ended_at)
      VALUES (${org}, 'canonical-1', 'outbound', '2024-09-02T08:00:00Z', '2024-09-02T08:01:00Z') RETURNING id, call_direction, start_time, end_time`;
    expect(call.call_direction).toBe('outbound');
    expect([call.start_time.toISOString(), call.end_time.toISOString()]).toEqual(['2024-09-02T08:00:00.000Z', '2024-09-02T08:01:00.000Z']);
    await sql`UPDATE calls SET direction = 'web', ended_at = '2024-09-02T08:02:00Z' WHERE id = ${call.id}`;
    const [seen] = (await app.readDashboard(org)).filter((r) => r.id === call.id);
    expect(seen.call_direction).toBe('web');
    expect(seen.end_time.toISOString()).toBe('2024-09-02T08:02:00.000Z');

    // No direction at all: the NOT NULL legacy column gets the old app's default, direction stays unknown.
    const [bare] = await sql`INSERT INTO calls (org_id, vapi_call_id) VALUES (${org}, 'canonical-2') RETURNING call_direction, direction`;
    expect(bare).toEqual({ call_direction: 'inbound', direction: null });
    await sql`DELETE FROM calls WHERE vapi_call_id IN ('canonical-1', 'canonical-2')`;

    const [contact] = await sql`INSERT INTO contacts (org_id, phone_number, name) VALUES (${org}, '+15557770010', 'New Golden') RETURNING id, phone`;
    expect(contact.phone).toBe('+15557770010');
    await sql`UPDATE contacts SET phone_number = '+15557770011' WHERE id = ${contact.id}`;
    expect((await sql`SELECT phone FROM contacts WHERE id = ${contact.id}`)[0].phone).toBe('+15557770011');

    const [appointment] = await sql`
      INSERT INTO appointments (org_id, scheduled_at, service_type, calendar_event_id) VALUES (${org}, '2024-09-11T09:00:00Z', 'x-ray', 'gcal-new-1')
      RETURNING google_calendar_event_id`;
    expect(appointment.google_calendar_event_id).toBe('gcal-new-1');
  });

  it('ingests a web call and a call from an existing contact\'s number into the legacy tables', async () => {
    const org = legacy.orgIds[3];
    const web = {
      message: {
        type: 'end-of-call-report', endedReason: 'customer-ended-call', cost: 0.07,
        startedAt: '2024-09-03T12:00:00.000Z', endedAt: '2024-09-03T12:02:30.000Z',
        call: { id: 'legacy-web-1', type: 'webCall' },
      },
    };
    const [{ r: webResult }] = await sql`SELECT ingest_vapi_call(${sql.json(web)}::jsonb, ${org}::uuid) AS r`;
    expect(webResult.status).toBe('ingested');
    const [webCall] = await sql`SELECT direction, call_direction, call_type, start_time, cost_cents, ended_reason FROM calls WHERE vapi_call_id = 'legacy-web-1'`;
    expect(webCall).toMatchObject({ direction: 'web', call_direction: 'web', cost_cents: 7, ended_reason: 'customer-ended-call' });
    expect(webCall.start_time.toISOString()).toBe('2024-09-03T12:00:00.000Z');

    const known = [...rowsBefore.contacts.values()].find((c) => c.org_id === org) as { id: string; phone: string; name: string };
    const fromContact = {
      message: {
        type: 'end-of-call-report', endedReason: 'assistant-ended-call', cost: '0.1234',
        startedAt: '2024-09-03T13:00:00.000Z', endedAt: '2024-09-03T13:05:00.000Z',
        customer: { number: known.phone, name: 'Someone Else' },
        call: { id: 'legacy-known-1', type: 'inboundPhoneCall', customer: { number: known.phone } },
      },
    };
    const [{ r: knownResult }] = await sql`SELECT ingest_vapi_call(${sql.json(fromContact)}::jsonb, ${org}::uuid) AS r`;
    expect(knownResult.status).toBe('ingested');
    const [call] = await sql`SELECT contact_id, call_direction, cost_cents FROM calls WHERE vapi_call_id = 'legacy-known-1'`;
    expect(call).toEqual({ contact_id: known.id, call_direction: 'inbound', cost_cents: 13 });
    const [seen] = (await app.readDashboard(org)).filter((r) => r.vapi_call_id === 'legacy-known-1');
    expect(seen).toMatchObject({ resolved_caller_name: known.name, name_source: 'contact', contact_phone: known.phone });
  });

  it('migrates all the way down to the exact legacy schema, keeping the legacy data', async () => {
    await migrateDown({ databaseUrl: db.url }, Infinity);
    expect(await dumpSchema(sql, ['public'])).toBe(schemaBefore);
    expect(await ownersAndComments(sql)).toEqual(ownersBefore);
    const [{ schemas }] = await sql`SELECT count(*)::int AS schemas FROM pg_namespace WHERE nspname = 'golden_record'`;
    expect(schemas).toBe(0);

    // The web call is still there, as the legacy schema can hold it.
    const [web] = await sql`SELECT call_direction FROM calls WHERE vapi_call_id = 'legacy-web-1'`;
    expect(web.call_direction).toBe('inbound');

    for (const table of LEGACY_TABLES) {
      const after = await legacyRows(sql, table);
      for (const [id, before] of rowsBefore[table]) {
        const row = after.get(id);
        expect(row, `${table} ${id}`).toBeDefined();
        for (const [k, v] of Object.entries(before)) {
          if (v === null && FILLABLE[table]?.includes(k)) continue;
          expect(row![k], `${table} ${id}.${k}`).toEqual(v);
        }
      }
    }
    expect(await sql.unsafe(OLD_VIEW_QUERY).then((rows) => rows.length)).toBeGreaterThanOrEqual(oldView.length);
  });
});
