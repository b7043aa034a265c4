import { beforeAll, describe, expect, it } from 'vitest';
import { formatStats } from '../../src/format.ts';
import { runCli } from '../support/cli.ts';
import { testDatabase, type TestDatabase } from '../support/db.ts';

const ORG = 'a0000000-0000-4000-8000-00000000000a';
const OTHER_ORG = 'b0000000-0000-4000-8000-00000000000b';

let db: TestDatabase;
const cli = (...args: string[]) => runCli([...args, '--database-url', db.url]);
const json = async (...args: string[]) => {
  const result = await cli(...args, '--json');
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout);
};

const ITEM_KEYS = [
  'appointment_id', 'appointment_scheduled_at', 'appointment_service_type', 'appointment_status', 'cost_cents', 'created_at',
  'direction', 'duration_seconds', 'ended_at', 'ended_reason', 'has_appointment', 'id', 'phone_number', 'resolved_caller_name',
  'started_at', 'status', 'tools_used', 'vapi_call_id',
];

beforeAll(async () => {
  db = await testDatabase();
  // Four calls of one org, newest first cli-1 .. cli-4; cli-1 booked two appointments.
  await db.sql`
    INSERT INTO contacts (id, org_id, phone_number, name)
    VALUES ('c0000000-0000-4000-8000-000000000001', ${ORG}, '+15550000001', 'Ana Silva')`;
  await db.sql`
    INSERT INTO calls (id, org_id, vapi_call_id, direction, phone_number, caller_name, contact_id, status, started_at, ended_at,
                       duration_seconds, cost_cents, ended_reason, tools_used, summary, created_at)
    VALUES
      ('ca000000-0000-4000-8000-000000000001', ${ORG}, 'cli-1', 'inbound', '+15550000001', NULL, 'c0000000-0000-4000-8000-000000000001',
       'ended', '2025-01-10 10:00+00', '2025-01-10 10:04+00', 240, 131, 'customer-ended-call', '{checkAvailability,bookAppointment}',
       'Booked a cleaning.', '2025-01-10 10:00+00'),
      ('ca000000-0000-4000-8000-000000000002', ${ORG}, 'cli-2', 'outbound', '+15550000002', 'Bob Stone', NULL,
       'ended', '2025-01-10 09:00+00', '2025-01-10 09:01+00', 60, 0, 'voicemail', '{}', NULL, '2025-01-10 09:00+00'),
      ('ca000000-0000-4000-8000-000000000003', ${ORG}, 'cli-3', 'inbound', '+15550000003', NULL, NULL,
       'ended', NULL, '2025-01-09 12:00+00', NULL, NULL, 'customer-did-not-answer', '{}', NULL, '2025-01-09 12:00+00'),
      ('ca000000-0000-4000-8000-000000000004', ${ORG}, 'cli-4', 'web', NULL, NULL, NULL,
       'ended', '2025-01-08 08:00+00', '2025-01-08 08:02+00', 120, 52, 'customer-ended-call', '{bookAppointment}', NULL, '2025-01-08 08:00+00')`;
  await db.sql`
    INSERT INTO appointments (id, org_id, scheduled_at, status, service_type, duration_minutes, call_id, vapi_call_id, created_at)
    VALUES
      ('a1000000-0000-4000-8000-000000000001', ${ORG}, '2025-01-20 09:00+00', 'confirmed', 'cleaning', 30,
       'ca000000-0000-4000-8000-000000000001', 'cli-1', '2025-01-10 10:02+00'),
      ('a1000000-0000-4000-8000-000000000002', ${ORG}, '2025-01-27 09:00+00', 'confirmed', 'checkup', 30,
       'ca000000-0000-4000-8000-000000000001', 'cli-1', '2025-01-10 10:03+00')`;
  await db.sql`UPDATE calls SET appointment_id = 'a1000000-0000-4000-8000-000000000001' WHERE vapi_call_id = 'cli-1'`;
});

describe('golden-record calls list', () => {
  it('prints the page of calls_dashboard_list as JSON, for the only org when --org is not given', async () => {
    const page = await json('calls', 'list');
    expect(Object.keys(page).sort()).toEqual(['items', 'next_cursor']);
    expect(page.next_cursor).toBeNull();
    expect(page.items.map((i: { vapi_call_id: string }) => i.vapi_call_id)).toEqual(['cli-1', 'cli-2', 'cli-3', 'cli-4']);
    expect(Object.keys(page.items[0]).sort()).toEqual(ITEM_KEYS);
    expect(page.items[0]).toMatchObject({
      resolved_caller_name: 'Ana Silva',
      cost_cents: 131,
      tools_used: ['checkAvailability', 'bookAppointment'],
      has_appointment: true,
      appointment_id: 'a1000000-0000-4000-8000-000000000001',
      appointment_status: 'confirmed',
      appointment_service_type: 'cleaning',
    });
    const [{ page: direct }] = await db.sql`SELECT calls_dashboard_list(${ORG}::uuid) AS page`;
    expect(page).toEqual(direct);
  });

  it('pages through --cursor without repeating a call', async () => {
    const first = await json('calls', 'list', '--page-size', '3');
    expect(first.items).toHaveLength(3);
    expect(first.next_cursor).toEqual(expect.any(String));
    const second = await json('calls', 'list', '--page-size', '3', '--cursor', first.next_cursor);
    expect(second.items.map((i: { vapi_call_id: string }) => i.vapi_call_id)).toEqual(['cli-4']);
    expect(second.next_cursor).toBeNull();
  });

  it('turns its flags into the filters of the SQL function', async () => {
    const ids = async (...flags: string[]) =>
      (await json('calls', 'list', '--org', ORG, ...flags)).items.map((i: { vapi_call_id: string }) => i.vapi_call_id);
    expect(await ids('--booked')).toEqual(['cli-1']);
    expect(await ids('--not-booked', '--direction', 'inbound,web')).toEqual(['cli-3', 'cli-4']);
    expect(await ids('--ended-reason', 'voicemail', '--ended-reason', 'customer-did-not-answer')).toEqual(['cli-2', 'cli-3']);
    expect(await ids('--tool', 'bookAppointment', '--min-cost', '100')).toEqual(['cli-1']);
    expect(await ids('--max-cost', '60', '--from', '2025-01-08T00:00:00Z', '--to', '2025-01-10T09:00:00Z')).toEqual(['cli-4']);
    expect(await ids('--search', 'ana')).toEqual(['cli-1']);
    expect(await ids('--search', '+1 555 000 0002')).toEqual(['cli-2']);
  });

  it('prints a readable table with the next cursor by default', async () => {
    const result = await cli('calls', 'list', '--page-size', '2');
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^time \(UTC\)\s+direction\s+phone\s+caller\s+length\s+cost\s+ended reason\s+tools\s+appointment\s+id$/);
    expect(lines[2]).toMatch(/^2025-01-10 10:00\s+inbound\s+\+15550000001\s+Ana Silva\s+4:00\s+\$1\.31\s+customer-ended-call\s+checkAvailability, bookAppointment\s+2025-01-20 09:00 confirmed\s+ca000000-/);
    expect(lines[3]).toMatch(/^2025-01-10 09:00\s+outbound\s+\+15550000002\s+Bob Stone\s+1:00\s+\$0\.00\s+voicemail\s+-\s+-\s+ca000000-/);
    expect(result.stdout).toMatch(/more: add --cursor [A-Za-z0-9_-]+\n$/);
  });

  it('reports bad input in one line with the SQLSTATE, exit code 1', async () => {
    const badCursor = await cli('calls', 'list', '--cursor', 'not-a-cursor');
    expect(badCursor.code).toBe(1);
    expect(badCursor.stderr).toBe('golden-record: invalid cursor: pass the next_cursor of a previous page unchanged (SQLSTATE 22023)\n');
    const badSize = await cli('calls', 'list', '--page-size', '501');
    expect(badSize.code).toBe(1);
    expect(badSize.stderr).toMatch(/page_size must be between 1 and 500.*SQLSTATE 22023/);
    const badOrg = await cli('calls', 'list', '--org', 'clinic-7');
    expect(badOrg.code).toBe(1);
    expect(badOrg.stderr).toBe('golden-record: --org must be a uuid, got "clinic-7"\n');
  });
});

describe('golden-record calls show', () => {
  it('prints calls_dashboard_detail as JSON, found by Vapi call id or by id', async () => {
    const byVapiId = await json('calls', 'show', 'cli-1');
    const [{ call }] = await db.sql`SELECT calls_dashboard_detail(${ORG}::uuid, 'ca000000-0000-4000-8000-000000000001') AS call`;
    expect(byVapiId).toEqual(call);
    expect(byVapiId.appointments.map((a: { id: string }) => a.id)).toEqual([
      'a1000000-0000-4000-8000-000000000001',
      'a1000000-0000-4000-8000-000000000002',
    ]);
    expect(await json('calls', 'show', 'ca000000-0000-4000-8000-000000000001')).toEqual(call);
  });

  it('prints the record and its appointments for a person', async () => {
    const result = await cli('calls', 'show', 'cli-1');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^caller\s+Ana Silva$/m);
    expect(result.stdout).toMatch(/^cost\s+\$1\.31 \(131 cents\)$/m);
    expect(result.stdout).toMatch(/^2025-01-27 09:00\s+confirmed\s+checkup\s+30\s+-\s+a1000000-0000-4000-8000-000000000002$/m);
    expect(result.stdout).toMatch(/^summary\nBooked a cleaning\.$/m);
  });

  it('says so when the call is not there, or not in the org named', async () => {
    const missing = await cli('calls', 'show', 'no-such-call');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('golden-record: no call no-such-call\n');
    const otherOrg = await cli('calls', 'show', 'cli-1', '--org', OTHER_ORG);
    expect(otherOrg.code).toBe(1);
    expect(otherOrg.stderr).toBe(`golden-record: no call cli-1 in org ${OTHER_ORG}\n`);
  });
});

describe('golden-record stats', () => {
  it('prints call_analytics as JSON for the period asked', async () => {
    const stats = await json('stats', '--org', ORG, '--from', '2025-01-08T00:00:00Z', '--to', '2025-01-11T00:00:00Z');
    const [{ direct }] = await db.sql`SELECT call_analytics(${ORG}::uuid, '2025-01-08T00:00:00Z', '2025-01-11T00:00:00Z') AS direct`;
    expect(stats).toEqual(direct);
    expect(stats).toMatchObject({
      total_calls: 4,
      answered_calls: 3,
      total_cost_cents: 183,
      calls_with_cost: 3,
      calls_without_cost: 1,
      avg_cost_cents: 61,
      appointments_booked: 1,
      conversion_rate: 0.25,
      cost_per_booked_appointment_cents: 183,
    });
    expect(stats.daily.map((d: { date: string }) => d.date)).toEqual(['2025-01-08', '2025-01-09', '2025-01-10']);
  });

  it('defaults to the 30 days before --to', async () => {
    const stats = await json('stats', '--to', '2025-01-31T00:00:00Z');
    expect(stats.from).toBe('2025-01-01T00:00:00+00:00');
    expect(stats.total_calls).toBe(4);
  });

  it('prints a short report, the one formatStats makes', async () => {
    const result = await cli('stats', '--from', '2025-01-08T00:00:00Z', '--to', '2025-01-11T00:00:00Z');
    expect(result.code).toBe(0);
    const [{ direct }] = await db.sql`SELECT call_analytics(${ORG}::uuid, '2025-01-08T00:00:00Z', '2025-01-11T00:00:00Z') AS direct`;
    expect(result.stdout).toBe(`${formatStats(direct)}\n`);
    expect(result.stdout).toMatch(/^calls\s+4\s+answered 3 \(75\.0%\)$/m);
    expect(result.stdout).toMatch(/^cost\s+\$1\.83\s+average \$0\.61 per call with a known cost, 1 without$/m);
    expect(result.stdout).toMatch(/^booked\s+1\s+conversion 25\.0%, \$1\.83 per booking$/m);
    expect(result.stdout).toMatch(/^bookAppointment\s+2\s+1\s+50\.0%$/m);
    expect(result.stdout).toMatch(/^2025-01-10\s+2\s+2\s+\$1\.31\s+1$/m);
  });

  it('asks for --org once calls of several orgs are stored', async () => {
    await db.sql`INSERT INTO calls (org_id, vapi_call_id) VALUES (${OTHER_ORG}, 'cli-other')`;
    const result = await cli('stats');
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('golden-record: calls of several orgs are stored: pass --org ID\n');
  });
});
