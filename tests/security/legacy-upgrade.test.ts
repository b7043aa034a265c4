import type postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { testDatabase } from '../support/db.ts';
import { buildLegacyDatabase, legacyApp } from '../../testkit/legacy-database.ts';

/**
 * Row-level security on a legacy clinic database (issue #6's shape): the tables the package found
 * get row-level security without FORCE, so their owner keeps everything; the application roles
 * the DBA names (setting golden_record.full_access_roles, or golden_record.grant_full_access)
 * keep full access; `doctor` lists a role that had access and was not named; `migrate down --all`
 * gives back the legacy ACLs and row-level security exactly.
 */

/** Privileges, row-level security flags and policies of every table and view of public. */
async function securityShape(sql: postgres.Sql): Promise<string[]> {
  const rows = await sql<{ line: string }[]>`
    SELECT format('%s rls=%s force=%s acl=%s', c.relname, c.relrowsecurity, c.relforcerowsecurity,
                  (SELECT string_agg(a::text, ',' ORDER BY a::text) FROM unnest(c.relacl) a)) AS line
      FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'v')
    UNION ALL
    SELECT format('policy %s on %s', p.polname, p.polrelid::regclass) FROM pg_policy p
    ORDER BY 1`;
  return rows.map((r) => r.line);
}

const countAs = async (sql: postgres.Sql, role: string, org: string | null = null) =>
  (await sql.begin(async (tx) => {
    await tx`SELECT set_config('role', ${role}, true), set_config('golden_record.org_id', ${org ?? ''}, true)`;
    return tx`SELECT count(*)::int AS n FROM calls`;
  }))[0].n as number;

describe('row-level security on an upgraded legacy database', () => {
  it('keeps the legacy owner and the named application role reading and writing every org, and goes back exactly', async () => {
    const db = await testDatabase({ empty: true });
    const legacy = await buildLegacyDatabase(db.sql, { calls: 300 });
    const before = await securityShape(db.sql);

    const up = await runCli(['migrate', 'up', '-c', db.url], { env: { PGOPTIONS: `-c golden_record.full_access_roles=${legacy.appRole}` } });
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);

    const flags = await db.sql`SELECT relname, relrowsecurity AS rls, relforcerowsecurity AS force FROM pg_class
                                WHERE oid IN ('calls'::regclass, 'contacts'::regclass, 'appointments'::regclass, 'vapi_events'::regclass) ORDER BY 1`;
    expect(flags).toEqual([
      { relname: 'appointments', rls: true, force: false },
      { relname: 'calls', rls: true, force: false },
      { relname: 'contacts', rls: true, force: false },
      { relname: 'vapi_events', rls: true, force: true },
    ]);

    const [{ total }] = await db.sql`SELECT count(*)::int AS total FROM calls`;
    expect(await countAs(db.sql, legacy.ownerRole)).toBe(total);
    expect(await countAs(db.sql, legacy.appRole)).toBe(total);

    const app = legacyApp(db.sql, legacy.appRole);
    const started = new Date(Date.now() - 60_000).toISOString();
    for (const orgId of legacy.orgIds.slice(0, 2)) {
      const id = await app.insertCall({ orgId, direction: 'inbound', startTime: started, fromNumber: '+15550009999', cost: 0.07 });
      await app.endCall(id, new Date().toISOString(), '0.07');
    }
    expect((await app.readDashboard(legacy.orgIds[1])).length).toBeGreaterThan(0);
    const ownerUpdated = await db.sql.begin(async (tx) => {
      await tx`SELECT set_config('role', ${legacy.ownerRole}, true)`;
      return tx`UPDATE calls SET is_test_call = is_test_call RETURNING org_id`;
    });
    expect(ownerUpdated.length).toBe(total + 2);
    expect(new Set(ownerUpdated.map((r) => r.org_id)).size).toBe(legacy.orgIds.length);

    const [{ reader }] = await db.sql`SELECT role_name AS reader FROM golden_record.package_roles WHERE purpose = 'reader'`;
    const [{ own }] = await db.sql`SELECT count(*)::int AS own FROM calls WHERE org_id = ${legacy.orgIds[0]}`;
    expect(own).toBeGreaterThan(0);
    // The reader role bound to the first org (as a clinic's login would be) sees that org only.
    const bound = await runCli(['roles', 'grant', reader, '--org', legacy.orgIds[0], '-c', db.url]);
    expect(bound.code, bound.stderr).toBe(0);
    expect(await countAs(db.sql, reader, legacy.orgIds[0])).toBe(own);
    expect(await countAs(db.sql, reader, legacy.orgIds[1])).toBe(0);

    const doctor = await runCli(['doctor', '-c', db.url]);
    expect(doctor.stdout).toMatch(/^no findings$/m);
    expect(doctor.code).toBe(0);

    const down = await runCli(['migrate', 'down', '--all', '-c', db.url]);
    expect(down.code).toBe(0);
    expect(await securityShape(db.sql)).toEqual(before);
  });

  it('lists in doctor an application role that had access and was not named, until it is', async () => {
    const db = await testDatabase({ empty: true });
    const legacy = await buildLegacyDatabase(db.sql, { calls: 50 });
    expect((await runCli(['migrate', 'up', '-c', db.url], { env: { PGOPTIONS: undefined } })).code).toBe(0);

    const doctor = await runCli(['doctor', '--json', '-c', db.url]);
    expect(doctor.code).toBe(1);
    const lost = JSON.parse(doctor.stdout).findings.filter((f: { check: string }) => f.check === 'lost access');
    expect(lost.map((f: { object: string }) => f.object)).toEqual([legacy.appRole, legacy.appRole, legacy.appRole]);
    expect(lost.map((f: { detail: string }) => f.detail.replace(/ before.*/, '')).sort()).toEqual([
      'had DELETE, INSERT, SELECT, UPDATE on public.appointments',
      'had DELETE, INSERT, SELECT, UPDATE on public.calls',
      'had DELETE, INSERT, SELECT, UPDATE on public.contacts',
    ]);
    await expect(legacyApp(db.sql, legacy.appRole).readDashboard(legacy.orgIds[0])).rejects.toMatchObject({ code: '42501' });

    await db.sql`SELECT golden_record.grant_full_access(${legacy.appRole})`;
    const after = await runCli(['doctor', '-c', db.url]);
    expect(after.stdout).toMatch(/^no findings$/m);
    expect(after.code).toBe(0);
    expect((await legacyApp(db.sql, legacy.appRole).readDashboard(legacy.orgIds[0])).length).toBeGreaterThan(0);
  });
});
