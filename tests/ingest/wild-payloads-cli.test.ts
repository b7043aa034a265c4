import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { splitJsonArray } from '../../src/ingest.ts';
import { runCli } from '../support/cli.ts';
import { testDatabase, type TestDatabase } from '../support/db.ts';

/**
 * `golden-record ingest` over the shapes Vapi users' backends really hold (issue #13): a file
 * holding a JSON array of bodies (ingested element by element) and a body wrapped by n8n's
 * webhook node. Fixtures in tests/fixtures/vapi/wild, written from the documented facts.
 */

const WILD = join(import.meta.dirname, '..', 'fixtures', 'vapi', 'wild');
const ORG = '00000000-0000-0000-0000-00000000e013';

let db: TestDatabase;
beforeEach(async () => {
  db = await testDatabase();
});

async function ingest(path: string) {
  const result = await runCli(['--database-url', db.url, 'ingest', path, '--org', ORG, '--json']);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as { deliveries: number; statuses: Record<string, number> };
}

describe('golden-record ingest over real-world shapes', () => {
  it('ingests a JSON array file element by element, each with the record the contract gives', async () => {
    const summary = await ingest(join(WILD, 'reports-as-json-array.json'));
    expect(summary.deliveries).toBe(4);
    expect(summary.statuses).toEqual({ ingested: 2, updated: 1, duplicate: 0, ignored: 1, quarantined: 0 });

    const calls = await db.sql`
      SELECT vapi_call_id, direction, status, cost_cents, ended_reason, tools_used, caller_name, report_sent_at
        FROM calls WHERE org_id = ${ORG} ORDER BY vapi_call_id`;
    expect(calls).toEqual([
      // Early 2024: the ringing snapshot's cost of 0 is not a cost.
      { vapi_call_id: 'wild-early-2024', direction: 'inbound', status: 'ended', cost_cents: null, ended_reason: 'customer-ended-call',
        tools_used: [], caller_name: null, report_sent_at: new Date('2024-02-12T16:05:40.918Z') },
      // Mid 2024: empty artifact.messages, the tools in the top-level messages.
      { vapi_call_id: 'wild-mid-2024', direction: 'outbound', status: 'ended', cost_cents: 14, ended_reason: 'assistant-ended-call',
        tools_used: ['checkAvailability', 'bookAppointment', 'endCall'], caller_name: 'Dana', report_sent_at: new Date('2024-06-20T09:14:55.120Z') },
    ]);
    const components = await db.sql`
      SELECT component, cost::text FROM call_cost_components cc JOIN calls c ON c.id = cc.call_id
       WHERE c.vapi_call_id = 'wild-mid-2024' ORDER BY component`;
    expect(components).toEqual([
      { component: 'model', cost: '0.0312' }, { component: 'transcriber', cost: '0.0281' }, { component: 'transport', cost: '0' },
      { component: 'vapi', cost: '0.0482' }, { component: 'voice', cost: '0.0302' },
    ]);
    const [chat] = await db.sql`SELECT outcome, notes FROM vapi_events WHERE org_id = ${ORG} AND outcome = 'ignored'`;
    expect(chat.notes.join(' ')).toMatch(/of a chat/);
    expect((await db.sql`SELECT count(*)::int AS n FROM vapi_quarantine`)[0].n).toBe(0);
  });

  it('unwraps an n8n-wrapped body, with a note, and keeps the amounts exactly', async () => {
    const summary = await ingest(join(WILD, 'n8n-wrapped-report.json'));
    expect(summary.statuses.ingested).toBe(1);
    const [call] = await db.sql`
      SELECT direction, status, cost_cents, duration_seconds, tools_used, summary, recording_url, cost_ledger_gap::text
        FROM calls WHERE vapi_call_id = 'wild-n8n-2025'`;
    expect(call).toEqual({
      direction: 'web', status: 'ended', cost_cents: 22, duration_seconds: 125, tools_used: ['bookAppointment'],
      summary: 'Booked a cleaning for Tuesday.', recording_url: 'https://recordings.example.test/wild-n8n.wav', cost_ledger_gap: '0.0000',
    });
    const [event] = await db.sql`SELECT notes, payload ? 'headers' AS kept_whole FROM vapi_events WHERE vapi_call_id = 'wild-n8n-2025'`;
    expect(event.notes).toEqual(['unwrapped from an n8n webhook envelope {headers, params, query, body}']);
    expect(event.kept_whole).toBe(true);
    const [vapi] = await db.sql`SELECT cost::text, minutes::text FROM call_cost_components WHERE component = 'vapi'`;
    expect(vapi).toEqual({ cost: '0.104', minutes: '2.0792' });
  });
});

describe('splitJsonArray', () => {
  it('gives each element its exact text, and null for what is not a well-formed array', () => {
    expect(splitJsonArray(' [ {"a": "x,]}\\"y"} , 0.10000000000000000001, [1, {"b": 2}] ] \n')).toEqual([
      '{"a": "x,]}\\"y"}', '0.10000000000000000001', '[1, {"b": 2}]',
    ]);
    expect(splitJsonArray('[]')).toEqual([]);
    expect(splitJsonArray('{"message": {}}')).toBeNull();
    expect(splitJsonArray('[{"a": 1},]')).toBeNull();
    expect(splitJsonArray('[{"a": 1}')).toBeNull();
    expect(splitJsonArray('[1] trailing')).toBeNull();
  });
});
