import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type postgres from 'postgres';
import { runCli } from '../support/cli.ts';
import { storedDeliveries } from './golden-state.ts';
import { repairedJsonText } from '../../testkit/json-text.ts';
import { fuzzCases, type FuzzCase } from './mutations.ts';
import { splitJsonArray } from '../../src/ingest.ts';

/**
 * Runs fuzz cases through `ingest_vapi_call` (text form, and jsonb form when the body is valid
 * jsonb) and through `golden-record ingest`, then checks what must hold whatever the body:
 * nothing raised, every status is a documented one, every body that was not `ignored` is stored
 * whole (vapi_events.payload, vapi_quarantine.payload or .payload_text), every returned call_id
 * exists, and a cost whose cents overflow is quarantined or stored NULL with a note.
 */
export const STATUSES = ['ingested', 'updated', 'duplicate', 'ignored', 'quarantined'];

export interface FuzzReport {
  seed: number;
  first: number;
  cases: number;
  /** Deliveries handed to the SQL functions (text form + jsonb form). */
  deliveries: number;
  statuses: Record<string, number>;
  failures: string[];
  /** The status of each case's text-form delivery, by case number (the CLI check uses it). */
  textStatus: Map<number, string>;
}

/** A body that was handed in: its number in the run, how, what ingest said, and its text. */
export interface Delivered {
  n: number;
  form: 'text' | 'jsonb' | 'cli';
  status: string;
  text: string;
}

/** Helpers the checks need, in their own schema of the (throwaway) database under test. */
export async function installCheckHelpers(sql: postgres.Sql): Promise<void> {
  await sql.unsafe(`
    CREATE SCHEMA IF NOT EXISTS reliability;
    -- SQL NULL when the text is not valid jsonb (the JSON literal null stays 'null'::jsonb).
    CREATE OR REPLACE FUNCTION reliability.try_jsonb(t text) RETURNS jsonb LANGUAGE plpgsql VOLATILE AS $$
    BEGIN
      RETURN t::jsonb;
    EXCEPTION WHEN others THEN
      RETURN NULL;
    END;
    $$;
    CREATE TABLE IF NOT EXISTS reliability.expected (
      n bigint NOT NULL, form text NOT NULL, status text, body_text text NOT NULL, repaired_text text,
      PRIMARY KEY (n, form)
    );`);
}

type Result = { status?: unknown; call_id?: unknown; reason?: unknown };

/**
 * The same body handed a second time (the jsonb form after the text form) changes nothing: a
 * body that made or touched a call is now a `duplicate` of the same call; one that was ignored or
 * quarantined is so again, for the same reason. Returns the problem, if any.
 */
function sameBodyAgain(first: Result | undefined, again: Result): string | undefined {
  if (!first) return undefined;
  const touched = ['ingested', 'updated', 'duplicate'].includes(String(first.status));
  if (touched && (again.status !== 'duplicate' || again.call_id !== first.call_id)) {
    return `the same body again returned ${JSON.stringify(again)} after ${JSON.stringify(first)}; want duplicate of the same call`;
  }
  if (!touched && (again.status !== first.status || again.reason !== first.reason)) {
    return `the same body again returned ${JSON.stringify(again)} after ${JSON.stringify(first)}; want the same status and reason`;
  }
  return undefined;
}

function describeCase(c: FuzzCase, form: string, problem: string): string {
  const body = c.text.length > 300 ? `${c.text.slice(0, 300)}... (${c.text.length} chars)` : c.text;
  return `seed ${c.seed} case ${c.n} [${c.labels.join('; ')}] ${form} form${c.withOrg ? '' : ' (no org)'}: ${problem}\n  body: ${JSON.stringify(body)}`;
}

function errorText(error: unknown): string {
  const e = error as { code?: string; message?: string };
  return `${e.code ?? 'error'} ${e.message ?? String(error)}`;
}

/** Cases `first` .. `first + count - 1` of `seed`, after the `extra` cases (pinned ones) when given. */
export async function fuzzIngest(sql: postgres.Sql, options: { seed: number; count: number; first?: number; orgId: string; extra?: FuzzCase[] }): Promise<FuzzReport> {
  const { seed, count, orgId } = options;
  const first = options.first ?? 0;
  await installCheckHelpers(sql);
  const report: FuzzReport = { seed, first, cases: 0, deliveries: 0, statuses: {}, failures: [], textStatus: new Map() };
  const cases = new Map<number, FuzzCase>();
  const delivered: Delivered[] = [];
  const callIds = new Set<string>();

  const record = (c: FuzzCase, form: Delivered['form'], result: Result | null) => {
    report.deliveries++;
    const status = String(result?.status);
    report.statuses[status] = (report.statuses[status] ?? 0) + 1;
    if (!STATUSES.includes(status)) report.failures.push(describeCase(c, form, `returned ${JSON.stringify(result)}, not a documented status`));
    if (form === 'text') report.textStatus.set(c.n, status);
    if (['ingested', 'updated', 'duplicate'].includes(status) && typeof result?.call_id === 'string') callIds.add(result.call_id);
    delivered.push({ n: c.n, form, status, text: c.text });
  };

  for (const c of [...(options.extra ?? []), ...fuzzCases(seed, count, first)]) {
    report.cases++;
    const org = c.withOrg ? orgId : null;
    let first: Result | undefined;
    try {
      const [{ result }] = await sql`SELECT ingest_vapi_call(${c.text}::text, ${org}::uuid) AS result`;
      record(c, 'text', result);
      first = result;
    } catch (error) {
      report.failures.push(describeCase(c, 'text', `raised ${errorText(error)}`));
    }
    try {
      const rows = await sql`
        SELECT ingest_vapi_call(body, ${org}::uuid) AS result
        FROM (SELECT reliability.try_jsonb(${c.text}) AS body) AS given
        WHERE body IS NOT NULL`;
      if (rows.length) {
        record(c, 'jsonb', rows[0].result);
        const again = sameBodyAgain(first, rows[0].result);
        if (again) report.failures.push(describeCase(c, 'jsonb', again));
      }
    } catch (error) {
      report.failures.push(describeCase(c, 'jsonb', `raised ${errorText(error)}`));
    }
    // Keep the case (without its text) for the reports of the checks below.
    cases.set(c.n, { ...c, text: c.text.length > 300 ? c.text.slice(0, 300) : c.text });
  }

  const stored = await storedDeliveries(sql);
  if (stored !== delivered.length) report.failures.push(`seed ${seed}: ${delivered.length} deliveries returned a status, but vapi_events and vapi_quarantine hold ${stored} rows (one each expected)`);
  const describe = (d: Delivered, problem: string) => describeCase(cases.get(d.n)!, d.form, problem);
  await checkStoredWhole(sql, delivered, describe, report.failures);
  await checkCallIds(sql, [...callIds], report.failures);
  await checkOverflowingCosts(sql, [...cases.values()].filter((c) => c.costOverflow), report.failures);
  return report;
}

/** Every delivery not `ignored` is in the raw store or quarantine, whole (or as the text form's safe repair). */
export async function checkStoredWhole(sql: postgres.Sql, delivered: Delivered[], describe: (d: Delivered, problem: string) => string, failures: string[]): Promise<void> {
  await installCheckHelpers(sql);
  await sql`TRUNCATE reliability.expected`;
  const rows = delivered.map((d) => {
    const repaired = d.form !== 'jsonb' ? repairedJsonText(d.text) : d.text;
    return { n: d.n, form: d.form, status: d.status, body_text: d.text, repaired_text: repaired === d.text ? null : repaired };
  });
  for (let i = 0; i < rows.length; ) {
    let size = 0;
    const chunk = [];
    while (i < rows.length && chunk.length < 500 && size < 20_000_000) {
      size += rows[i].body_text.length;
      chunk.push(rows[i++]);
    }
    await sql`INSERT INTO reliability.expected ${sql(chunk)}`;
  }
  const missing = await sql<{ n: number; form: Delivered['form'] }[]>`
    WITH candidate AS (
      SELECT n, form, reliability.try_jsonb(body_text) AS body FROM reliability.expected
      UNION ALL
      SELECT n, form, reliability.try_jsonb(repaired_text) FROM reliability.expected WHERE repaired_text IS NOT NULL
    ), found AS (
      SELECT c.n, c.form FROM candidate c JOIN vapi_events e ON e.payload = c.body
      UNION
      SELECT c.n, c.form FROM candidate c JOIN vapi_quarantine q ON q.payload = c.body
      UNION
      SELECT x.n, x.form FROM reliability.expected x JOIN vapi_quarantine q ON q.payload_text = x.body_text
    )
    SELECT x.n, x.form FROM reliability.expected x
    WHERE x.status IS DISTINCT FROM 'ignored'
      AND NOT EXISTS (SELECT 1 FROM found f WHERE f.n = x.n AND f.form = x.form)
    ORDER BY x.n, x.form`;
  const byKey = new Map(delivered.map((d) => [`${d.n} ${d.form}`, d]));
  for (const m of missing.slice(0, 10)) {
    const d = byKey.get(`${m.n} ${m.form}`)!;
    failures.push(describe(d, `status ${d.status}, but the body is not stored whole in vapi_events or vapi_quarantine`));
  }
  if (missing.length > 10) failures.push(`... and ${missing.length - 10} more bodies not stored whole (${missing.length} in all)`);
}

/** Every call_id a delivery returned is a row of calls. */
async function checkCallIds(sql: postgres.Sql, callIds: string[], failures: string[]): Promise<void> {
  const missing = await sql`SELECT id FROM unnest(${callIds}::uuid[]) AS id EXCEPT SELECT id FROM calls`;
  for (const { id } of missing) failures.push(`a delivery returned call_id ${id}, but no calls row has that id`);
}

/** A cost whose cents overflow: quarantined, or the call has cost_cents NULL and its event a note. */
async function checkOverflowingCosts(sql: postgres.Sql, overflowing: FuzzCase[], failures: string[]): Promise<void> {
  if (!overflowing.length) return;
  const rows = await sql<{ vapi_call_id: string; cost_cents: number | null; noted: boolean }[]>`
    SELECT c.vapi_call_id, c.cost_cents,
           EXISTS (SELECT 1 FROM vapi_events e WHERE (e.call_id = c.id OR e.vapi_call_id = c.vapi_call_id) AND cardinality(e.notes) > 0) AS noted
    FROM calls c WHERE c.vapi_call_id = ANY(${overflowing.map((c) => c.vapiCallId)}::text[])`;
  const byId = new Map(overflowing.map((c) => [c.vapiCallId, c]));
  for (const row of rows) {
    if (row.cost_cents !== null || !row.noted) {
      failures.push(describeCase(byId.get(row.vapi_call_id)!, 'any', `cost cents overflow: stored cost_cents ${row.cost_cents}, event note ${row.noted ? 'present' : 'missing'} (want NULL with a note, or quarantine)`));
    }
  }
}

/**
 * NDJSON lines no SQL text can carry as they are: a raw NUL byte, bytes that are not UTF-8, CRLF
 * line ends, a byte order mark in the middle of a file. Each must still become one stored row.
 */
const RAW_BYTE_LINES = Buffer.concat([
  Buffer.from('{"message":{"type":"status-update","status":"ringing","call":{"id":"raw-nul"}}}\n'.replace('ringing', 'ring\0ing')),
  Buffer.from('{"message":{"type":"status-update","status":"ringing","call":{"id":"raw-'),
  Buffer.from([0xff, 0xfe, 0xc3]),
  Buffer.from('"}}}\r\n'),
  Buffer.from('\ufeff{"message":{"type":"status-update","status":"queued","call":{"id":"raw-bom"}}}\r\n'),
  Buffer.from('\0\n'),
]);
const RAW_BYTE_LINE_COUNT = 4;

export interface CliFuzzReport {
  lines: number;
  files: number;
  exitCode: number;
  failures: string[];
}

/**
 * The same cases through `golden-record ingest`: the one-line bodies as an NDJSON file, the
 * others as .json files of a directory. Passes when the command exits 0 and every body whose
 * text-form delivery was not `ignored` is stored whole in the database it wrote to.
 */
export async function fuzzCli(sql: postgres.Sql, databaseUrl: string, options: { seed: number; count: number; first?: number; orgId: string; textStatus: Map<number, string> }): Promise<CliFuzzReport> {
  const { seed, count, orgId, textStatus } = options;
  const dir = await mkdtemp(join(tmpdir(), 'gr-fuzz-cli-'));
  try {
    const lines: FuzzCase[] = [];
    const files: FuzzCase[] = [];
    for (const c of fuzzCases(seed, count, options.first ?? 0)) {
      // A blank line or an empty file is not a body; a case without an org is the SQL test's job.
      if (!c.text.trim() || !c.withOrg) continue;
      (c.oneLine ? lines : files).push(c);
    }
    await writeFile(join(dir, 'deliveries.ndjson'), lines.map((c) => c.text).join('\n') + '\n');
    await writeFile(join(dir, 'raw-bytes.ndjson'), RAW_BYTE_LINES);
    await mkdir(join(dir, 'bodies'));
    await Promise.all(files.map((c) => writeFile(join(dir, 'bodies', `case-${c.n}.json`), c.text)));
    const result = await runCli(['--database-url', databaseUrl, 'ingest', join(dir, 'deliveries.ndjson'), join(dir, 'raw-bytes.ndjson'), join(dir, 'bodies'), '--org', orgId]);
    const failures: string[] = [];
    if (result.code !== 0) failures.push(`golden-record ingest exited ${result.code}: ${result.stderr.slice(0, 2000)}`);
    // A .json file holding a JSON array is ingested element by element (golden-record ingest):
    // each element is then a delivery of its own, found by its number and its index.
    const fileBodies = files.flatMap((c) => {
      const elements = splitJsonArray(c.text);
      return elements?.length ? elements.map((text, index) => ({ c, n: c.n * 1000 + index + 1, text, whole: false })) : [{ c, n: c.n, text: c.text, whole: true }];
    });
    const handed = lines.length + fileBodies.length + RAW_BYTE_LINE_COUNT;
    const stored = await storedDeliveries(sql);
    if (stored !== handed) failures.push(`golden-record ingest was handed ${handed} bodies (seed ${seed}), but vapi_events and vapi_quarantine hold ${stored} rows`);
    const delivered = [
      ...lines.map((c) => ({ c, n: c.n, text: c.text, whole: true })),
      ...fileBodies,
    ]
      .filter((b) => !b.whole || textStatus.get(b.n) !== 'ignored')
      .map((b): Delivered => ({ n: b.n, form: 'cli', status: (b.whole && textStatus.get(b.n)) || 'unknown', text: b.text }));
    const cases = new Map([...lines.map((c) => [c.n, c] as const), ...fileBodies.map((b) => [b.n, b.c] as const)]);
    await checkStoredWhole(sql, delivered, (d, problem) => describeCase(cases.get(d.n)!, 'cli', problem), failures);
    return { lines: lines.length, files: files.length, exitCode: result.code, failures };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
