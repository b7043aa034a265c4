import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for Vapi's API, following its public reference for `GET /call` and
 * `GET /call/{id}`: Bearer auth (401 otherwise), filters `createdAtGt/Ge/Lt/Le`,
 * `updatedAtGt/Ge/Lt/Le`, `assistantId`, `phoneNumberId`, `id`, `limit` (0 to 1000, default
 * 100), and a JSON array of Call objects in no documented order: this one shuffles every
 * answer and, when more Calls match than `limit`, answers an arbitrary `limit` of them.
 * Faults queued with `failNext` answer the next requests instead (429 with Retry-After, 5xx).
 */

export interface ApiCall {
  id: string;
  createdAt: string;
  updatedAt: string;
  [field: string]: unknown;
}

export interface Fault {
  status: number;
  retryAfter?: string;
}

export class FakeVapiApi {
  calls: ApiCall[] = [];
  /** Every request: path and query, and how many Calls it answered (faults: -status). */
  requests: { url: string; answered: number }[] = [];
  /** How many times each Call id was answered, over all requests. */
  answered = new Map<string, number>();
  private faults: Fault[] = [];
  private server?: Server;
  private seed = 20261202;

  constructor(readonly apiKey: string) {}

  get url(): string {
    const { port } = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((done) => this.server!.listen(0, '127.0.0.1', done));
  }

  async stop(): Promise<void> {
    await new Promise<void>((done) => this.server?.close(() => done()) ?? done());
  }

  /** The Calls the account holds (replaces the previous ones) and forgets the request log. */
  reset(calls: ApiCall[]): void {
    this.calls = calls;
    this.requests = [];
    this.answered.clear();
    this.faults = [];
  }

  failNext(...faults: Fault[]): void {
    this.faults.push(...faults);
  }

  /** A deterministic pseudo-random number in [0, 1) (mulberry32). */
  private random(): number {
    let t = (this.seed += 0x6d2b79f5);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  private shuffled<T>(items: T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${this.apiKey}`) {
      this.requests.push({ url: url.pathname + url.search, answered: -401 });
      return send(401, { message: 'Invalid Key. Hot tip, you may be using the private key instead of the public key, or vice versa.', error: 'Unauthorized', statusCode: 401 });
    }
    const fault = this.faults.shift();
    if (fault) {
      this.requests.push({ url: url.pathname + url.search, answered: -fault.status });
      return send(fault.status, { message: 'try again', statusCode: fault.status }, fault.retryAfter ? { 'retry-after': fault.retryAfter } : {});
    }
    const one = /^\/call\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && one) {
      const call = this.calls.find((c) => c.id === decodeURIComponent(one[1]));
      return call ? send(200, call) : send(404, { message: 'Not Found', statusCode: 404 });
    }
    if (req.method !== 'GET' || url.pathname !== '/call') return send(404, { message: 'Not Found', statusCode: 404 });

    const q = url.searchParams;
    const limit = q.has('limit') ? Number(q.get('limit')) : 100;
    if (!Number.isInteger(limit) || limit < 0 || limit > 1000) {
      return send(400, { message: ['limit must not be greater than 1000'], error: 'Bad Request', statusCode: 400 });
    }
    const bounds: [string, keyof ApiCall, (a: number, b: number) => boolean][] = [
      ['createdAtGt', 'createdAt', (a, b) => a > b], ['createdAtGe', 'createdAt', (a, b) => a >= b],
      ['createdAtLt', 'createdAt', (a, b) => a < b], ['createdAtLe', 'createdAt', (a, b) => a <= b],
      ['updatedAtGt', 'updatedAt', (a, b) => a > b], ['updatedAtGe', 'updatedAt', (a, b) => a >= b],
      ['updatedAtLt', 'updatedAt', (a, b) => a < b], ['updatedAtLe', 'updatedAt', (a, b) => a <= b],
    ];
    for (const [param] of bounds) {
      if (q.has(param) && Number.isNaN(Date.parse(q.get(param)!))) return send(400, { message: [`${param} must be a valid ISO 8601 date string`], statusCode: 400 });
    }
    const matching = this.calls.filter(
      (call) =>
        bounds.every(([param, field, test]) => !q.has(param) || test(Date.parse(call[field] as string), Date.parse(q.get(param)!))) &&
        ['id', 'assistantId', 'phoneNumberId'].every((field) => !q.has(field) || call[field] === q.get(field)),
    );
    const page = this.shuffled(matching).slice(0, limit);
    this.requests.push({ url: url.pathname + url.search, answered: page.length });
    for (const call of page) this.answered.set(call.id, (this.answered.get(call.id) ?? 0) + 1);
    send(200, page);
  }
}

/** An ended Call as `GET /call` answers it (fields from Vapi's API reference). */
export function endedCall(id: string, createdAt: Date, fields: Record<string, unknown> = {}): ApiCall {
  const started = new Date(createdAt.getTime() + 2_000);
  const ended = new Date(started.getTime() + 95_000);
  return {
    id,
    orgId: 'vapi-org-test',
    type: 'inboundPhoneCall',
    status: 'ended',
    endedReason: 'customer-ended-call',
    createdAt: createdAt.toISOString(),
    updatedAt: new Date(ended.getTime() + 4_000).toISOString(),
    startedAt: started.toISOString(),
    endedAt: ended.toISOString(),
    cost: 0.0842,
    costs: [
      { type: 'transport', cost: 0.0095, minutes: 1.58 },
      { type: 'model', cost: 0.0447, promptTokens: 3120, completionTokens: 210 },
      { type: 'vapi', subType: 'normal', cost: 0.03, minutes: 1.58 },
    ],
    costBreakdown: { transport: 0.0095, llm: 0.0447, vapi: 0.03, total: 0.0842 },
    analysis: { summary: 'The caller asked about opening hours.' },
    artifact: {
      transcript: 'AI: Thanks for calling.\nUser: When are you open?',
      recordingUrl: `https://storage.example/${id}.wav`,
      messages: [
        { role: 'system', message: 'You are the front desk.' },
        { role: 'bot', message: 'Thanks for calling.' },
        { role: 'user', message: 'When are you open?' },
      ],
    },
    customer: { number: '+13105550100' },
    assistantId: 'asst-test',
    phoneNumberId: 'pn-test',
    ...fields,
  };
}

/** Vapi-format tool messages: one `tool_calls` message per name, each with its result. */
export function toolMessages(...names: string[]): unknown[] {
  return names.flatMap((name, i) => [
    { role: 'tool_calls', toolCalls: [{ id: `tc-${i}`, type: 'function', function: { name, arguments: '{}' } }] },
    { role: 'tool_call_result', name, toolCallId: `tc-${i}`, result: 'ok' },
  ]);
}
