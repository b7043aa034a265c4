import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { testDatabase } from '../support/db.ts';

describe('golden-record doctor', () => {
  it('finds nothing on a fresh install and exits 0', async () => {
    const db = await testDatabase();
    const run = await runCli(['doctor', '-c', db.url]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^schema version: \d{4}_[\w-]+ \(\d+ applied, 0 pending\); code layer [0-9a-f]{16}$/m);
    expect(run.stdout).toMatch(/^no findings$/m);

    const json = await runCli(['doctor', '--json', '-c', db.url]);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report.findings).toEqual([]);
    expect(report.schemaVersion.pending).toEqual([]);
    expect(report.schemaVersion.latest).toBe(report.schemaVersion.applied.at(-1));
    expect(report.schemaVersion.codeLayer.installed).toBe(report.schemaVersion.codeLayer.current);
  });

  it('reports a broken grant, a table without row-level security and a function open to PUBLIC, and exits 1', async () => {
    const db = await testDatabase();
    const [{ reader }] = await db.sql`SELECT role_name AS reader FROM golden_record.package_roles WHERE purpose = 'reader'`;
    await db.sql.unsafe(`REVOKE SELECT ON calls FROM ${reader}`);
    await db.sql.unsafe('ALTER TABLE vapi_events DISABLE ROW LEVEL SECURITY');
    await db.sql.unsafe('GRANT EXECUTE ON FUNCTION current_org_id() TO PUBLIC');

    const run = await runCli(['doctor', '-c', db.url]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`missing grant: public.calls: SELECT on table public.calls is not granted to ${reader}`);
    expect(run.stdout).toContain('row-level security: public.vapi_events: row-level security is off');
    expect(run.stdout).toContain('public execute: public.current_org_id(): EXECUTE on function public.current_org_id() is granted to PUBLIC (every role)');
    expect(run.stdout).toMatch(/^3 finding\(s\)$/m);

    const json = await runCli(['doctor', '--json', '-c', db.url]);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).findings.map((f: { check: string }) => f.check).sort()).toEqual([
      'missing grant',
      'public execute',
      'row-level security',
    ]);

    // migrate up re-applies the code layer, which puts the grants, the policies and row-level security back.
    expect((await runCli(['migrate', 'up', '-c', db.url])).code).toBe(0);
    const after = await runCli(['doctor', '--json', '-c', db.url]);
    expect(after.code).toBe(0);
    expect(JSON.parse(after.stdout).findings).toEqual([]);
  });

  it('reports pending migrations and a code layer that is not installed', async () => {
    const db = await testDatabase({ empty: true });
    expect((await runCli(['migrate', 'up', '--count', '2', '-c', db.url])).code).toBe(0);
    const run = await runCli(['doctor', '--json', '-c', db.url]);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.schemaVersion.applied).toEqual(['0001_bookkeeping', '0002_core-tables']);
    expect(report.findings).toContainEqual({ check: 'schema version', object: '0003_event-store', detail: 'migration pending (run golden-record migrate up)' });
    expect(report.findings).toContainEqual({ check: 'schema version', object: 'code layer', detail: 'not installed (run golden-record migrate up)' });
  });
});
