import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcile, type ReconcileSummary } from '../../src/index.ts';
import { runCli } from '../support/cli.ts';
import { testDatabase, type TestDatabase } from '../support/db.ts';
import { endedCall, FakeVapiApi, toolMessages, type ApiCall } from './vapi-api.ts';

const KEY = 'vapi-private-key-for-tests-7f3a';
const ORG = '00000000-0000-0000-0000-00000000c0de';
const api = new FakeVapiApi(KEY);
let db: TestDatabase;

beforeAll(async () => {
  db = await testDatabase();
  await api.start();
});
afterAll(() => api.stop());

const cli = (args: string[], env: Record<string, string | undefined> = {}) =>
  runCli(['reconcile', ...args], { env: { DATABASE_URL: db.url, VAPI_API_URL: api.url, VAPI_API_KEY: KEY, ...env } });

const summaryOf = (stdout: string) => JSON.parse(stdout) as ReconcileSummary;

/** Webhook bodies as a backend's route hands them over. */
const ingest = (body: object) => db.sql`SELECT ingest_vapi_call(${db.sql.json(body as never)}::jsonb, ${ORG}::uuid)`;

const rowOf = async (vapiCallId: string) => {
  const [row] = await db.sql<{ status: string; cost_cents: number | null; ended_reason: string | null; tools_used: string[]; summary: string | null; org_id: string }[]>`
    SELECT status, cost_cents, ended_reason, tools_used, summary, org_id FROM calls WHERE vapi_call_id = ${vapiCallId}`;
  return row;
};
const eventCount = async () => Number((await db.sql`SELECT count(*) AS n FROM vapi_events`)[0].n);

describe('golden-record reconcile against a server that follows Vapi\'s API', () => {
  it('walks 2,500 Calls answered in shuffled order, 300 sharing one createdAt: none missed, none twice', async () => {
    const start = Date.parse('2026-10-01T00:00:00.000Z');
    const shared = new Date('2026-10-03T12:00:00.000Z');
    const calls: ApiCall[] = [];
    for (let i = 0; i < 2500; i++) {
      // 300 Calls created in the same millisecond (a campaign dialled at once), the rest spread over five days.
      const createdAt = i < 300 ? shared : new Date(start + Math.floor((i * 5 * 86_400_000) / 2500));
      calls.push(endedCall(`bulk-${i}`, createdAt, { updatedAt: new Date(createdAt.getTime() + 100_000 + i * 7).toISOString(), cost: ((i % 97) + 1) / 100 }));
    }
    api.reset(calls);

    const run = await cli(['--since', '2026-10-01T00:00:00Z', '--until', '2026-10-06T00:00:00Z', '--org', ORG, '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const summary = summaryOf(run.stdout);
    expect(summary).toMatchObject({ seen: 2500, missing: 2500, recovered: 2500, complete: 0, unpageable: [], agree: true });
    // Each Call ingested exactly once: one row and one api-call event per Call (a page used
    // twice, or a full page used before its window was split, would show as events > rows).
    const [{ rows, distinct, events }] = await db.sql`
      SELECT count(*)::int AS rows, count(DISTINCT vapi_call_id)::int AS distinct,
             (SELECT count(*)::int FROM vapi_events WHERE message_type = 'api-call' AND vapi_call_id LIKE 'bulk-%') AS events
        FROM calls WHERE vapi_call_id LIKE 'bulk-%'`;
    expect({ rows, distinct, events }).toEqual({ rows: 2500, distinct: 2500, events: 2500 });
    const [{ cents }] = await db.sql`SELECT sum(cost_cents)::int AS cents FROM calls WHERE vapi_call_id LIKE 'bulk-%'`;
    expect(cents).toBe(calls.reduce((sum, c) => sum + Math.round((c.cost as number) * 100), 0));

    // With pages of 100, the 300 Calls of one millisecond are walked by updatedAt: still each once.
    const small = await reconcile(db.sql, {
      since: new Date('2026-10-01T00:00:00Z'), until: new Date('2026-10-06T00:00:00Z'), orgId: ORG, check: true,
      apiKey: KEY, apiUrl: api.url, pageSize: 100,
    });
    expect(small).toMatchObject({ seen: 2500, complete: 2500, missing: 0, unpageable: [], agree: true });

    // Rerunning the same window changes nothing.
    const before = await eventCount();
    const again = summaryOf((await cli(['--since', '2026-10-01T00:00:00Z', '--until', '2026-10-06T00:00:00Z', '--org', ORG, '--json'])).stdout);
    expect(again).toMatchObject({ seen: 2500, complete: 2500, recovered: 0 });
    expect(await eventCount()).toBe(before);
  });

  it('recovers a lost report with exact cents and tools, completes a row that only saw a status-update, and never overwrites a report', async () => {
    const day = (hour: number) => new Date(Date.UTC(2026, 10, 2, hour));
    api.reset([
      endedCall('lost-report', day(9), { cost: 0.07, artifact: { messages: toolMessages('checkAvailability', 'bookAppointment') } }),
      endedCall('status-only', day(10), { cost: 0.1234, endedReason: 'assistant-forwarded-call', artifact: { messages: toolMessages('transferCall') } }),
      endedCall('complete', day(11), { cost: 0.2 }),
      // The API's Call lacks what the report held: no messages, no analysis.
      endedCall('report-holds-more', day(12), { cost: 0.3, analysis: {}, artifact: { messages: [] } }),
      endedCall('report-differs', day(13), { cost: 0.45 }),
    ]);
    await ingest({ message: { type: 'status-update', status: 'in-progress', call: { id: 'status-only', type: 'inboundPhoneCall' } } });
    const report = (id: string, fields: object) =>
      ingest({ message: { type: 'end-of-call-report', timestamp: Date.UTC(2026, 10, 2, 14), endedReason: 'customer-ended-call', call: { id }, ...fields } });
    await report('complete', { cost: 0.2 });
    await report('report-holds-more', { cost: 0.3, summary: 'Booked.', artifact: { messages: toolMessages('bookAppointment') } });
    await report('report-differs', { cost: 0.4 });

    const run = await cli(['--since', '2026-11-02T00:00:00Z', '--until', '2026-11-03T00:00:00Z', '--org', ORG, '--json']);
    expect(run.code).toBe(0);
    const summary = summaryOf(run.stdout);
    expect(summary).toMatchObject({ seen: 5, missing: 1, incomplete: 1, recovered: 2, complete: 2, differing: 1, unknown_org: 0 });
    expect(summary.examples).toEqual([
      expect.objectContaining({ vapi_call_id: 'report-differs', verdict: 'differing', differences: { cost_cents: { record: 40, vapi: 45 } } }),
    ]);

    expect(await rowOf('lost-report')).toMatchObject({ status: 'ended', cost_cents: 7, tools_used: ['checkAvailability', 'bookAppointment'] });
    expect(await rowOf('status-only')).toMatchObject({ status: 'ended', cost_cents: 13, ended_reason: 'assistant-forwarded-call', tools_used: ['transferCall'] });
    expect(await rowOf('report-holds-more')).toMatchObject({ cost_cents: 30, tools_used: ['bookAppointment'], summary: 'Booked.' });
    expect(await rowOf('report-differs')).toMatchObject({ cost_cents: 40 });
    const [{ n }] = await db.sql`SELECT count(*)::int AS n FROM vapi_events WHERE vapi_call_id IN ('complete', 'report-holds-more', 'report-differs') AND message_type = 'api-call'`;
    expect(n).toBe(0);

    const human = await cli(['--since', '2026-11-02T00:00:00Z', '--until', '2026-11-03T00:00:00Z', '--org', ORG]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/seen\s+5\n\s+already complete\s+4\n\s+recovered\s+0/);
    expect(human.stdout).toContain('e.g. report-differs differing: cost_cents record 40 vapi 45');
  });

  it('retries a 429 after its Retry-After and a 500 with backoff', async () => {
    api.reset([endedCall('after-retries', new Date('2026-11-04T08:00:00Z'), { cost: 0.05 })]);
    api.failNext({ status: 429, retryAfter: '1' }, { status: 500 }, { status: 503 });
    const run = await cli(['--since', '2026-11-04T00:00:00Z', '--until', '2026-11-05T00:00:00Z', '--org', ORG, '--json']);
    expect(run.code).toBe(0);
    expect(summaryOf(run.stdout)).toMatchObject({ seen: 1, recovered: 1, requests: 4 });
    expect(api.requests.map((r) => r.answered)).toEqual([-429, -500, -503, 1]);
    expect((await rowOf('after-retries')).cost_cents).toBe(5);
  });

  it('stops with one line and exit 1 on 401, never printing the key', async () => {
    api.reset([endedCall('unseen', new Date('2026-11-04T08:00:00Z'))]);
    const run = await cli(['--since', '2026-11-04T00:00:00Z', '--until', '2026-11-05T00:00:00Z', '--org', ORG], { VAPI_API_KEY: 'sk-wrong-key-123' });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe("golden-record: Vapi's API refused the key in VAPI_API_KEY (HTTP 401)\n");
    expect(api.requests).toHaveLength(1);

    const unset = await cli(['--since', '1d'], { VAPI_API_KEY: undefined });
    expect(unset.code).toBe(1);
    expect(unset.stderr.trim().split('\n')).toHaveLength(1);
    expect(unset.stderr).toContain('VAPI_API_KEY is not set');
  });

  it('--check writes nothing and exits 3 on disagreement, 0 once the record agrees', async () => {
    api.reset([
      endedCall('check-missing', new Date('2026-11-06T08:00:00Z'), { cost: 0.11 }),
      endedCall('check-running', new Date('2026-11-06T09:00:00Z'), { status: 'in-progress', endedAt: undefined, endedReason: undefined }),
    ]);
    const window = ['--since', '2026-11-06T00:00:00Z', '--until', '2026-11-07T00:00:00Z', '--org', ORG];
    const before = await eventCount();
    const check = await cli([...window, '--check', '--json']);
    expect(check.code).toBe(3);
    expect(summaryOf(check.stdout)).toMatchObject({ check: true, seen: 2, missing: 1, not_ended: 1, recovered: 0, agree: false });
    expect(await eventCount()).toBe(before);
    expect(await rowOf('check-missing')).toBeUndefined();

    expect((await cli(window)).code).toBe(0);
    const again = await cli([...window, '--check']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('the record agrees with Vapi');
  });

  it('quarantines a Call of no known org as unknown_org, once; a mapping files it', async () => {
    api.reset([
      endedCall('no-org', new Date('2026-11-08T08:00:00Z'), { assistantId: 'asst-unmapped', phoneNumberId: 'pn-unmapped', orgId: 'vapi-org-unmapped' }),
      endedCall('mapped', new Date('2026-11-08T09:00:00Z'), { assistantId: 'asst-mapped', cost: 0.5 }),
    ]);
    await db.sql`INSERT INTO vapi_org_mappings (vapi_id_kind, vapi_id, org_id) VALUES ('assistant', 'asst-mapped', ${ORG})`;
    const window = ['--since', '2026-11-08T00:00:00Z', '--until', '2026-11-09T00:00:00Z', '--json'];
    const first = summaryOf((await cli(window)).stdout);
    expect(first).toMatchObject({ seen: 2, unknown_org: 1, quarantined: 1, recovered: 1 });
    expect((await rowOf('mapped')).org_id).toBe(ORG);
    const second = summaryOf((await cli(window)).stdout);
    expect(second).toMatchObject({ unknown_org: 1, quarantined: 0, complete: 1 });
    const quarantine = await db.sql`SELECT reason, message_type FROM vapi_quarantine WHERE vapi_call_id = 'no-org'`;
    expect(quarantine).toEqual([{ reason: 'unknown_org', message_type: 'api-call' }]);
    expect(await rowOf('no-org')).toBeUndefined();
  });

  it('says so when more Calls than a page share one createdAt and one updatedAt, which no filter can split', async () => {
    const at = new Date('2026-11-10T08:00:00.000Z');
    api.reset(Array.from({ length: 5 }, (_, i) => endedCall(`same-instant-${i}`, at, { updatedAt: '2026-11-10T08:05:00.000Z' })));
    const summary = await reconcile(db.sql, {
      since: new Date('2026-11-10T00:00:00Z'), until: new Date('2026-11-11T00:00:00Z'), orgId: ORG, check: true,
      apiKey: KEY, apiUrl: api.url, pageSize: 2,
    });
    expect(summary.unpageable).toEqual([{ createdAt: '2026-11-10T08:00:00.000Z', updatedAt: '2026-11-10T08:05:00.000Z' }]);
    expect(summary).toMatchObject({ seen: 2, agree: false });
  });

  it('rejects bad arguments with one line', async () => {
    for (const args of [['--since', 'yesterday'], ['--since', '2d', '--until', '3d'], ['--since', '1d', '--org', 'acme'], ['--since', '1d', '--page-size', '5000']]) {
      const run = await cli(args);
      expect(run.code, args.join(' ')).toBe(1);
      expect(run.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });
});
