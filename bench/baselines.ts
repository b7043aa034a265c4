import type postgres from 'postgres';
import { copyField } from '../src/copy-text.ts';
import type { ExtractedRow } from './payloads.ts';

/**
 * The baselines golden-record is measured against, each on its own copies of the package's
 * tables (`CREATE TABLE ... (LIKE ... INCLUDING ALL)`: same columns, defaults, checks and
 * indexes; no triggers, no foreign keys, no row-level security):
 *
 * - minimal: one statement that stores the raw body and upserts the already-extracted row. The
 *   least work the contract allows (nothing lost, one row per call, a report not overwritten by
 *   a later status-update, status never backwards); extraction is free, done before timing.
 * - seed: the seed's design. The application parses the body in TypeScript (float cents),
 *   upserts the call, looks for an unlinked appointment in the call's window, then updates the
 *   appointment and the call: four round trips per end-of-call-report, one (the upsert) per
 *   status-update. No raw body is kept.
 * - copy: COPY of the raw bodies into a copy of `vapi_events` and of the extracted rows into a
 *   copy of `calls`, the bound for bulk import (keep every body and its row).
 */
export async function createBaselineTables(sql: postgres.Sql): Promise<void> {
  await sql.unsafe(`
    CREATE SCHEMA IF NOT EXISTS bench_minimal;
    CREATE TABLE IF NOT EXISTS bench_minimal.calls (LIKE public.calls INCLUDING ALL);
    CREATE TABLE IF NOT EXISTS bench_minimal.vapi_events (LIKE public.vapi_events INCLUDING ALL);
    CREATE SCHEMA IF NOT EXISTS bench_seed;
    CREATE TABLE IF NOT EXISTS bench_seed.calls (LIKE public.calls INCLUDING ALL);
    CREATE TABLE IF NOT EXISTS bench_seed.appointments (LIKE public.appointments INCLUDING ALL);
    CREATE SCHEMA IF NOT EXISTS bench_copy;
    CREATE TABLE IF NOT EXISTS bench_copy.calls (LIKE public.calls INCLUDING ALL);
    CREATE TABLE IF NOT EXISTS bench_copy.vapi_events (LIKE public.vapi_events INCLUDING ALL);
  `);
}

export const CALL_COLUMNS = [
  'org_id',
  'vapi_call_id',
  'direction',
  'phone_number',
  'caller_name',
  'status',
  'started_at',
  'ended_at',
  'duration_seconds',
  'cost_cents',
  'cost_breakdown',
  'ended_reason',
  'tools_used',
  'recording_url',
  'transcript',
  'summary',
  'metadata',
] as const;

// Bodies and JSON values travel as text and are cast on the server (`::text::jsonb`), as a
// webhook route hands over the raw body: postgres.js would JSON-encode a string parameter typed
// jsonb into a JSON string.
const json = (value: object | null) => (value === null ? null : JSON.stringify(value));

/** The minimal path: one round trip, one statement. */
export function minimalIngest(sql: postgres.Sql, body: string, messageType: string, row: ExtractedRow) {
  return sql`
    WITH raw AS (
      INSERT INTO bench_minimal.vapi_events (org_id, message_type, vapi_call_id, outcome, payload)
      VALUES (${row.org_id}::uuid, ${messageType}, ${row.vapi_call_id}, 'ingested', ${body}::text::jsonb)
    )
    INSERT INTO bench_minimal.calls AS c (${sql(CALL_COLUMNS as unknown as string[])})
    VALUES (
      ${row.org_id}::uuid, ${row.vapi_call_id}, ${row.direction}, ${row.phone_number}, ${row.caller_name},
      ${row.status}, ${row.started_at}::timestamptz, ${row.ended_at}::timestamptz, ${row.duration_seconds}::int,
      ${row.cost_cents}::int, ${json(row.cost_breakdown)}::text::jsonb, ${row.ended_reason}, ${row.tools_used}::text[],
      ${row.recording_url}, ${row.transcript}, ${row.summary}, ${json(row.metadata)}::text::jsonb
    )
    ON CONFLICT (vapi_call_id) DO UPDATE SET
      status = CASE WHEN c.status = 'ended' THEN c.status ELSE EXCLUDED.status END,
      caller_name = coalesce(EXCLUDED.caller_name, c.caller_name),
      started_at = coalesce(EXCLUDED.started_at, c.started_at),
      ended_at = coalesce(EXCLUDED.ended_at, c.ended_at),
      duration_seconds = coalesce(EXCLUDED.duration_seconds, c.duration_seconds),
      cost_cents = coalesce(EXCLUDED.cost_cents, c.cost_cents),
      cost_breakdown = coalesce(EXCLUDED.cost_breakdown, c.cost_breakdown),
      ended_reason = coalesce(c.ended_reason, EXCLUDED.ended_reason),
      tools_used = CASE WHEN cardinality(EXCLUDED.tools_used) > 0 THEN EXCLUDED.tools_used ELSE c.tools_used END,
      recording_url = coalesce(EXCLUDED.recording_url, c.recording_url),
      transcript = coalesce(EXCLUDED.transcript, c.transcript),
      summary = coalesce(EXCLUDED.summary, c.summary),
      metadata = CASE WHEN EXCLUDED.metadata = '{}' THEN c.metadata ELSE EXCLUDED.metadata END,
      updated_at = now()`;
}

interface SeedMessage {
  type?: string;
  status?: string;
  endedReason?: string;
  cost?: number;
  costBreakdown?: { total?: number };
  startedAt?: string;
  endedAt?: string;
  durationSeconds?: number;
  customer?: { number?: string; name?: string };
  analysis?: { summary?: string };
  artifact?: { transcript?: string; recordingUrl?: string; messages?: SeedChatMessage[]; messagesOpenAIFormatted?: SeedChatMessage[] };
  messages?: SeedChatMessage[];
  call?: { id?: string; type?: string; customer?: { number?: string }; assistantOverrides?: { metadata?: object } };
}
interface SeedChatMessage {
  role?: string;
  name?: string;
  toolCalls?: { function?: { name?: string } }[];
  tool_calls?: { function?: { name?: string } }[];
}

const SEED_DIRECTIONS: Record<string, string> = { inboundPhoneCall: 'inbound', outboundPhoneCall: 'outbound', webCall: 'web' };

/** The seed's tool extraction, in the application. */
function seedTools(m: SeedMessage): string[] {
  const messages = m.artifact?.messages ?? m.messages ?? m.artifact?.messagesOpenAIFormatted ?? [];
  const names: string[] = [];
  for (const msg of messages) {
    const calls = msg.role === 'tool_calls' ? msg.toolCalls : msg.role === 'assistant' ? msg.tool_calls : undefined;
    for (const call of calls ?? []) if (call.function?.name && !names.includes(call.function.name)) names.push(call.function.name);
    if (msg.role === 'function_call' && msg.name && !names.includes(msg.name)) names.push(msg.name);
  }
  return names;
}

/** The seed's design: parse in TypeScript, then four round trips per report. */
export async function seedIngest(sql: postgres.Sql, body: string, orgId: string): Promise<void> {
  const parsed = JSON.parse(body) as { message?: SeedMessage } & SeedMessage;
  const m = parsed.message ?? parsed;
  const vapiCallId = m.call?.id;
  if (!vapiCallId) return;
  const direction = SEED_DIRECTIONS[m.call?.type ?? ''] ?? null;
  const phone = m.customer?.number ?? m.call?.customer?.number ?? null;
  if (m.type === 'status-update') {
    await sql`
      INSERT INTO bench_seed.calls AS c (org_id, vapi_call_id, direction, phone_number, status)
      VALUES (${orgId}::uuid, ${vapiCallId}, ${direction}, ${phone}, ${m.status ?? null})
      ON CONFLICT (vapi_call_id) DO UPDATE SET
        status = CASE WHEN c.status = 'ended' THEN c.status ELSE EXCLUDED.status END, updated_at = now()`;
    return;
  }
  if (m.type !== 'end-of-call-report') return;
  const cost = m.cost ?? m.costBreakdown?.total;
  const [call] = await sql`
    INSERT INTO bench_seed.calls AS c (${sql(CALL_COLUMNS as unknown as string[])})
    VALUES (
      ${orgId}::uuid, ${vapiCallId}, ${direction}, ${phone}, ${m.customer?.name ?? null}, 'ended',
      ${m.startedAt ?? null}::timestamptz, ${m.endedAt ?? null}::timestamptz, ${m.durationSeconds ?? null}::int,
      ${cost === undefined ? null : Math.ceil(cost * 100)}::int, ${json(m.costBreakdown ?? null)}::text::jsonb,
      ${m.endedReason ?? null}, ${seedTools(m)}::text[], ${m.artifact?.recordingUrl ?? null}, ${m.artifact?.transcript ?? null},
      ${m.analysis?.summary ?? null}, ${JSON.stringify(m.call?.assistantOverrides?.metadata ?? {})}::text::jsonb
    )
    ON CONFLICT (vapi_call_id) DO UPDATE SET
      status = 'ended', started_at = EXCLUDED.started_at, ended_at = EXCLUDED.ended_at,
      duration_seconds = EXCLUDED.duration_seconds, cost_cents = EXCLUDED.cost_cents,
      cost_breakdown = EXCLUDED.cost_breakdown, ended_reason = EXCLUDED.ended_reason,
      tools_used = EXCLUDED.tools_used, recording_url = EXCLUDED.recording_url,
      transcript = EXCLUDED.transcript, summary = EXCLUDED.summary, updated_at = now()
    RETURNING id, started_at, ended_at`;
  const [appointment] = await sql`
    SELECT id FROM bench_seed.appointments
    WHERE org_id = ${orgId}::uuid AND call_id IS NULL
      AND created_at BETWEEN ${call.started_at}::timestamptz - interval '5 minutes' AND ${call.ended_at}::timestamptz + interval '5 minutes'
    ORDER BY created_at
    LIMIT 1`;
  // The seed's two updates run whatever the lookup found (the appointment update then matches no row).
  const appointmentId = appointment?.id ?? null;
  await sql`UPDATE bench_seed.appointments SET call_id = ${call.id}, vapi_call_id = ${vapiCallId}, updated_at = now() WHERE id = ${appointmentId}::uuid`;
  await sql`UPDATE bench_seed.calls SET appointment_id = coalesce(${appointmentId}::uuid, appointment_id), updated_at = now() WHERE id = ${call.id}`;
}

/** One extracted row as a line of COPY text format. */
export function copyLine(row: ExtractedRow): string {
  const text = (value: unknown): string | null => {
    if (value === null || value === undefined) return null;
    return Array.isArray(value)
      ? `{${value.map((v) => `"${String(v).replace(/["\\]/g, '\\$&')}"`).join(',')}}`
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);
  };
  return `${CALL_COLUMNS.map((c) => copyField(text(row[c]))).join('\t')}\n`;
}
