import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { testDatabase, type TestDatabase } from '../support/db.ts';

/**
 * `golden-record ingest` and `replay` as a user runs them: over a directory of bodies, an NDJSON
 * file and stdin. Every summary is checked against what the database holds afterwards.
 */

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'vapi');
const BODIES = join(FIXTURES, 'bodies');
const NDJSON = join(FIXTURES, 'deliveries.ndjson');

// Each test has its own database: the fixtures reuse call ids, and a call id is one org's.
let db: TestDatabase;
beforeEach(async () => {
  db = await testDatabase();
});
const scratch = mkdtempSync(join(tmpdir(), 'gr-ingest-cli-'));

interface Summary {
  deliveries: number;
  files: number;
  statuses: Record<string, number>;
  reasons: Record<string, number>;
  examples: { source: string; reason: string }[];
}

async function ingest(args: string[], input?: string): Promise<Summary> {
  const result = await runCli(['--database-url', db.url, 'ingest', ...args, '--json'], { input });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as Summary;
}

/** What the database holds for an org: event outcomes and quarantine reasons, as the summary counts them. */
async function storedFor(org: string): Promise<{ statuses: Record<string, number>; reasons: Record<string, number> }> {
  const events = await db.sql<{ outcome: string; n: number }[]>`
    SELECT outcome, count(*)::int AS n FROM vapi_events WHERE org_id = ${org} GROUP BY outcome`;
  const quarantined = await db.sql<{ reason: string; n: number }[]>`
    SELECT reason, count(*)::int AS n FROM vapi_quarantine WHERE org_id = ${org} AND replay_outcome IS NULL GROUP BY reason`;
  const statuses: Record<string, number> = { ingested: 0, updated: 0, duplicate: 0, ignored: 0, quarantined: 0 };
  for (const e of events) statuses[e.outcome] = e.n;
  const reasons: Record<string, number> = {};
  for (const q of quarantined) {
    reasons[q.reason] = q.n;
    statuses.quarantined += q.n;
  }
  return { statuses, reasons };
}

describe('golden-record ingest', () => {
  it('ingests a directory of bodies; the summary matches the database', async () => {
    const org = '00000000-0000-0000-0000-00000000d001';
    const summary = await ingest([BODIES, '--org', org]);
    expect(summary.deliveries).toBe(9);
    expect(summary.files).toBe(9);
    // 08 is a JSON array holding one body: ingested as that body.
    expect(summary.statuses).toEqual({ ingested: 4, updated: 1, duplicate: 1, ignored: 2, quarantined: 1 });
    expect(summary.reasons).toEqual({ invalid_json: 1 });
    expect(await storedFor(org)).toEqual({ statuses: summary.statuses, reasons: summary.reasons });

    const calls = await db.sql`
      SELECT vapi_call_id, status, cost_cents, ended_reason, tools_used FROM calls WHERE org_id = ${org} ORDER BY vapi_call_id`;
    expect(calls).toEqual([
      { vapi_call_id: 'fx-call-1', status: 'ended', cost_cents: 16, ended_reason: 'customer-ended-call', tools_used: ['checkAvailability', 'bookAppointment', 'endCall'] },
      { vapi_call_id: 'fx-call-2', status: 'ended', cost_cents: 7, ended_reason: 'assistant-ended-call', tools_used: ['lookupHours'] },
      { vapi_call_id: 'fx-call-3', status: 'ended', cost_cents: 0, ended_reason: 'assistant-forwarded-call', tools_used: ['lookupCustomer', 'checkAvailability', 'transferCall'] },
      { vapi_call_id: 'fx-call-in-an-array', status: 'ended', cost_cents: null, ended_reason: null, tools_used: [] },
    ]);
  });

  it('keeps a broken file whole in quarantine, with its raw text and where it came from', async () => {
    const org = '00000000-0000-0000-0000-00000000d002';
    const broken = join(BODIES, '09-broken.json');
    const summary = await ingest([broken, '--org', org]);
    expect(summary.statuses.quarantined).toBe(1);
    expect(summary.examples).toEqual([{ source: broken, reason: 'invalid_json' }]);
    const [row] = await db.sql`SELECT reason, payload, payload_text FROM vapi_quarantine WHERE org_id = ${org}`;
    expect(row).toEqual({ reason: 'invalid_json', payload: null, payload_text: readFileSync(broken, 'utf8') });
  });

  it('streams an NDJSON file line by line, blank lines skipped, and counts every line', async () => {
    const org = '00000000-0000-0000-0000-00000000d003';
    const summary = await ingest([NDJSON, '--org', org, '--batch-size', '3']);
    expect(summary.deliveries).toBe(8);
    expect(summary.statuses).toEqual({ ingested: 3, updated: 1, duplicate: 1, ignored: 1, quarantined: 2 });
    expect(summary.reasons).toEqual({ invalid_json: 1, missing_call_id: 1 });
    expect(summary.examples.map((e) => e.source)).toEqual([`${NDJSON}:7`, `${NDJSON}:8`]);
    expect(await storedFor(org)).toEqual({ statuses: summary.statuses, reasons: summary.reasons });
    const [repaired] = await db.sql`SELECT caller_name FROM calls WHERE org_id = ${org} AND vapi_call_id = 'nd-call-4'`;
    expect(repaired.caller_name).toBe('NulName');
  });

  it('reads NDJSON from stdin, with - or with no path at all', async () => {
    const text = readFileSync(NDJSON, 'utf8');
    const org = '00000000-0000-0000-0000-00000000d004';
    const viaDash = await ingest(['-', '--org', org], text);
    expect(viaDash.deliveries).toBe(8);
    expect(viaDash.statuses).toEqual({ ingested: 3, updated: 1, duplicate: 1, ignored: 1, quarantined: 2 });
    expect(await storedFor(org)).toEqual({ statuses: viaDash.statuses, reasons: viaDash.reasons });
    expect(viaDash.examples[0].source).toBe('stdin:7');

    db = await testDatabase();
    const viaNothing = await ingest(['--org', org], text);
    expect(viaNothing).toMatchObject({ deliveries: 8, statuses: viaDash.statuses, reasons: viaDash.reasons });
    expect(await storedFor(org)).toEqual({ statuses: viaNothing.statuses, reasons: viaNothing.reasons });
  });

  it('reads one pretty-printed body from stdin', async () => {
    const org = '00000000-0000-0000-0000-00000000d006';
    const body = readFileSync(join(BODIES, '03-end-of-call-report-vapi-format.json'), 'utf8');
    const summary = await ingest(['-', '--org', org], JSON.stringify(JSON.parse(body), null, 2));
    expect(summary.deliveries).toBe(1);
    expect(summary.statuses.ingested).toBe(1);
    const [call] = await db.sql`SELECT cost_cents FROM calls WHERE org_id = ${org}`;
    expect(call.cost_cents).toBe(16);
  });

  it('prints a summary per status and per quarantine reason', async () => {
    const org = '00000000-0000-0000-0000-00000000d007';
    const result = await runCli(['--database-url', db.url, 'ingest', BODIES, '--org', org]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^9 deliveries from 9 source\(s\)/);
    expect(result.stdout).toMatch(/^ {2}ingested +4$/m);
    expect(result.stdout).toMatch(/^ {2}quarantined +1$/m);
    expect(result.stdout).toMatch(/^ {4}invalid_json +1 {2}\(e\.g\. .*09-broken\.json\)$/m);
  });

  it('quarantines bodies of an unknown org; replay ingests them once the mapping exists', async () => {
    const org = '00000000-0000-0000-0000-00000000d008';
    const file = join(scratch, 'unmapped.ndjson');
    writeFileSync(file, [
      JSON.stringify({ message: { type: 'end-of-call-report', cost: 0.2, call: { id: 'replay-call-1', assistantId: 'asst-replay' } } }),
      JSON.stringify({ message: { type: 'status-update', status: 'ringing', call: { id: 'replay-call-2', assistantId: 'asst-replay' } } }),
    ].join('\n'));
    const summary = await ingest([file]);
    expect(summary.reasons).toEqual({ unknown_org: 2 });

    await db.sql`INSERT INTO vapi_org_mappings (vapi_id_kind, vapi_id, org_id) VALUES ('assistant', 'asst-replay', ${org})`;
    const replay = await runCli(['--database-url', db.url, 'replay', '--reason', 'unknown_org', '--json']);
    expect(replay.code).toBe(0);
    expect(JSON.parse(replay.stdout)).toMatchObject({ replayed: 2, ingested: 2, quarantined: 0 });
    const calls = await db.sql`SELECT vapi_call_id FROM calls WHERE org_id = ${org} ORDER BY 1`;
    expect(calls.map((c) => c.vapi_call_id)).toEqual(['replay-call-1', 'replay-call-2']);

    const again = await runCli(['--database-url', db.url, 'replay']);
    expect(again.stdout).toMatch(/^replayed \d+ quarantined deliveries/);
  });

  it('fails only when the database or a path fails, with one line on stderr', async () => {
    const noServer = await runCli(['--database-url', 'postgres://postgres@127.0.0.1:1/none', 'ingest', BODIES]);
    expect(noServer.code).not.toBe(0);
    expect(noServer.stderr).toMatch(/^golden-record: cannot connect to the database/);

    const missing = await runCli(['--database-url', db.url, 'ingest', join(scratch, 'no-such-file.json')]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/no-such-file\.json/);

    const badOrg = await runCli(['--database-url', db.url, 'ingest', BODIES, '--org', 'clinic-7']);
    expect(badOrg.code).not.toBe(0);
    expect(badOrg.stderr).toMatch(/--org must be a uuid/);
  });
});
