import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { migrateDown, migrateUp } from '../../src/migrate.ts';
import { runCli } from '../support/cli.ts';
import { testDatabase, type TestDatabase } from '../support/db.ts';
import { migrationPosition } from '../support/migrations.ts';

/**
 * The test harness connects as a superuser, which row-level security never restricts, FORCE or
 * not. Here the package is installed by an ordinary role with CREATEROLE, as on a managed
 * PostgreSQL: it creates the package's NOLOGIN owner role (named per run with the setting
 * golden_record.owner_role) and hands it the tables and functions. Forced row-level security
 * binds the owner, so the SECURITY DEFINER ingest and linking functions must act for the row's
 * org to write anything. The migrating role is a member of the owner role only while it migrates:
 * the roles are the cluster's, and a member acts for any org in every database.
 */
const A = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const B = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
// The migration that made rollup changes and every one after it (whatever their numbers).
const sinceRollupChanges = migrationPosition('_dashboard-rollup-changes').fromIt;
const owner = `gr_test_owner_${randomBytes(4).toString('hex')}`;
const packageOwner = `${owner}_package`;
const password = randomBytes(12).toString('hex');

let db: TestDatabase;
let ownerUrl: string;
let asOwner: postgres.Sql;
let asPackageOwner: <T>(org: string | null, work: (sql: postgres.TransactionSql) => Promise<T>) => Promise<T>;
let roles: { ingest: string; reader: string };

const eocr = (callId: string, extra: Record<string, unknown> = {}) => ({
  message: {
    type: 'end-of-call-report',
    endedReason: 'customer-ended-call',
    cost: 0.07,
    startedAt: new Date(Date.now() - 120_000).toISOString(),
    endedAt: new Date(Date.now() - 60_000).toISOString(),
    call: { id: callId, type: 'inboundPhoneCall', assistantId: 'asst-owner-test' },
    customer: { number: '+15550001111' },
    artifact: { messages: [{ role: 'tool_calls', toolCalls: [{ function: { name: 'bookAppointment' } }] }] },
    ...extra,
  },
});

/** Runs `work` in one transaction as `role`, acting for `org` (NULL: none). */
async function as<T>(role: string, org: string | null, work: (sql: postgres.TransactionSql) => Promise<T>): Promise<T> {
  return (await db.sql.begin(async (sql) => {
    await sql`SELECT set_config('role', ${role}, true), set_config('golden_record.org_id', ${org ?? ''}, true)`;
    return work(sql);
  })) as T;
}

beforeAll(async () => {
  db = await testDatabase({ empty: true, dropAfterAll: false });
  await db.sql.unsafe(`CREATE ROLE ${owner} LOGIN CREATEROLE PASSWORD '${password}'`);
  await db.sql.unsafe(`ALTER DATABASE ${db.name} OWNER TO ${owner}`);
  await db.sql.unsafe(`ALTER DATABASE ${db.name} SET golden_record.owner_role = '${packageOwner}'`);
  const url = new URL(db.url);
  url.username = owner;
  url.password = password;
  ownerUrl = url.toString();
  await migrateUp({ databaseUrl: ownerUrl });
  asOwner = postgres(ownerUrl, { max: 2, onnotice: () => {} });
  // The package's owner role, as its definers and the tables' owner act (SET ROLE from the DBA).
  asPackageOwner = (org, work) => as(packageOwner, org, work);
  const rows = await db.sql<{ purpose: string; role_name: string }[]>`SELECT purpose, role_name FROM golden_record.package_roles`;
  roles = Object.fromEntries(rows.map((r) => [r.purpose, r.role_name])) as typeof roles;
});

afterAll(async () => {
  await asOwner?.end();
  await db?.drop();
  // Its privileges went with the database; the role is the cluster's, so it is dropped here.
  const admin = postgres(inject('adminUrl'), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`DROP ROLE IF EXISTS ${packageOwner}`);
    await admin.unsafe(`DROP ROLE IF EXISTS ${owner}`);
  } finally {
    await admin.end();
  }
});

describe('installed by an ordinary role that owns the tables', () => {
  it('forces row-level security on the owner: acting for no org, it sees and writes nothing of the forced tables', async () => {
    const [{ superuser }] = await asOwner`SELECT rolsuper AS superuser FROM pg_roles WHERE rolname = current_user`;
    expect(superuser).toBe(false);
    await db.sql`INSERT INTO calls (org_id, vapi_call_id) VALUES (${A}, 'owner-seed-call')`;
    expect(await asPackageOwner(null, (sql) => sql`SELECT count(*)::int AS n FROM calls`)).toEqual([{ n: 0 }]);
    await expect(asPackageOwner(null, (sql) => sql`INSERT INTO calls (org_id, vapi_call_id) VALUES (${A}, 'owner-direct')`)).rejects.toMatchObject({ code: '42501' });
    const acting = await asPackageOwner(A, (sql) => sql`SELECT vapi_call_id FROM calls`);
    expect(acting.map((r) => r.vapi_call_id)).toEqual(['owner-seed-call']);
  });

  it('ingests through the ingest role, acting for the org given or mapped, and quarantines what has no org', async () => {
    const given = await as(roles.ingest, null, (sql) => sql`SELECT ingest_vapi_call(${sql.json(eocr('owner-call-1'))}, ${A}::uuid) AS r`);
    expect(given[0].r.status).toBe('ingested');

    await asPackageOwner(null, (sql) => sql`INSERT INTO vapi_org_mappings (vapi_id_kind, vapi_id, org_id) VALUES ('assistant', 'asst-owner-test', ${B})`);
    const mapped = await as(roles.ingest, null, (sql) => sql`SELECT ingest_vapi_call(${sql.json(eocr('owner-call-2'))}) AS r`);
    expect(mapped[0].r.status).toBe('ingested');

    const unknown = eocr('owner-call-3');
    (unknown.message.call as Record<string, unknown>).assistantId = 'asst-nobody';
    const quarantined = await as(roles.ingest, null, (sql) => sql`SELECT ingest_vapi_call(${sql.json(unknown)}) AS r`);
    expect(quarantined[0].r).toMatchObject({ status: 'quarantined', reason: 'unknown_org' });

    const rows = await db.sql`SELECT vapi_call_id, org_id, cost_cents, tools_used FROM calls WHERE vapi_call_id LIKE 'owner-call-%' ORDER BY 1`;
    expect(rows).toEqual([
      { vapi_call_id: 'owner-call-1', org_id: A, cost_cents: 7, tools_used: ['bookAppointment'] },
      { vapi_call_id: 'owner-call-2', org_id: B, cost_cents: 7, tools_used: ['bookAppointment'] },
    ]);
    const [{ n }] = await asPackageOwner(null, (sql) => sql`SELECT count(*)::int AS n FROM vapi_quarantine WHERE org_id IS NULL AND reason = 'unknown_org'`);
    expect(n).toBe(1);
  });

  it('links a booking made by the owner acting for the org, through the SECURITY DEFINER triggers', async () => {
    await asPackageOwner(A, (sql) => sql`INSERT INTO appointments (org_id, scheduled_at, vapi_call_id) VALUES (${A}, now() + interval '1 day', 'owner-call-1')`);
    const [call] = await db.sql`SELECT c.appointment_id, a.call_id = c.id AS linked FROM calls c JOIN appointments a ON a.id = c.appointment_id WHERE c.vapi_call_id = 'owner-call-1'`;
    expect(call).toMatchObject({ linked: true });
  });

  it('shows a reader bound to org A only the calls of org A', async () => {
    await db.sql`SELECT golden_record.grant_org(${roles.reader}, ${A}::uuid)`;
    const listed = await as(roles.reader, A, (sql) => sql`SELECT calls_dashboard_list(${A}::uuid, '{}'::jsonb, 50, NULL) AS r`);
    expect(listed[0].r.items.map((i: { vapi_call_id: string }) => i.vapi_call_id).sort()).toEqual(['owner-call-1', 'owner-seed-call']);
    const other = await as(roles.reader, A, (sql) => sql`SELECT calls_dashboard_list(${B}::uuid, '{}'::jsonb, 50, NULL) AS r`);
    expect(other[0].r.items).toEqual([]);
  });

  it('hands every function and table of the package to a NOLOGIN owner that bypasses nothing', async () => {
    const [role] = await db.sql`SELECT rolcanlogin, rolsuper, rolbypassrls, rolcreaterole FROM pg_roles WHERE rolname = ${packageOwner}`;
    expect(role).toEqual({ rolcanlogin: false, rolsuper: false, rolbypassrls: false, rolcreaterole: false });
    const notOwned = await db.sql`
      SELECT f.signature AS name FROM golden_record.package_functions() f JOIN pg_proc p ON p.oid = f.function_oid
       WHERE p.proowner <> ${packageOwner}::regrole
      UNION ALL
      SELECT c.relname FROM pg_class c
       WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'v') AND c.relowner <> ${packageOwner}::regrole`;
    expect(notOwned).toEqual([]);
  });

  it('leaves the migrating login no member of the owner role, at the first install and at the next migrate', async () => {
    // USAGE: the owner role's privileges reach the login. (From PostgreSQL 16 the CREATEROLE
    // login that created the owner role keeps the ADMIN grant PostgreSQL gives a role's creator,
    // without INHERIT or SET, which 'MEMBER' counts; the behaviour below is what matters.)
    const member = async () =>
      (await db.sql<{ member: boolean }[]>`SELECT pg_has_role(${owner}, ${packageOwner}, 'USAGE') AS member`)[0].member;
    expect(await member()).toBe(false);
    // What a member could do in any database of the cluster: act for any org. The login now
    // holds nothing of the package.
    const acting = asOwner.begin(async (sql) => {
      await sql`SELECT set_config('golden_record.org_id', ${A}, true)`;
      return sql`SELECT vapi_call_id FROM calls`;
    });
    await expect(acting).rejects.toMatchObject({ code: '42501' });
    await db.sql`UPDATE golden_record.code_layer SET digest = 'stale'`;
    const again = await runCli(['migrate', 'up', '-c', ownerUrl]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('code layer installed');
    expect(await member()).toBe(false);
  });

  it('is clean for doctor', async () => {
    // Run by the DBA: the migrating login holds nothing of the package between migrations.
    const run = await runCli(['doctor', '-c', db.url]);
    expect(run.stdout).toMatch(/^no findings$/m);
    expect(run.code).toBe(0);
  });

  it('goes down past the rollup changes as the same role: an org with changes pending is left to be rebuilt', async () => {
    // Org A's rollups built (as a superuser would), then one more call: a change pending.
    await db.sql`SELECT golden_record._call_rollups_fold(${A}::uuid)`;
    expect(await db.sql`SELECT 1 FROM call_rollup_orgs WHERE org_id = ${A}`).toHaveLength(1);
    await as(roles.ingest, null, (sql) => sql`SELECT ingest_vapi_call(${sql.json(eocr('owner-call-pending'))}, ${A}::uuid)`);
    expect(await db.sql`SELECT 1 FROM call_rollup_changes WHERE org_id = ${A}`).not.toHaveLength(0);

    // Forced row-level security binds this role too: the down migration must still see the rows.
    await migrateDown({ databaseUrl: ownerUrl }, sinceRollupChanges);
    expect(await db.sql`SELECT 1 FROM call_rollup_orgs WHERE org_id = ${A}`).toEqual([]);
    expect(await db.sql`SELECT 1 FROM call_rollups WHERE org_id = ${A}`).toEqual([]);
    const [tables] = await db.sql`
      SELECT bool_and(relforcerowsecurity) AS forced FROM pg_class WHERE oid IN ('call_rollups'::regclass, 'call_rollup_orgs'::regclass)`;
    expect(tables.forced).toBe(true);
    await migrateUp({ databaseUrl: ownerUrl });
  });
});
