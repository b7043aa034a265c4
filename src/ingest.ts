import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type postgres from 'postgres';
import { ingestVapiCallsStaged, type IngestStatus } from './client/ingest.ts';
import { retryTransient } from './retry.ts';

/**
 * Streaming bulk ingest of webhook bodies from files, directories, NDJSON and stdin, in batches
 * through the set form `ingest_vapi_calls(text[], org)`, each batch sent by COPY into a staging
 * table first (`ingestVapiCallsStaged`). Bodies are sent as the text they are,
 * so the database decides everything (a body that is not JSON is quarantined with its raw text);
 * this module only reads, batches and counts. NDJSON is read line by line, never whole.
 *
 * What is read:
 * - `-`: stdin; NDJSON (one body per line), or one JSON document when its first line is only
 *   `{` or `[` (pretty-printed).
 * - a directory: every `*.json`, `*.ndjson` and `*.jsonl` below it, in name order.
 * - `*.ndjson`, `*.jsonl`: one body per non-blank line.
 * - any other file: one body (an empty or broken file is handed over all the same, and ends up
 *   quarantined), or, when it holds a JSON array, each element as a body (`file[i]`), its text
 *   exactly as in the file. Through SQL an array stays one body (`not_an_object`).
 */

export interface IngestProgress {
  /** Bodies handed over so far. */
  deliveries: number;
  /** Bytes read so far (characters, close enough for a progress bar). */
  bytes: number;
  /** Total size of the files, null when stdin is among the sources. */
  totalBytes: number | null;
}

export interface IngestPathsOptions {
  /** The org of every body (default: each is resolved from vapi_org_mappings). */
  org?: string | null;
  /** Bodies per batch (one statement, one transaction; default 200). */
  batchSize?: number;
  /** A batch is sent early when its bodies reach this many characters (default 8 MB). */
  batchChars?: number;
  /**
   * Batches in flight at once (default 1), each on a connection of the client's pool (give it
   * `max` >= jobs). With more than one, deliveries of a call split across batches may be applied
   * in another order than the file's: the row ends the same, but which delivery counts as
   * `updated` or `duplicate` may differ.
   */
  jobs?: number;
  /** How many times a batch that met a deadlock, serialization failure or lock timeout is retried (default 5). */
  retries?: number;
  /** Where `-` reads from (default process.stdin). */
  stdin?: Readable;
  /** Called after every batch. */
  onProgress?: (progress: IngestProgress) => void;
}

/** A quarantined body and where it came from (`file`, `file:line` or `stdin:line`). */
export interface QuarantinedExample {
  source: string;
  reason: string;
}

export interface IngestSummary {
  /** Bodies handed over (each is now one row of vapi_events or vapi_quarantine). */
  deliveries: number;
  /** Files read (stdin counts as one). */
  files: number;
  batches: number;
  statuses: Record<IngestStatus, number>;
  /** Quarantined bodies by reason. */
  reasons: Record<string, number>;
  /** The first quarantined bodies (at most 10), to look at. */
  examples: QuarantinedExample[];
  seconds: number;
}

interface Body {
  text: string;
  source: string;
}

const NDJSON = /\.(ndjson|jsonl)$/i;
const IN_DIRECTORY = /\.(json|ndjson|jsonl)$/i;
const MAX_EXAMPLES = 10;

/** The files named (directories expanded, in name order) and their total size; `-` is stdin. */
async function expand(paths: string[]): Promise<{ files: string[]; totalBytes: number | null }> {
  const files: string[] = [];
  let total: number | null = 0;
  const walk = async (dir: string) => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (IN_DIRECTORY.test(entry.name)) files.push(path);
    }
  };
  for (const path of paths) {
    if (path === '-') {
      files.push('-');
      total = null;
      continue;
    }
    const info = await stat(path);
    if (info.isDirectory()) await walk(path);
    else files.push(path);
  }
  if (total !== null) for (const file of files) total += (await stat(file)).size;
  return { files, totalBytes: total };
}

/**
 * The lines of a stream, split on \n (a \r before it dropped). Chunks are pulled only as lines
 * are consumed, so a file is never read ahead of the batches sent (readline would buffer it).
 */
async function* splitLines(stream: Readable): AsyncGenerator<string> {
  stream.setEncoding('utf8');
  const line = (parts: string[]) => {
    const text = parts.join('');
    return text.endsWith('\r') ? text.slice(0, -1) : text;
  };
  let pending: string[] = [];
  for await (const chunk of stream as AsyncIterable<string>) {
    let start = 0;
    for (let end = chunk.indexOf('\n'); end !== -1; end = chunk.indexOf('\n', start)) {
      pending.push(chunk.slice(start, end));
      yield line(pending);
      pending = [];
      start = end + 1;
    }
    if (start < chunk.length) pending.push(chunk.slice(start));
  }
  if (pending.length) yield line(pending);
}

/**
 * The elements of a JSON array, each as the exact text it has in `text` (no parse and
 * re-serialisation, so numbers and escapes reach the database as sent), or null when `text` is
 * not an array whose brackets, braces and strings balance (the whole text is then one body).
 */
export function splitJsonArray(text: string): string[] | null {
  let i = 0;
  while (i < text.length && /\s/.test(text[i])) i++;
  if (text[i] !== '[') return null;
  const elements: string[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '[' || ch === '{') {
      depth++;
      if (depth === 1) {
        start = i + 1;
        continue;
      }
    } else if (ch === ']' || ch === '}') {
      depth--;
      if (depth === 0) {
        const last = text.slice(start, i).trim();
        if (last) elements.push(last);
        else if (elements.length) return null;
        return text.slice(i + 1).trim() ? null : elements;
      }
      if (depth < 0) return null;
    } else if (ch === ',' && depth === 1) {
      const element = text.slice(start, i).trim();
      if (!element) return null;
      elements.push(element);
      start = i + 1;
    }
  }
  return null;
}

/** One body per element when `text` is a JSON array of bodies, else the text as one body. */
function* fileBodies(text: string, source: string): Generator<Body> {
  const elements = splitJsonArray(text);
  // An empty array holds no body, but it was handed in: it is kept whole (quarantined).
  if (!elements?.length) {
    yield { text, source };
    return;
  }
  for (const [index, element] of elements.entries()) yield { text: element, source: `${source}[${index}]` };
}

async function* lines(stream: Readable, name: string, counted: (chars: number) => void): AsyncGenerator<Body> {
  let n = 0;
  let first = true;
  let document: string[] | null = null;
  for await (const line of splitLines(stream)) {
    n++;
    counted(line.length + 1);
    if (document) {
      document.push(line);
      continue;
    }
    if (!line.trim()) continue;
    // stdin holding one pretty-printed document rather than NDJSON.
    if (name === 'stdin' && first && /^\s*[{[]\s*$/.test(line)) {
      document = [line];
      continue;
    }
    first = false;
    yield { text: line, source: `${name}:${n}` };
  }
  if (document) yield* fileBodies(document.join('\n'), name);
}

async function* bodies(files: string[], stdin: Readable, counted: (chars: number) => void): AsyncGenerator<Body> {
  for (const file of files) {
    if (file === '-') yield* lines(stdin, 'stdin', counted);
    else if (NDJSON.test(file)) yield* lines(createReadStream(file, { encoding: 'utf8' }), file, counted);
    else {
      const text = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
      counted(text.length);
      yield* fileBodies(text, file);
    }
  }
}

/**
 * Ingests every body found at `paths` and says what became of them. Throws only when a path
 * cannot be read or the database fails; bad bodies are the database's to quarantine. Batches
 * are in flight (`jobs`) while the next is read.
 */
export async function ingestPaths(sql: postgres.Sql, paths: string[], options: IngestPathsOptions = {}): Promise<IngestSummary> {
  const started = process.hrtime.bigint();
  const batchSize = options.batchSize ?? 200;
  const batchChars = options.batchChars ?? 8_000_000;
  const { files, totalBytes } = await expand(paths);
  const summary: IngestSummary = {
    deliveries: 0,
    files: files.length,
    batches: 0,
    statuses: { ingested: 0, updated: 0, duplicate: 0, ignored: 0, quarantined: 0 },
    reasons: {},
    examples: [],
    seconds: 0,
  };
  let bytes = 0;

  const send = async (batch: Body[]) => {
    const rows = await retryTransient(() => ingestVapiCallsStaged(sql, batch.map((b) => b.text), options.org), { retries: options.retries ?? 5 });
    for (const row of rows) {
      summary.statuses[row.status] = (summary.statuses[row.status] ?? 0) + 1;
      if (row.status === 'quarantined') {
        const reason = row.reason ?? 'unknown';
        summary.reasons[reason] = (summary.reasons[reason] ?? 0) + 1;
        if (summary.examples.length < MAX_EXAMPLES) summary.examples.push({ source: batch[row.ord - 1].source, reason });
      }
    }
    summary.deliveries += batch.length;
    summary.batches++;
    options.onProgress?.({ deliveries: summary.deliveries, bytes, totalBytes });
  };

  const jobs = Math.max(1, options.jobs ?? 1);
  const inFlight = new Set<Promise<void>>();
  const dispatch = async (batch: Body[]) => {
    // A failed batch rejects here, at the latest when the next one waits for a free slot.
    while (inFlight.size >= jobs) await Promise.race(inFlight);
    const sent: Promise<void> = send(batch).finally(() => inFlight.delete(sent));
    sent.catch(() => {});
    inFlight.add(sent);
  };
  let batch: Body[] = [];
  let chars = 0;
  for await (const body of bodies(files, options.stdin ?? process.stdin, (n) => (bytes += n))) {
    batch.push(body);
    chars += body.text.length;
    if (batch.length >= batchSize || chars >= batchChars) {
      await dispatch(batch);
      batch = [];
      chars = 0;
    }
  }
  if (batch.length) await dispatch(batch);
  await Promise.all(inFlight);
  summary.seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return summary;
}
