import type postgres from 'postgres';
import { copyField } from '../copy-text.ts';

/**
 * Typed wrappers of the ingest functions (sql/ingest/). They only call the SQL: every decision
 * (what a delivery is, whose it is, what the row becomes) is made in the database.
 */

export type IngestStatus = 'ingested' | 'updated' | 'duplicate' | 'ignored' | 'quarantined';

/** What `ingest_vapi_call` returns (see its doc in sql/ingest/ingest_vapi_call.sql). */
export interface IngestResult {
  status: IngestStatus;
  /** The `calls` row (ingested, updated, duplicate). */
  call_id?: string | null;
  /** The org the delivery was filed under (given or resolved). */
  org_id?: string | null;
  vapi_call_id?: string | null;
  message_type?: string | null;
  /** The `vapi_events` row that keeps the delivery. */
  event_id?: number;
  /** The `vapi_quarantine` row that keeps the delivery. */
  quarantine_id?: number;
  /** What was read in an unusual way, e.g. a cost given as a string. */
  notes?: string[];
  /** Why it was quarantined: not_an_object, missing_message_type, missing_call_id, invalid_call_id, unknown_org, invalid_json, call_of_another_org, rejected. */
  reason?: string;
  detail?: string;
}

/** One row of `ingest_vapi_calls`: what became of the payload at position `ord` (1-based). */
export interface IngestRow {
  ord: number;
  status: IngestStatus;
  call_id: string | null;
  vapi_call_id: string | null;
  reason: string | null;
}

/** What `replay_quarantined` returns. */
export interface ReplayCounts {
  replayed: number;
  ingested: number;
  updated: number;
  duplicate: number;
  ignored: number;
  quarantined: number;
}

/** A webhook body: the raw text as received (preferred: nothing is lost), or a parsed value. */
export type Body = string | object;

/** PostgreSQL text cannot carry NUL characters; a body with one is not JSON anyway (quarantined). */
const withoutNul = (text: string) => (text.includes('\0') ? text.replaceAll('\0', '') : text);

const asText = (body: Body) => withoutNul(typeof body === 'string' ? body : JSON.stringify(body));

/**
 * One delivery: `ingest_vapi_call(body::text, org)`. The text form takes any body (broken JSON,
 * `\u0000` escapes, lone surrogates): it repairs what is safe or quarantines the raw text.
 */
export async function ingestVapiCall(sql: postgres.Sql, body: Body, orgId?: string | null): Promise<IngestResult> {
  const [{ result }] = await sql<{ result: IngestResult }[]>`
    SELECT ingest_vapi_call(${asText(body)}::text, ${orgId ?? null}::uuid) AS result`;
  return result;
}

/**
 * Many deliveries in one statement: `ingest_vapi_calls(bodies::text[], org)`, one row per body
 * in order. The text form parses each body in the database, so a body that is not valid jsonb is
 * repaired or quarantined like the others, not an error.
 */
export async function ingestVapiCalls(sql: postgres.Sql, bodies: Body[], orgId?: string | null): Promise<IngestRow[]> {
  if (!bodies.length) return [];
  return sql<IngestRow[]>`
    SELECT ord, status, call_id, vapi_call_id, reason FROM ingest_vapi_calls(${bodies.map(asText)}::text[], ${orgId ?? null}::uuid)`;
}

/**
 * The same as `ingestVapiCalls`, for a batch read from files: the bodies travel by COPY into a
 * temporary staging table of the session (emptied at commit), then one statement hands them to
 * `ingest_vapi_calls` in order, in the same transaction. COPY moves the text as it is, where a
 * `text[]` parameter would be quoted by the client and parsed back by the server.
 */
export async function ingestVapiCallsStaged(sql: postgres.Sql, bodies: Body[], orgId?: string | null): Promise<IngestRow[]> {
  if (!bodies.length) return [];
  return sql.begin(async (tx) => {
    await tx`CREATE TEMP TABLE IF NOT EXISTS golden_record_ingest_batch (ord integer NOT NULL, body text NOT NULL) ON COMMIT DELETE ROWS`;
    const copy = await tx`COPY golden_record_ingest_batch (ord, body) FROM STDIN`.writable();
    await new Promise<void>((done, fail) => {
      copy.on('error', fail);
      copy.end(bodies.map((body, i) => `${i + 1}\t${copyField(asText(body))}\n`).join(''), () => done());
    });
    return tx<IngestRow[]>`
      SELECT ord, status, call_id, vapi_call_id, reason
        FROM ingest_vapi_calls(ARRAY(SELECT body FROM golden_record_ingest_batch ORDER BY ord), ${orgId ?? null}::uuid)`;
  }) as Promise<IngestRow[]>;
}

/** Re-runs the quarantined deliveries still waiting (all, or those of one reason). */
export async function replayQuarantined(sql: postgres.Sql, reason?: string | null): Promise<ReplayCounts> {
  const [{ result }] = await sql<{ result: ReplayCounts }[]>`SELECT replay_quarantined(${reason ?? null}::text) AS result`;
  return result;
}
