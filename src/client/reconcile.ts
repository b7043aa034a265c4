import type postgres from 'postgres';

/**
 * `reconcile(sql, options)`: recovers from Vapi's API (`GET /call`) what the webhooks lost and
 * says whether the record matches Vapi. This module only walks the API; every comparison and
 * every write is `reconcile_vapi_call_object` (sql/ingest/), which reads each Call through the
 * same extraction as a webhook report.
 */

export const VAPI_API_URL = 'https://api.vapi.ai';
/** The most Calls `GET /call` answers at once (its documented maximum `limit`). */
export const VAPI_PAGE_LIMIT = 1000;

export type ReconcileVerdictKind = 'complete' | 'missing' | 'incomplete' | 'differing' | 'not_ended' | 'unknown_org' | 'invalid';

/** What `reconcile_vapi_call_object` returns for one Call. */
export interface ReconcileVerdict {
  verdict: ReconcileVerdictKind;
  vapi_call_id: string | null;
  org_id: string | null;
  /** Fields lacking or differing: `{"cost_cents": {"record": 12, "vapi": 15}}`. */
  differences?: Record<string, { record?: unknown; vapi?: unknown }>;
  /** What `ingest_vapi_call_object` returned, when it ran. */
  ingest?: { status: string; reason?: string; call_id?: string };
}

export interface ReconcileOptions {
  /** Start of the window (Calls with createdAt >= since). */
  since: Date;
  /** End of the window, exclusive (default: now). */
  until?: Date;
  /** File every Call under this org (default: vapi_org_mappings, else quarantined `unknown_org`). */
  orgId?: string | null;
  /** Compare only: write nothing. */
  check?: boolean;
  /** Vapi's private API key (default: the VAPI_API_KEY environment variable). Never logged. */
  apiKey?: string;
  /** Base URL of Vapi's API (default: VAPI_API_URL, else https://api.vapi.ai). */
  apiUrl?: string;
  /** Calls per request, 1 to 1000 (default 1000). A full page splits the window. */
  pageSize?: number;
  /** Attempts after a 429, a 5xx or a network error before giving up (default 6). */
  retries?: number;
  /** First backoff delay when the server sends no Retry-After, doubled each attempt (default 500 ms). */
  backoffMs?: number;
  /** How many differing Calls the summary shows (default 5). */
  examples?: number;
  /** Called after each page with how much of the window is covered. */
  onProgress?: (progress: ReconcileProgress) => void;
}

export interface ReconcileProgress {
  /** Milliseconds of the window covered so far, of `total`. */
  covered: number;
  total: number;
  seen: number;
  requests: number;
}

export interface ReconcileSummary {
  since: string;
  until: string;
  check: boolean;
  /** Calls Vapi listed in the window (each once). */
  seen: number;
  /** Ended Calls the record already matched. */
  complete: number;
  /** Ended Calls the record lacked (missing, or incomplete: the report never arrived). */
  missing: number;
  incomplete: number;
  /** Of those, written now (0 with check). */
  recovered: number;
  /** Ended Calls whose cost, ended reason or tools differ from what a report wrote (never overwritten). */
  differing: number;
  /** Calls not ended yet: nothing to compare. */
  not_ended: number;
  /** Calls of no known org (quarantined as `unknown_org` unless check). */
  unknown_org: number;
  /** Calls without a usable id, or whose id belongs to another org. */
  invalid: number;
  /** Quarantine rows written by this run. */
  quarantined: number;
  /** A few differing (or, with check, lacking) Calls. */
  examples: ReconcileVerdict[];
  /** Windows where more Calls than a page share one createdAt and one updatedAt: not all seen. */
  unpageable: { createdAt: string; updatedAt: string | null }[];
  requests: number;
  /** The record and Vapi agree (after what this run recovered): nothing missing, incomplete, differing, of an unknown org, invalid or unpageable. */
  agree: boolean;
}

/** Vapi refused the key (401 / 403), or answered something other than the documented array. */
export class VapiApiError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'VapiApiError';
  }
}

/** A window of Calls: createdAt in [createdGe, createdLt), and updatedAt in [updatedGe, updatedLt) when set. */
interface Window {
  createdGe: number;
  createdLt: number;
  updatedGe?: number;
  updatedLt?: number;
}

const DAY = 86_400_000;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Retry-After in milliseconds: delay-seconds or an HTTP date (RFC 9110); null when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * Lists every Call created in [since, until) exactly once, however the server orders its
 * answer. `GET /call` has no cursor, so the walk moves the window: a page shorter than the
 * limit holds the whole window; a full one splits it in two by createdAt, down to a single
 * millisecond, then by updatedAt (a Call is updated at or after it is created). Windows are
 * half-open and disjoint, so no Call is in two of them. `onPage` gets each complete page.
 */
async function walkCalls(
  options: Required<Pick<ReconcileOptions, 'pageSize' | 'retries' | 'backoffMs'>> & { apiKey: string; apiUrl: string },
  since: number,
  until: number,
  onPage: (calls: unknown[], covered: number) => Promise<void>,
  unpageable: ReconcileSummary['unpageable'],
  counter: { requests: number },
): Promise<void> {
  const stack: Window[] = [{ createdGe: since, createdLt: until }];
  while (stack.length) {
    const window = stack.pop()!;
    const calls = await fetchPage(options, window, counter);
    const createdSpan = window.createdLt - window.createdGe;
    if (calls.length < options.pageSize) {
      await onPage(calls, window.updatedGe === undefined && window.updatedLt === undefined ? createdSpan : 0);
      continue;
    }
    if (createdSpan > 1) {
      const middle = window.createdGe + Math.floor(createdSpan / 2);
      // Pushed last, popped first: the window is walked from its start.
      stack.push({ createdGe: middle, createdLt: window.createdLt }, { createdGe: window.createdGe, createdLt: middle });
    } else if (window.updatedGe === undefined && window.updatedLt === undefined) {
      // More Calls than a page share this createdAt: walk it by updatedAt, including the
      // (normally empty) ranges before its creation and after a day from now.
      const from = window.createdGe;
      const to = Math.max(Date.now(), until) + DAY;
      stack.push(
        { ...window, updatedGe: to },
        { ...window, updatedGe: from, updatedLt: to },
        { ...window, updatedLt: from },
      );
    } else if (window.updatedGe !== undefined && window.updatedLt !== undefined && window.updatedLt - window.updatedGe > 1) {
      const middle = window.updatedGe + Math.floor((window.updatedLt - window.updatedGe) / 2);
      stack.push({ ...window, updatedGe: middle }, { ...window, updatedLt: middle });
    } else {
      // The API offers no finer filter that covers every Call: these are seen, more may exist.
      unpageable.push({
        createdAt: new Date(window.createdGe).toISOString(),
        updatedAt: window.updatedGe !== undefined && window.updatedLt !== undefined ? new Date(window.updatedGe).toISOString() : null,
      });
      await onPage(calls, 0);
    }
  }
}

/** One `GET /call` of a window, retrying 429 (after Retry-After), 5xx and network errors with backoff. */
async function fetchPage(
  options: { apiKey: string; apiUrl: string; pageSize: number; retries: number; backoffMs: number },
  window: Window,
  counter: { requests: number },
): Promise<unknown[]> {
  const url = new URL('call', options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/`);
  url.searchParams.set('limit', String(options.pageSize));
  url.searchParams.set('createdAtGe', new Date(window.createdGe).toISOString());
  url.searchParams.set('createdAtLt', new Date(window.createdLt).toISOString());
  if (window.updatedGe !== undefined) url.searchParams.set('updatedAtGe', new Date(window.updatedGe).toISOString());
  if (window.updatedLt !== undefined) url.searchParams.set('updatedAtLt', new Date(window.updatedLt).toISOString());
  for (let attempt = 0; ; attempt++) {
    const backoff = Math.min(30_000, options.backoffMs * 2 ** attempt);
    let response: Response;
    try {
      counter.requests++;
      response = await fetch(url, { headers: { Authorization: `Bearer ${options.apiKey}`, Accept: 'application/json' } });
    } catch (error) {
      if (attempt >= options.retries) throw new VapiApiError(`cannot reach Vapi's API at ${url.origin}: ${(error as Error).message}`);
      await sleep(backoff);
      continue;
    }
    if (response.status === 401 || response.status === 403) {
      await response.body?.cancel();
      throw new VapiApiError(`Vapi's API refused the key in VAPI_API_KEY (HTTP ${response.status})`, response.status);
    }
    if (response.status === 429 || response.status >= 500) {
      const wait = retryAfterMs(response.headers.get('retry-after')) ?? backoff;
      await response.body?.cancel();
      if (attempt >= options.retries) {
        throw new VapiApiError(`Vapi's API still answered HTTP ${response.status} after ${attempt + 1} attempts`, response.status);
      }
      await sleep(Math.min(wait, 120_000));
      continue;
    }
    if (!response.ok) {
      const text = (await response.text()).slice(0, 200).replace(/\s+/g, ' ');
      throw new VapiApiError(`Vapi's API answered HTTP ${response.status} to GET /call: ${text}`, response.status);
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (!Array.isArray(body)) throw new VapiApiError("Vapi's API did not answer GET /call with a JSON array of Calls");
    return body;
  }
}

/**
 * Walks every Call Vapi created in [since, until) and hands each page to
 * `reconcile_vapi_call_object`, which ingests what the record lacks (unless `check`) and says
 * what it found. Rerunning over the same window changes nothing.
 */
export async function reconcile(sql: postgres.Sql, options: ReconcileOptions): Promise<ReconcileSummary> {
  const apiKey = options.apiKey ?? process.env.VAPI_API_KEY;
  if (!apiKey) throw new VapiApiError('VAPI_API_KEY is not set: it must hold a private key of Vapi\'s API');
  const apiUrl = options.apiUrl ?? (process.env.VAPI_API_URL || VAPI_API_URL);
  const pageSize = options.pageSize ?? VAPI_PAGE_LIMIT;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > VAPI_PAGE_LIMIT) throw new RangeError(`pageSize must be 1 to ${VAPI_PAGE_LIMIT}`);
  const since = options.since.getTime();
  const until = (options.until ?? new Date()).getTime();
  if (Number.isNaN(since) || Number.isNaN(until)) throw new RangeError('since and until must be valid times');
  if (since >= until) throw new RangeError('since must be before until');
  const check = options.check ?? false;
  const exampleCount = options.examples ?? 5;

  const summary: ReconcileSummary = {
    since: new Date(since).toISOString(),
    until: new Date(until).toISOString(),
    check,
    seen: 0,
    complete: 0,
    missing: 0,
    incomplete: 0,
    recovered: 0,
    differing: 0,
    not_ended: 0,
    unknown_org: 0,
    invalid: 0,
    quarantined: 0,
    examples: [],
    unpageable: [],
    requests: 0,
    agree: false,
  };
  const counter = { requests: 0 };
  let covered = 0;

  const onPage = async (calls: unknown[], span: number) => {
    if (calls.length) {
      const compare = (q: postgres.Sql | postgres.TransactionSql) => q<{ verdict: ReconcileVerdict }[]>`
        SELECT reconcile_vapi_call_object(e.call, ${options.orgId ?? null}::uuid, ${!check}) AS verdict
          FROM jsonb_array_elements(${sql.json(calls as postgres.JSONValue)}::jsonb) WITH ORDINALITY AS e(call, ord)
         ORDER BY e.ord`;
      const rows = check ? await sql.begin('read only', (tx) => compare(tx)) : await compare(sql);
      for (const { verdict } of rows) {
        summary.seen++;
        summary[verdict.verdict]++;
        const status = verdict.ingest?.status;
        if (status === 'ingested' || status === 'updated') summary.recovered++;
        if (status === 'quarantined') summary.quarantined++;
        const example = verdict.verdict === 'differing' || (check && (verdict.verdict === 'missing' || verdict.verdict === 'incomplete'));
        if (example && summary.examples.length < exampleCount) summary.examples.push(verdict);
      }
    }
    covered += span;
    options.onProgress?.({ covered, total: until - since, seen: summary.seen, requests: counter.requests });
  };

  await walkCalls({ apiKey, apiUrl, pageSize, retries: options.retries ?? 6, backoffMs: options.backoffMs ?? 500 }, since, until, onPage, summary.unpageable, counter);
  summary.requests = counter.requests;
  // Without check, what was recovered now agrees.
  const lacking = summary.missing + summary.incomplete - summary.recovered;
  summary.agree = lacking + summary.differing + summary.unknown_org + summary.invalid + summary.unpageable.length === 0;
  return summary;
}
