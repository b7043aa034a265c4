import type postgres from 'postgres';
import { Random } from './random.ts';

/**
 * A legacy clinic database, built from the facts of issue #6 in an empty database: the shape the
 * golden-record package must upgrade in place while the old application keeps writing to it.
 *
 *   const db = await testDatabase({ empty: true });
 *   const legacy = await buildLegacyDatabase(db.sql);          // schema, roles, a few thousand rows
 *   const app = legacyApp(db.sql);                              // writes as the old app (legacy columns only)
 *
 * What it creates (all owned by the legacy owner role, read and written by the legacy app role):
 * - organizations; every org_id references it ON DELETE CASCADE.
 * - contacts: `phone` NOT NULL with an E.164 CHECK, `name` NOT NULL CHECK <> 'Unknown', unique (org_id, phone).
 * - calls: vapi_call_id NOT NULL UNIQUE DEFAULT gen_random_uuid()::text, call_direction NOT NULL
 *   CHECK (inbound, outbound), call_type, from/to numbers, call_sid, start_time/end_time, status
 *   free text, outcome_summary, metadata (cost in dollars: number, 0, numeric string, JSON null,
 *   garbage, vapi_cost, nothing, or no metadata at all), a frozen caller_name, sentiment columns,
 *   reconciled/is_test_call, eleven indexes (some idx_calls_*, one of them idx_calls_cost, a name
 *   the package also uses), an updated_at trigger.
 * - appointments: status ENUM, service_type and scheduled_at NOT NULL, duration_minutes default
 *   30, google_calendar_event_id, deleted_at, and (option) a hand-added vapi_call_id.
 * - call_logs (or call_logs_legacy): call_sid NOT NULL UNIQUE, vapi_call_id nullable unique,
 *   numeric dollar costs (total_cost DEFAULT 0, left at 0 when the cost was unknown),
 *   metadata.vapi_cost / vapi_end_reason; twins of calls rows, twins of
 *   deleted calls rows (orphans), rows without a Vapi id.
 * - views: calls_with_caller_names (another column list than the package's: resolved_caller_name,
 *   deprecated_caller_name, name_source, contact fields), org_call_stats on calls, and
 *   recent_named_calls on calls_with_caller_names.
 */
export interface LegacyOptions {
  /** Number of calls rows (default 3000). */
  calls?: number;
  /** Name of the legacy log table (default call_logs; some databases renamed it call_logs_legacy). */
  callLogsTable?: 'call_logs' | 'call_logs_legacy';
  /** Whether appointments has a hand-added vapi_call_id column (default true). */
  appointmentsVapiCallId?: boolean;
  /** Seed of the deterministic generator (default 6). */
  seed?: number;
  ownerRole?: string;
  appRole?: string;
}

export interface LegacyDatabase {
  orgIds: string[];
  ownerRole: string;
  appRole: string;
  callLogsTable: string;
  /** Rows created per table. */
  counts: Record<'organizations' | 'contacts' | 'calls' | 'appointments' | 'call_logs', number>;
  /** call_logs rows by kind (twin of a calls row, twin of a deleted calls row, no Vapi id). */
  callLogs: { twins: number; orphans: number; withoutVapiId: number };
}

export const LEGACY_OWNER_ROLE = 'legacy_owner';
export const LEGACY_APP_ROLE = 'legacy_app';

/**
 * The raw JSON text of a legacy `metadata.cost` / `metadata.vapi_cost` value, every shape the
 * old app wrote: exact decimals (the float trap 0.07, many decimals, JS float sums), 0 (which the
 * app also wrote for "unknown"), numeric strings, JSON null, garbage.
 */
const COST_VALUES = [
  '0.07', '0.1', '0.1234', '1.5', '12.3456789', '0.005', '0.0700000001', '0.30000000000000004',
  '2', '0.99', '123.456789', '0.12345678901234567890123', '1e-2', '3.0', '0.58',
] as const;
const ZERO_VALUES = ['0', '0.0'] as const;
const NUMERIC_STRINGS = ['"0.42"', '"1.25"', '" 0.07 "', '"12"', '"0.0"'] as const;
const GARBAGE_VALUES = ['"N/A"', '"$1.20"', '""', '"abc"', 'true', '{"amount": 1}', '[0.5]', '"NaN"', '"Infinity"', '"1.2.3"'] as const;

const END_REASONS = ['customer-ended-call', 'assistant-ended-call', 'silence-timed-out', 'voicemail', 'pipeline-error-openai-llm-failed', 'customer-did-not-answer'];
const STATUSES = ['ended', 'in-progress', 'active', 'completed', 'failed', 'ended'];
const SERVICES = ['cleaning', 'checkup', 'whitening', 'consultation', 'x-ray'];
const APPOINTMENT_STATUSES = ['pending', 'confirmed', 'in_progress', 'completed', 'cancelled', 'no_show'];
const FIRST = ['Ana', 'Ben', 'Chloé', 'Dmitri', 'Eve', "O'Brien", 'Zoë', 'Li', 'Marta', 'Noah'];
const LAST = ['Smith', 'García', 'Nguyen', 'Müller', 'Okafor', 'Rossi', 'Kowalski', 'Tanaka'];

/** Creates `name` as a NOLOGIN role unless it exists (roles are shared by the cluster's databases). */
async function ensureRole(sql: postgres.Sql, name: string): Promise<void> {
  await sql.unsafe(`DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${name}') THEN
      CREATE ROLE ${name} NOLOGIN;
    END IF;
  EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
  END $$`);
}

/** The legacy DDL, as the clinic's developers wrote it by hand over months. */
function legacySchema(o: { owner: string; app: string; callLogs: string; appointmentsVapiCallId: boolean }): string {
  return `
CREATE TYPE appointment_status AS ENUM ('pending', 'confirmed', 'in_progress', 'completed', 'cancelled', 'no_show');

CREATE FUNCTION update_updated_at_column() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at = now();
  RETURN NEW;
END;
$$;

CREATE TABLE organizations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  email text NOT NULL UNIQUE,
  phone text,
  timezone text DEFAULT 'America/New_York',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE contacts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  phone text NOT NULL CONSTRAINT contacts_phone_e164 CHECK (phone ~ '^\\+[1-9][0-9]{6,14}$'),
  name text NOT NULL CONSTRAINT contacts_name_known CHECK (name <> 'Unknown'),
  email text,
  notes text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT contacts_org_id_phone_key UNIQUE (org_id, phone)
);
CREATE INDEX idx_contacts_org_id ON contacts (org_id);

CREATE TABLE calls (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  vapi_call_id text NOT NULL UNIQUE DEFAULT gen_random_uuid()::text,
  contact_id uuid REFERENCES contacts (id) ON DELETE SET NULL,
  call_direction text NOT NULL CHECK (call_direction IN ('inbound', 'outbound')),
  call_type text NOT NULL DEFAULT 'inbound',
  from_number text,
  to_number text,
  call_sid text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  start_time timestamptz,
  end_time timestamptz,
  duration_seconds integer,
  status text DEFAULT 'in-progress',
  recording_url text,
  transcript text,
  outcome_summary text,
  metadata jsonb DEFAULT '{}'::jsonb,
  phone_number text,
  caller_name text,
  sentiment text,
  sentiment_score numeric(4, 3),
  sentiment_analyzed_at timestamptz,
  reconciled boolean NOT NULL DEFAULT false,
  is_test_call boolean NOT NULL DEFAULT false
);
CREATE INDEX idx_calls_org_id ON calls (org_id);
CREATE INDEX idx_calls_org_created ON calls (org_id, created_at DESC);
CREATE INDEX idx_calls_direction ON calls (call_direction);
CREATE INDEX idx_calls_status ON calls (status);
CREATE INDEX idx_calls_contact_id ON calls (contact_id);
CREATE INDEX idx_calls_call_sid ON calls (call_sid);
CREATE INDEX idx_calls_start_time ON calls (start_time DESC);
CREATE INDEX idx_calls_phone_number ON calls (phone_number);
CREATE INDEX idx_calls_cost ON calls ((metadata ->> 'cost'));
CREATE TRIGGER update_calls_updated_at BEFORE UPDATE ON calls FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();

CREATE TABLE appointments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  contact_id uuid REFERENCES contacts (id) ON DELETE SET NULL,
  status appointment_status NOT NULL DEFAULT 'pending',
  service_type text NOT NULL,
  scheduled_at timestamptz NOT NULL,
  duration_minutes integer DEFAULT 30,
  google_calendar_event_id text,
  notes text,
  deleted_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_appointments_org_scheduled ON appointments (org_id, scheduled_at);
CREATE INDEX idx_appointments_contact_id ON appointments (contact_id);
CREATE TRIGGER update_appointments_updated_at BEFORE UPDATE ON appointments FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
${o.appointmentsVapiCallId ? `
-- Added by hand during an incident, long after the table.
ALTER TABLE appointments ADD COLUMN vapi_call_id text;
CREATE INDEX appointments_vapi_call_id_idx ON appointments (vapi_call_id);` : ''}

CREATE TABLE ${o.callLogs} (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  call_sid text NOT NULL UNIQUE,
  vapi_call_id text UNIQUE,
  direction text,
  from_number text,
  to_number text,
  status text,
  duration_seconds integer,
  total_cost numeric(10, 4) DEFAULT 0,
  transport_cost numeric(10, 4),
  stt_cost numeric(10, 4),
  llm_cost numeric(10, 4),
  tts_cost numeric(10, 4),
  recording_url text,
  transcript text,
  started_at timestamptz,
  ended_at timestamptz,
  metadata jsonb DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE VIEW calls_with_caller_names AS
SELECT c.id, c.org_id, c.vapi_call_id, c.call_direction, c.call_type, c.from_number, c.to_number,
       c.start_time, c.end_time, c.duration_seconds, c.status, c.phone_number, c.contact_id,
       COALESCE(ct.name, c.caller_name) AS resolved_caller_name,
       c.caller_name AS deprecated_caller_name,
       CASE WHEN ct.name IS NOT NULL THEN 'contact' WHEN c.caller_name IS NOT NULL THEN 'call' ELSE 'unknown' END AS name_source,
       ct.name AS contact_name, ct.phone AS contact_phone, ct.email AS contact_email,
       c.metadata, c.created_at
  FROM calls c
  LEFT JOIN contacts ct ON ct.id = c.contact_id;
COMMENT ON VIEW calls_with_caller_names IS 'Calls with the best known caller name (legacy dashboard).';

CREATE VIEW org_call_stats AS
SELECT org_id, count(*) AS total_calls,
       count(*) FILTER (WHERE call_direction = 'inbound') AS inbound_calls,
       sum(duration_seconds) AS total_seconds
  FROM calls
 WHERE NOT is_test_call
 GROUP BY org_id;

CREATE VIEW recent_named_calls AS
SELECT id, org_id, resolved_caller_name, name_source, start_time
  FROM calls_with_caller_names
 WHERE start_time IS NOT NULL;

DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT c.relname, c.relkind FROM pg_class c
            WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'v') LOOP
    EXECUTE format('ALTER TABLE %I OWNER TO ${o.owner}', r.relname);
  END LOOP;
END $$;
ALTER TYPE appointment_status OWNER TO ${o.owner};
ALTER FUNCTION update_updated_at_column() OWNER TO ${o.owner};
GRANT USAGE ON SCHEMA public TO ${o.app};
GRANT SELECT, INSERT, UPDATE, DELETE ON organizations, contacts, calls, appointments, ${o.callLogs} TO ${o.app};
GRANT SELECT ON calls_with_caller_names, org_call_stats, recent_named_calls TO ${o.app};
`;
}

interface Row {
  [column: string]: string | number | boolean | null;
}

/** Inserts rows through json_to_recordset, so metadata keeps its exact JSON text (no float round trip). */
async function insertRows(sql: postgres.Sql, table: string, columns: Record<string, string>, rows: Row[]): Promise<void> {
  const names = Object.keys(columns);
  const select = names.map((n) => (columns[n] === 'jsonb' ? `r.${n}::jsonb` : `r.${n}`)).join(', ');
  const types = names.map((n) => `${n} ${columns[n] === 'jsonb' ? 'text' : columns[n]}`).join(', ');
  for (let i = 0; i < rows.length; i += 1000) {
    await sql.unsafe(`INSERT INTO ${table} (${names.join(', ')}) SELECT ${select} FROM json_to_recordset($1::text::json) AS r(${types})`, [
      JSON.stringify(rows.slice(i, i + 1000)),
    ]);
  }
}

const phoneOf = (n: number) => `+1555${String(1000000 + n).slice(-7)}`;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Builds the legacy schema, its roles and a few thousand rows with every odd case in the empty
 * database `sql` points at. Deterministic for a given seed.
 */
export async function buildLegacyDatabase(sql: postgres.Sql, options: LegacyOptions = {}): Promise<LegacyDatabase> {
  const owner = options.ownerRole ?? LEGACY_OWNER_ROLE;
  const app = options.appRole ?? LEGACY_APP_ROLE;
  const callLogs = options.callLogsTable ?? 'call_logs';
  const callCount = options.calls ?? 3000;
  const rnd = new Random(options.seed ?? 6);
  await ensureRole(sql, owner);
  await ensureRole(sql, app);
  await sql.unsafe(legacySchema({ owner, app, callLogs, appointmentsVapiCallId: options.appointmentsVapiCallId ?? true }));

  const orgIds = Array.from({ length: 4 }, () => rnd.uuid());
  await insertRows(sql, 'organizations', { id: 'uuid', name: 'text', email: 'text' },
    orgIds.map((id, i) => ({ id, name: `Clinic ${i + 1}`, email: `front-desk-${i + 1}@clinic.example` })));

  const contacts: { id: string; org_id: string; phone: string }[] = [];
  const contactsByOrg = new Map<string, typeof contacts>();
  const contactRows: Row[] = [];
  for (let i = 0; i < 320; i++) {
    const c = { id: rnd.uuid(), org_id: orgIds[i % orgIds.length], phone: phoneOf(i) };
    contacts.push(c);
    contactsByOrg.set(c.org_id, [...(contactsByOrg.get(c.org_id) ?? []), c]);
    contactRows.push({ ...c, name: `${rnd.pick(FIRST)} ${rnd.pick(LAST)}`, email: i % 3 ? `p${i}@mail.example` : null });
  }
  await insertRows(sql, 'contacts', { id: 'uuid', org_id: 'uuid', phone: 'text', name: 'text', email: 'text' }, contactRows);

  const day = 86_400_000;
  const t0 = Date.parse('2024-03-01T08:00:00Z');
  const calls: Row[] = [];
  for (let i = 0; i < callCount; i++) {
    const org = orgIds[i % orgIds.length];
    const contact = rnd.next() < 0.6 ? rnd.pick(contactsByOrg.get(org)!) : null;
    const direction = rnd.next() < 0.75 ? 'inbound' : 'outbound';
    const customer = contact?.phone ?? phoneOf(5000 + rnd.int(4000));
    const clinic = `+1800555${String(i % orgIds.length).padStart(4, '0')}`;
    const start = t0 + Math.floor((i / callCount) * 120 * day) + rnd.int(3_600_000);
    const connected = rnd.next() < 0.92;
    const duration = connected ? 20 + rnd.int(900) : null;
    const metadata = legacyMetadata(i, rnd);
    calls.push({
      id: rnd.uuid(),
      org_id: org,
      // Calls from before the Vapi integration got the column default (a random uuid).
      vapi_call_id: i % 10 === 9 ? null : `vapi-${String(i).padStart(6, '0')}-${rnd.uuid().slice(0, 8)}`,
      contact_id: contact?.id ?? null,
      call_direction: direction,
      call_type: direction,
      from_number: direction === 'inbound' ? customer : clinic,
      to_number: direction === 'inbound' ? clinic : customer,
      call_sid: rnd.next() < 0.7 ? `CA${rnd.uuid().replace(/-/g, '')}` : null,
      created_at: iso(start - 5000),
      start_time: connected ? iso(start) : null,
      end_time: connected && rnd.next() < 0.97 ? iso(start + (duration ?? 0) * 1000) : null,
      duration_seconds: duration,
      status: rnd.pick(STATUSES),
      recording_url: connected && rnd.next() < 0.5 ? `https://recordings.example/${i}.wav` : null,
      transcript: connected && rnd.next() < 0.4 ? `AI: Hello, clinic ${org.slice(0, 4)}. User: I'd like to book; O'Brien said "hi" -- ok` : null,
      outcome_summary: rnd.next() < 0.3 ? 'Caller asked about opening hours.' : null,
      metadata,
      phone_number: rnd.next() < 0.85 ? customer : null,
      caller_name: rnd.next() < 0.5 ? `${rnd.pick(FIRST)} ${rnd.pick(LAST)}` : null,
      sentiment: rnd.next() < 0.4 ? rnd.pick(['positive', 'neutral', 'negative']) : null,
      is_test_call: i % 97 === 0,
      reconciled: i % 5 === 0,
    });
  }
  const callColumns = {
    id: 'uuid', org_id: 'uuid', contact_id: 'uuid', call_direction: 'text', call_type: 'text', from_number: 'text',
    to_number: 'text', call_sid: 'text', created_at: 'timestamptz', start_time: 'timestamptz', end_time: 'timestamptz',
    duration_seconds: 'integer', status: 'text', recording_url: 'text', transcript: 'text', outcome_summary: 'text',
    metadata: 'jsonb', phone_number: 'text', caller_name: 'text', sentiment: 'text', is_test_call: 'boolean', reconciled: 'boolean',
  };
  await insertRows(sql, 'calls', { ...callColumns, vapi_call_id: 'text' }, calls.filter((c) => c.vapi_call_id !== null));
  await insertRows(sql, 'calls', callColumns, calls.filter((c) => c.vapi_call_id === null).map(({ vapi_call_id: _, ...c }) => c));

  // call_logs: the Vapi webhook log the app kept beside calls. Twins of calls rows (their costs
  // sometimes only here), twins of calls rows deleted since (orphans), and Twilio-only rows.
  const vapiCalls = calls.filter((c) => c.vapi_call_id !== null);
  const logs: Row[] = [];
  let twins = 0;
  let orphans = 0;
  let withoutVapiId = 0;
  const deleted: string[] = [];
  vapiCalls.forEach((c, k) => {
    if (k % 2 === 1) return;
    const orphan = k % 20 === 0;
    if (orphan) deleted.push(String(c.id));
    logs.push(callLog(c, k, rnd, true));
    if (orphan) orphans++;
    else twins++;
  });
  for (let k = 0; k < Math.max(20, Math.floor(callCount / 25)); k++) {
    const c = rnd.pick(calls);
    logs.push({ ...callLog(c, 100000 + k, rnd, false), vapi_call_id: null });
    withoutVapiId++;
  }
  await insertRows(sql, callLogs, {
    org_id: 'uuid', call_sid: 'text', vapi_call_id: 'text', direction: 'text', from_number: 'text', to_number: 'text',
    status: 'text', duration_seconds: 'integer', total_cost: 'numeric', transport_cost: 'numeric', stt_cost: 'numeric',
    llm_cost: 'numeric', tts_cost: 'numeric', recording_url: 'text', transcript: 'text', started_at: 'timestamptz',
    ended_at: 'timestamptz', metadata: 'jsonb', created_at: 'timestamptz',
  }, logs);
  await sql`DELETE FROM calls WHERE id = ANY(${deleted}::uuid[])`;

  // Appointments: booked during a call (sometimes with the hand-added vapi_call_id), booked by
  // the front desk, soft-deleted, with and without a Google Calendar event.
  const hasVapiColumn = options.appointmentsVapiCallId ?? true;
  const appointments: Row[] = [];
  const deletedIds = new Set(deleted);
  const liveCalls = calls.filter((c) => !deletedIds.has(String(c.id)));
  for (let i = 0; i < Math.floor(callCount / 6); i++) {
    const c = rnd.pick(liveCalls);
    const duringCall = c.start_time !== null && rnd.next() < 0.7;
    const created = duringCall ? Date.parse(String(c.start_time)) + 10_000 : Date.parse(String(c.created_at)) + rnd.int(10 * day);
    appointments.push({
      id: rnd.uuid(),
      org_id: c.org_id,
      contact_id: c.contact_id,
      status: rnd.pick(APPOINTMENT_STATUSES),
      service_type: rnd.pick(SERVICES),
      scheduled_at: iso(created + (1 + rnd.int(30)) * day),
      duration_minutes: rnd.next() < 0.8 ? 30 : 60,
      google_calendar_event_id: rnd.next() < 0.6 ? `gcal_${rnd.uuid().slice(0, 12)}` : null,
      deleted_at: rnd.next() < 0.05 ? iso(created + day) : null,
      created_at: iso(created),
      ...(hasVapiColumn ? { vapi_call_id: duringCall && c.vapi_call_id && rnd.next() < 0.5 ? c.vapi_call_id : null } : {}),
    });
  }
  await insertRows(sql, 'appointments', {
    id: 'uuid', org_id: 'uuid', contact_id: 'uuid', status: 'appointment_status', service_type: 'text',
    scheduled_at: 'timestamptz', duration_minutes: 'integer', google_calendar_event_id: 'text', deleted_at: 'timestamptz',
    created_at: 'timestamptz', ...(hasVapiColumn ? { vapi_call_id: 'text' } : {}),
  }, appointments);

  await sql.unsafe('ANALYZE');
  return {
    orgIds,
    ownerRole: owner,
    appRole: app,
    callLogsTable: callLogs,
    counts: {
      organizations: orgIds.length,
      contacts: contacts.length,
      calls: calls.length - deleted.length,
      appointments: appointments.length,
      call_logs: logs.length,
    },
    callLogs: { twins, orphans, withoutVapiId },
  };
}

/** The raw metadata JSON text of legacy call number `i`: every cost shape the old app wrote. */
function legacyMetadata(i: number, rnd: Random): string | null {
  const reason = rnd.next() < 0.5 ? `, "ended_reason": "${rnd.pick(END_REASONS)}"` : rnd.next() < 0.3 ? `, "endedReason": "${rnd.pick(END_REASONS)}"` : '';
  const extra = `"assistant_id": "asst_${i % 3}"${reason}`;
  switch (i % 16) {
    case 0: case 1: case 2: case 3: case 4: case 5:
      return `{"cost": ${rnd.pick(COST_VALUES)}, ${extra}}`;
    case 6: case 7:
      return `{"cost": ${rnd.pick(ZERO_VALUES)}, ${extra}}`;
    case 8:
      return `{"cost": ${rnd.pick(NUMERIC_STRINGS)}, ${extra}}`;
    case 9:
      return `{"cost": null, ${extra}}`;
    case 10:
      return `{"cost": ${rnd.pick(GARBAGE_VALUES)}, ${extra}}`;
    case 11: // copied from call_logs by the old app
      return `{"vapi_cost": ${rnd.pick(COST_VALUES)}, "vapi_end_reason": "${rnd.pick(END_REASONS)}", "source": "call_logs"}`;
    case 12: // garbage cost, a usable vapi_cost
      return `{"cost": ${rnd.pick(GARBAGE_VALUES)}, "vapi_cost": ${rnd.pick([...COST_VALUES, ...NUMERIC_STRINGS])}, ${extra}}`;
    case 13:
      return `{${extra}}`;
    case 14:
      return i % 32 === 14 ? null : '{}';
    default:
      return `{"cost": ${rnd.pick([...COST_VALUES, ...ZERO_VALUES])}, "vapi_cost": ${rnd.pick(COST_VALUES)}, ${extra}}`;
  }
}

/** A call_logs row for call `c`: costs sometimes only here, sometimes garbage, rounded columns. */
function callLog(c: Row, k: number, rnd: Random, twin: boolean): Row {
  const vapiCost = k % 7 === 3 ? rnd.pick(GARBAGE_VALUES) : k % 7 === 5 ? null : rnd.pick(COST_VALUES);
  // No cost known: the writer left total_cost out, so it holds the column's default, 0.
  const costKnown = k % 5 !== 4;
  const total = costKnown ? rnd.pick(COST_VALUES) : '0';
  const meta = [
    vapiCost === null ? null : `"vapi_cost": ${vapiCost}`,
    k % 3 ? `"vapi_end_reason": "${rnd.pick(END_REASONS)}"` : null,
    `"log_source": "webhook"`,
  ].filter(Boolean);
  return {
    org_id: c.org_id,
    call_sid: `CL${k}-${rnd.uuid().slice(0, 8)}`,
    vapi_call_id: twin ? c.vapi_call_id : null,
    direction: c.call_direction,
    from_number: c.from_number,
    to_number: c.to_number,
    status: 'ended',
    duration_seconds: c.duration_seconds,
    total_cost: total,
    transport_cost: costKnown ? '0.0100' : null,
    stt_cost: null,
    llm_cost: null,
    tts_cost: null,
    recording_url: rnd.next() < 0.5 ? `https://logs.example/${k}.mp3` : null,
    transcript: rnd.next() < 0.3 ? 'AI: Hello.' : null,
    started_at: c.start_time ?? (rnd.next() < 0.5 ? iso(Date.parse(String(c.created_at)) + 3000) : null),
    ended_at: c.end_time,
    metadata: `{${meta.join(', ')}}`,
    created_at: c.created_at,
  };
}

export interface OldAppCall {
  orgId: string;
  direction: 'inbound' | 'outbound';
  startTime: string;
  endTime?: string | null;
  /** The cost as the app wrote it (`cost || 0`): dollars, a number or its JSON literal ('0.0712'). */
  cost?: string | number;
  vapiCallId?: string;
  fromNumber?: string;
  toNumber?: string;
  phoneNumber?: string;
  callerName?: string;
  status?: string;
}

/**
 * The old application: reads and writes only the legacy columns, as the legacy app role.
 * Inserts and updates go through the same statements it always ran.
 */
export function legacyApp(sql: postgres.Sql, role = LEGACY_APP_ROLE) {
  const asApp = <T>(work: (tx: postgres.TransactionSql) => Promise<T>) =>
    sql.begin(async (tx) => {
      await tx.unsafe(`SET LOCAL ROLE ${role}`);
      return work(tx);
    }) as Promise<T>;
  return {
    insertCall: (c: OldAppCall) =>
      asApp(async (tx) => {
        const [row] = await tx.unsafe<{ id: string }[]>(
          `INSERT INTO calls (org_id, vapi_call_id, call_direction, call_type, from_number, to_number, start_time, end_time,
                              status, metadata, phone_number, caller_name)
           VALUES ($1, coalesce($2, gen_random_uuid()::text), $3, $3, $4, $5, $6, $7, $8, $9::text::jsonb, $10, $11)
           RETURNING id`,
          [c.orgId, c.vapiCallId ?? null, c.direction, c.fromNumber ?? null, c.toNumber ?? null, c.startTime, c.endTime ?? null,
            c.status ?? 'in-progress', `{"cost": ${c.cost ?? 0}}`, c.phoneNumber ?? null, c.callerName ?? null],
        );
        return row.id;
      }),
    /** The end of a call, as the old app recorded it: end_time, status and `metadata.cost`. */
    endCall: (id: string, endTime: string, cost: string) =>
      asApp((tx) => tx.unsafe(
        `UPDATE calls SET end_time = $2, status = 'ended', metadata = coalesce(metadata, '{}') || jsonb_build_object('cost', $3::numeric) WHERE id = $1`,
        [id, endTime, cost],
      )),
    setDirection: (id: string, direction: 'inbound' | 'outbound') =>
      asApp((tx) => tx.unsafe(`UPDATE calls SET call_direction = $2, call_type = $2 WHERE id = $1`, [id, direction])),
    setStartTime: (id: string, startTime: string) =>
      asApp((tx) => tx.unsafe(`UPDATE calls SET start_time = $2 WHERE id = $1`, [id, startTime])),
    insertContact: (orgId: string, phone: string, name: string) =>
      asApp(async (tx) => {
        const [row] = await tx.unsafe<{ id: string }[]>(`INSERT INTO contacts (org_id, phone, name) VALUES ($1, $2, $3) RETURNING id`, [orgId, phone, name]);
        return row.id;
      }),
    setContactPhone: (id: string, phone: string) =>
      asApp((tx) => tx.unsafe(`UPDATE contacts SET phone = $2 WHERE id = $1`, [id, phone])),
    insertAppointment: (a: { orgId: string; contactId?: string | null; scheduledAt: string; serviceType: string; googleCalendarEventId?: string | null }) =>
      asApp(async (tx) => {
        const [row] = await tx.unsafe<{ id: string }[]>(
          `INSERT INTO appointments (org_id, contact_id, scheduled_at, service_type, status, google_calendar_event_id)
           VALUES ($1, $2, $3, $4, 'confirmed', $5) RETURNING id`,
          [a.orgId, a.contactId ?? null, a.scheduledAt, a.serviceType, a.googleCalendarEventId ?? null],
        );
        return row.id;
      }),
    setCalendarEvent: (id: string, eventId: string | null) =>
      asApp((tx) => tx.unsafe(`UPDATE appointments SET google_calendar_event_id = $2 WHERE id = $1`, [id, eventId])),
    /** What the old dashboard read. */
    readDashboard: (orgId: string) =>
      asApp((tx) => tx.unsafe(`SELECT * FROM calls_with_caller_names WHERE org_id = $1 ORDER BY created_at DESC, id`, [orgId])),
  };
}

export type LegacyApp = ReturnType<typeof legacyApp>;
