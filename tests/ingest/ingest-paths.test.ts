import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { ingestPaths, type IngestProgress } from '../../src/ingest.ts';
import { ingestVapiCall, ingestVapiCalls, ingestVapiCallsStaged } from '../../src/client/ingest.ts';
import { testDatabase } from '../support/db.ts';

/**
 * ingestPaths (what `demo` and the bench call) and the typed client, against a real database:
 * a few thousand deliveries streamed in batches, with progress, and the counts the database holds.
 */

const ORG = '00000000-0000-0000-0000-00000000e001';

function report(n: number, timestamp: number) {
  return {
    message: {
      type: 'end-of-call-report',
      timestamp,
      endedReason: 'customer-ended-call',
      cost: (n % 50) / 100,
      startedAt: '2025-03-01T10:00:00Z',
      endedAt: '2025-03-01T10:02:00Z',
      customer: { number: `+1555${String(n).padStart(7, '0')}` },
      artifact: { messages: [{ role: 'tool_calls', toolCalls: [{ id: 't', type: 'function', function: { name: n % 2 ? 'bookAppointment' : 'checkAvailability' } }] }] },
      call: { id: `bulk-${n}`, type: 'inboundPhoneCall' },
    },
  };
}

describe('ingestPaths', () => {
  it('streams a large NDJSON file in batches, reports progress, and every line is stored once', async () => {
    const db = await testDatabase();
    const dir = mkdtempSync(join(tmpdir(), 'gr-ingest-paths-'));
    const file = join(dir, 'export.ndjson');
    const calls = 1500;
    const lines: string[] = [];
    for (let n = 0; n < calls; n++) {
      lines.push(JSON.stringify({ message: { type: 'status-update', status: 'in-progress', call: { id: `bulk-${n}`, type: 'inboundPhoneCall' } } }));
      lines.push(JSON.stringify(report(n, 1_741_000_000_000)));
      if (n % 10 === 0) lines.push(JSON.stringify(report(n, 1_741_000_000_000))); // redelivered, unchanged
      if (n % 100 === 0) lines.push('{"message": {"type": "end-of-call-report", "call": {"id": "cut off');
    }
    writeFileSync(file, lines.join('\n') + '\n');

    const progress: IngestProgress[] = [];
    const sql = postgres(db.url, { max: 1, onnotice: () => {} });
    try {
      const summary = await ingestPaths(sql, [file], { org: ORG, batchSize: 250, onProgress: (p) => progress.push(p) });
      expect(summary.deliveries).toBe(lines.length);
      expect(summary.statuses).toEqual({ ingested: calls, updated: calls, duplicate: calls / 10, ignored: 0, quarantined: calls / 100 });
      expect(summary.batches).toBe(Math.ceil(lines.length / 250));
      expect(progress.length).toBe(summary.batches);
      expect(progress.map((p) => p.deliveries)).toEqual([...progress.map((p) => p.deliveries)].sort((a, b) => a - b));
      expect(progress.at(-1)).toMatchObject({ deliveries: lines.length, totalBytes: expect.any(Number) });

      const [stored] = await db.sql`
        SELECT (SELECT count(*)::int FROM vapi_events) + (SELECT count(*)::int FROM vapi_quarantine) AS rows,
               (SELECT count(*)::int FROM calls WHERE status = 'ended' AND tools_used <> '{}') AS reported`;
      expect(stored).toEqual({ rows: lines.length, reported: calls });
    } finally {
      await sql.end();
    }
  });

  it('with several batches in flight the calls end the same as with one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gr-ingest-jobs-'));
    const file = join(dir, 'shuffled.ndjson');
    const lines: string[] = [];
    for (let n = 0; n < 400; n++) {
      lines.push(JSON.stringify(report(n, 1_741_000_000_000)));
      lines.push(JSON.stringify({ message: { type: 'status-update', status: 'ended', endedReason: 'late', call: { id: `bulk-${n}`, type: 'inboundPhoneCall' } } }));
      lines.push(JSON.stringify(report(n, 1_741_000_060_000)).replace('customer-ended-call', 'customer-ended-call-redelivered'));
    }
    writeFileSync(file, lines.join('\n'));
    const rows = async (jobs: number) => {
      const db = await testDatabase();
      const sql = postgres(db.url, { max: jobs, onnotice: () => {} });
      try {
        const summary = await ingestPaths(sql, [file], { org: ORG, batchSize: 7, jobs });
        expect(summary.deliveries).toBe(lines.length);
      } finally {
        await sql.end();
      }
      return db.sql`SELECT vapi_call_id, status, cost_cents, ended_reason, tools_used, report_sent_at FROM calls ORDER BY vapi_call_id`;
    };
    const serial = await rows(1);
    expect(serial).toHaveLength(400);
    expect(serial.every((r) => r.ended_reason === 'customer-ended-call-redelivered')).toBe(true);
    expect(await rows(3)).toEqual(serial);
  });

  it('the typed client hands bodies, parsed or raw, to the single and the set form', async () => {
    const db = await testDatabase();
    const one = await ingestVapiCall(db.sql, report(1, 1), ORG);
    expect(one).toMatchObject({ status: 'ingested', vapi_call_id: 'bulk-1', org_id: ORG, notes: [] });
    const raw = await ingestVapiCall(db.sql, '{"message": {"type": "hang", "call": {"id": "bulk-1"}}}', ORG);
    expect(raw.status).toBe('ignored');
    const broken = await ingestVapiCall(db.sql, 'not json\0 at all', ORG);
    expect(broken).toMatchObject({ status: 'quarantined', reason: 'invalid_json' });

    const rows = await ingestVapiCalls(db.sql, [report(2, 1), JSON.stringify(report(2, 1)), '[]'], ORG);
    expect(rows.map((r) => [r.ord, r.status, r.vapi_call_id, r.reason])).toEqual([
      [1, 'ingested', 'bulk-2', null],
      [2, 'duplicate', 'bulk-2', null],
      [3, 'quarantined', null, 'not_an_object'],
    ]);
    expect(rows[0].call_id).toBe(rows[1].call_id);
  });

  it('the staged set form (COPY, then one statement) gives the rows of the set form and keeps every body to the character', async () => {
    const db = await testDatabase();
    // Backslashes, tabs, newlines and carriage returns are COPY's syntax: they must arrive as sent.
    const escaped = { ...report(3, 1), note: 'a\\b\tc\nd\re \\N \\.' };
    const broken = 'not json \\ with\ta tab\r\nand lines';
    const bodies = [escaped, JSON.stringify(report(3, 1)), '[]', broken, report(4, 1)];
    const staged = await ingestVapiCallsStaged(db.sql, bodies, ORG);
    expect(staged.map((r) => [r.ord, r.status, r.vapi_call_id, r.reason])).toEqual([
      [1, 'ingested', 'bulk-3', null],
      [2, 'duplicate', 'bulk-3', null],
      [3, 'quarantined', null, 'not_an_object'],
      [4, 'quarantined', null, 'invalid_json'],
      [5, 'ingested', 'bulk-4', null],
    ]);
    const kept = await db.sql`SELECT payload ->> 'note' AS note FROM vapi_events WHERE payload ? 'note'`;
    expect(kept.map((r) => r.note)).toEqual([escaped.note]);
    const [{ text }] = await db.sql`SELECT payload_text AS text FROM vapi_quarantine WHERE reason = 'invalid_json'`;
    expect(text).toBe(broken);
    // A second batch on the same connection finds the staging table empty again.
    const again = await ingestVapiCallsStaged(db.sql, [report(5, 1)], ORG);
    expect(again.map((r) => [r.ord, r.status])).toEqual([[1, 'ingested']]);
  });
});
