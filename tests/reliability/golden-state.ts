import type postgres from 'postgres';

/**
 * The golden record of a database as comparable values: every column of every `calls` and
 * `appointments` row, except the surrogate ids and the row-keeping timestamps (which differ
 * between two runs by nature; `calls.created_at` is kept, since ingest files a call at Vapi's
 * `call.createdAt`). Links are written as what they point at (the appointment's calendar event
 * id, the call's Vapi id, the contact's phone number), so two databases, or two calls of the
 * same database, compare equal when their golden records are.
 */
export interface GoldenState {
  calls: Record<string, unknown>[];
  appointments: Record<string, unknown>[];
}

export async function goldenState(sql: postgres.Sql, orgIds?: string[]): Promise<GoldenState> {
  // Surrogate ids and when the row was written are not facts of the call; links are rewritten below.
  const dropped = ['id', 'updated_at', 'appointment_id', 'contact_id'];
  const calls = await sql<{ row: Record<string, unknown> }[]>`
    SELECT (to_jsonb(c) - ${dropped}::text[]) || jsonb_build_object(
             'appointment', CASE WHEN c.appointment_id IS NOT NULL THEN coalesce(a.calendar_event_id, '(unnamed appointment)') END,
             'contact', CASE WHEN c.contact_id IS NOT NULL THEN coalesce(ct.phone_number, '(contact without number)') END) AS row
    FROM calls c
    LEFT JOIN appointments a ON a.id = c.appointment_id
    LEFT JOIN contacts ct ON ct.id = c.contact_id
    WHERE ${orgIds ?? null}::uuid[] IS NULL OR c.org_id = ANY(${orgIds ?? null}::uuid[])
    ORDER BY c.org_id, c.vapi_call_id, c.id`;
  const appointmentsDropped = ['id', 'created_at', 'updated_at', 'call_id', 'contact_id'];
  const appointments = await sql<{ row: Record<string, unknown> }[]>`
    SELECT (to_jsonb(a) - ${appointmentsDropped}::text[]) || jsonb_build_object(
             'call', CASE WHEN a.call_id IS NOT NULL THEN coalesce(c.vapi_call_id, '(call without Vapi id)') END,
             'contact', CASE WHEN a.contact_id IS NOT NULL THEN coalesce(ct.phone_number, '(contact without number)') END) AS row
    FROM appointments a
    LEFT JOIN calls c ON c.id = a.call_id
    LEFT JOIN contacts ct ON ct.id = a.contact_id
    WHERE ${orgIds ?? null}::uuid[] IS NULL OR a.org_id = ANY(${orgIds ?? null}::uuid[])
    ORDER BY a.org_id, a.calendar_event_id, a.vapi_call_id, a.scheduled_at, a.id`;
  return { calls: calls.map((r) => r.row), appointments: appointments.map((r) => r.row) };
}

/** How many deliveries the raw store and quarantine hold together (each delivery is one row of one of them). */
export async function storedDeliveries(sql: postgres.Sql): Promise<number> {
  const [{ n }] = await sql`SELECT (SELECT count(*) FROM vapi_events) + (SELECT count(*) FROM vapi_quarantine) AS n`;
  return Number(n);
}

/** The same state with some strings (ids that differ by construction) replaced by placeholders. */
export function withPlaceholders(state: GoldenState, replacements: Record<string, string>): GoldenState {
  let text = JSON.stringify(state);
  for (const [from, to] of Object.entries(replacements)) text = text.replaceAll(from, to);
  return JSON.parse(text);
}

/** The first differences between two states, as short lines (empty when equal). */
export function differences(expected: GoldenState, actual: GoldenState, limit = 10): string[] {
  const out: string[] = [];
  for (const table of ['calls', 'appointments'] as const) {
    const a = expected[table];
    const b = actual[table];
    if (a.length !== b.length) out.push(`${table}: ${a.length} rows expected, ${b.length} found`);
    for (let i = 0; i < Math.max(a.length, b.length) && out.length < limit; i++) {
      const x = a[i] ?? {};
      const y = b[i] ?? {};
      for (const key of new Set([...Object.keys(x), ...Object.keys(y)])) {
        const left = JSON.stringify(x[key]);
        const right = JSON.stringify(y[key]);
        if (left !== right) out.push(`${table}[${i}] (${String(x.vapi_call_id ?? y.vapi_call_id ?? x.calendar_event_id ?? y.calendar_event_id)}).${key}: expected ${clip(left)}, found ${clip(right)}`);
      }
    }
  }
  return out.slice(0, limit);
}

function clip(text: string | undefined): string {
  if (text === undefined) return '(absent)';
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
