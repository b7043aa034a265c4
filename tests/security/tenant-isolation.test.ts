import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { migrateUp } from '../../src/migrate.ts';
import { runCli } from '../support/cli.ts';
import { testDatabase, type TestDatabase } from '../support/db.ts';

/**
 * Tenant isolation tried as an attacker would, with REAL login roles connecting on their own
 * (not SET ROLE from a superuser session, which keeps the superuser's session): a database with
 * two orgs whose application schema PUBLIC may create in (as every pre-15 database keeps), the
 * package's roles named per run (so parallel test files never share them), and logins:
 *
 * - readerA: a login with the reader role, bound to org A, and a member of a second reader
 *   role `team` (bound to nothing) it can SET ROLE to;
 * - unbound: a login with the reader role, bound to nothing;
 * - app: a login with the trusted backend role;
 * - ingest: a login with the ingest role.
 */
const A = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const B = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
const run = randomBytes(4).toString('hex');
const roles = {
  reader: `gr_t${run}_reader`,
  ingest: `gr_t${run}_ingest`,
  app: `gr_t${run}_app`,
  owner: `gr_t${run}_owner`,
};
const logins = {
  readerA: `gr_t${run}_reader_a`,
  team: `gr_t${run}_team`,
  unbound: `gr_t${run}_unbound`,
  app: `gr_t${run}_backend`,
  ingest: `gr_t${run}_webhook`,
};
const password = randomBytes(12).toString('hex');

let db: TestDatabase;
const clients: postgres.Sql[] = [];
const urlOf = (login: string) => {
  const url = new URL(db.url);
  url.username = login;
  url.password = password;
  return url.toString();
};
const connect = (login: string) => {
  const sql = postgres(urlOf(login), { max: 1, onnotice: () => {} });
  clients.push(sql);
  return sql;
};

const report = (callId: string, extra: Record<string, unknown> = {}) => ({
  message: {
    type: 'end-of-call-report',
    endedReason: 'customer-ended-call',
    cost: 0.07,
    startedAt: '2026-01-05T10:00:00Z',
    endedAt: '2026-01-05T10:03:00Z',
    call: { id: callId, type: 'inboundPhoneCall', createdAt: '2026-01-05T09:59:00Z' },
    customer: { number: '+15550001111' },
    artifact: { messages: [{ role: 'tool_calls', toolCalls: [{ function: { name: 'bookAppointment' } }] }] },
    ...extra,
  },
});

/** Every org id the session can see, through every table and the view. */
async function visibleOrgs(sql: postgres.Sql | postgres.TransactionSql): Promise<string[]> {
  const rows = await sql<{ org_id: string }[]>`
    SELECT org_id::text FROM calls UNION SELECT org_id::text FROM contacts UNION SELECT org_id::text FROM appointments
    UNION SELECT org_id::text FROM vapi_events UNION SELECT org_id::text FROM vapi_quarantine
    UNION SELECT org_id::text FROM vapi_org_mappings UNION SELECT org_id::text FROM calls_with_caller_names
    ORDER BY 1`;
  return rows.map((r) => r.org_id);
}

let callIds: Record<'A' | 'B', string>;

beforeAll(async () => {
  db = await testDatabase({ empty: true, dropAfterAll: false });
  for (const [purpose, name] of Object.entries(roles)) {
    await db.sql.unsafe(`ALTER DATABASE ${db.name} SET golden_record.${purpose}_role = '${name}'`);
  }
  await migrateUp({ databaseUrl: db.url });
  // Opened after the install (migrate refuses a PUBLIC-writable schema): the definers must
  // still hold when every role can create objects next to them.
  await db.sql.unsafe(`GRANT CREATE ON SCHEMA public TO PUBLIC`);
  await db.sql.unsafe(`
    CREATE ROLE ${logins.team} NOLOGIN IN ROLE ${roles.reader};
    CREATE ROLE ${logins.readerA} LOGIN PASSWORD '${password}' IN ROLE ${roles.reader}, ${logins.team};
    CREATE ROLE ${logins.unbound} LOGIN PASSWORD '${password}' IN ROLE ${roles.reader};
    CREATE ROLE ${logins.app} LOGIN PASSWORD '${password}' IN ROLE ${roles.app};
    CREATE ROLE ${logins.ingest} LOGIN PASSWORD '${password}' IN ROLE ${roles.ingest};`);

  const granted = await runCli(['roles', 'grant', logins.readerA, '--org', A, '-c', db.url]);
  expect(granted.code, granted.stderr).toBe(0);

  // Two orgs' data, written by the webhook login (org given) and by the DBA.
  const ingest = connect(logins.ingest);
  for (const [org, name] of [[A, 'A'], [B, 'B']] as const) {
    const [{ r }] = await ingest`SELECT ingest_vapi_call(${ingest.json(report(`call-${name}`))}, ${org}::uuid) AS r`;
    expect(r.status).toBe('ingested');
  }
  const ids = await db.sql<{ vapi_call_id: string; id: string }[]>`SELECT vapi_call_id, id::text FROM calls`;
  callIds = { A: ids.find((r) => r.vapi_call_id === 'call-A')!.id, B: ids.find((r) => r.vapi_call_id === 'call-B')!.id };
  await db.sql`INSERT INTO contacts (org_id, phone_number, name) VALUES (${A}, '+15550001111', 'Ann'), (${B}, '+15550001111', 'Bob')`;
  await db.sql`INSERT INTO appointments (org_id, vapi_call_id, scheduled_at) VALUES (${A}, 'call-A', now()), (${B}, 'call-B', now())`;
  await db.sql`INSERT INTO vapi_org_mappings (vapi_id_kind, vapi_id, org_id) VALUES ('assistant', 'asst-a', ${A}), ('assistant', 'asst-b', ${B})`;
  await db.sql`INSERT INTO vapi_quarantine (org_id, reason, payload) VALUES (${A}, 'test', '{}'), (${B}, 'test', '{}')`;
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.end()));
  await db?.drop();
  const admin = postgres(inject('adminUrl'), { max: 1, onnotice: () => {} });
  try {
    for (const role of [...Object.values(logins), ...Object.values(roles)]) await admin.unsafe(`DROP ROLE IF EXISTS ${role}`);
  } finally {
    await admin.end();
  }
});

describe('a login with the reader role, bound to org A', () => {
  it('sees org A, and only org A, without setting anything', async () => {
    expect(await visibleOrgs(connect(logins.readerA))).toEqual([A]);
  });

  it('sees nothing of org B whatever it sets: SET, set_config, RESET, SET ROLE to another of its roles', async () => {
    const sql = connect(logins.readerA);
    await sql.unsafe(`SET golden_record.org_id = '${B}'`);
    expect(await visibleOrgs(sql)).toEqual([]);
    await sql`SELECT set_config('golden_record.org_id', ${B}, false)`;
    expect(await visibleOrgs(sql)).toEqual([]);
    await sql`RESET golden_record.org_id`;
    expect(await visibleOrgs(sql)).toEqual([A]);
    for (const other of [logins.team, roles.reader]) {
      await sql.unsafe(`SET ROLE ${other}`);
      expect(await visibleOrgs(sql)).toEqual([]);
      await sql.unsafe(`SET golden_record.org_id = '${B}'`);
      expect(await visibleOrgs(sql)).toEqual([]);
      await sql`RESET golden_record.org_id`;
      await sql`RESET ROLE`;
    }
    await sql.begin(async (tx) => {
      await tx.unsafe(`SET LOCAL golden_record.org_id = '${B}'`);
      expect(await visibleOrgs(tx)).toEqual([]);
    });
  });

  it('gets nothing of org B from the dashboard functions, COPY or its own views and functions', async () => {
    const sql = connect(logins.readerA);
    await sql.unsafe(`SET golden_record.org_id = '${B}'`);
    const [{ page }] = await sql`SELECT calls_dashboard_list(${B}::uuid) AS page`;
    expect(page.items).toEqual([]);
    const [{ call }] = await sql`SELECT calls_dashboard_detail(${B}::uuid, ${callIds.B}::uuid) AS call`;
    expect(call).toBeNull();
    const [{ stats }] = await sql`SELECT call_analytics(${B}::uuid, '2026-01-01', '2026-02-01') AS stats`;
    expect(stats.total_calls).toBe(0);
    await sql`RESET golden_record.org_id`;

    let copied = '';
    const stream = await sql`COPY calls TO STDOUT`.readable();
    for await (const chunk of stream) copied += chunk;
    expect(copied).toContain(callIds.A);
    expect(copied).not.toContain(callIds.B);

    // Its own view (it runs as the view's owner: the same login) shows nothing more, and the
    // package's current_org_id in the PUBLIC-writable schema cannot be replaced by it.
    await sql.unsafe(`CREATE VIEW public.gr_t${run}_peek AS SELECT org_id::text FROM calls`);
    const peek = await sql.unsafe(`SELECT DISTINCT org_id FROM public.gr_t${run}_peek`);
    expect(peek.map((r) => r.org_id)).toEqual([A]);
    await expect(sql.unsafe(`CREATE OR REPLACE FUNCTION public.current_org_id() RETURNS uuid LANGUAGE sql AS $$ SELECT '${B}'::uuid $$`))
      .rejects.toMatchObject({ code: '42501' });
    expect(await visibleOrgs(sql)).toEqual([A]);
  });

  it('cannot bind itself, or run the package\'s private functions', async () => {
    const sql = connect(logins.readerA);
    await expect(sql`SELECT golden_record.grant_org(current_user, ${B}::uuid)`).rejects.toMatchObject({ code: '42501' });
    await expect(sql`SELECT golden_record._act_for_org(${B}::uuid)`).rejects.toMatchObject({ code: '42501' });
    await expect(sql`INSERT INTO golden_record.role_orgs VALUES (current_user::text::regrole, ${B}::uuid)`).rejects.toMatchObject({ code: '42501' });
    expect(await sql`SELECT role_id::text AS role_name, org_id::text FROM golden_record.role_orgs`).toEqual([{ role_name: logins.readerA, org_id: A }]);
  });

  it('is refused by the CLI in one line for --org B, and served for its own org', async () => {
    const refused = await runCli(['calls', 'show', callIds.B, '--org', B, '-c', urlOf(logins.readerA)]);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split('\n')).toEqual([`golden-record: role ${logins.readerA} may not act for org ${B} (a DBA can bind it: golden-record roles grant ${logins.readerA} --org ${B})`]);
    const served = await runCli(['calls', 'show', 'call-A', '--json', '-c', urlOf(logins.readerA)]);
    expect(served.code, served.stderr).toBe(0);
    expect(JSON.parse(served.stdout)).toMatchObject({ id: callIds.A, org_id: A });
  });

  it('refuses call_analytics over a period longer than 400 days with SQLSTATE 22023', async () => {
    await expect(connect(logins.readerA)`SELECT call_analytics(${A}::uuid, '0001-01-01', '9999-12-31')`).rejects.toMatchObject({ code: '22023' });
  });
});

describe('a login bound to no org', () => {
  it('sees nothing, whatever org it sets', async () => {
    const sql = connect(logins.unbound);
    expect(await visibleOrgs(sql)).toEqual([]);
    await sql.unsafe(`SET golden_record.org_id = '${A}'`);
    expect(await visibleOrgs(sql)).toEqual([]);
    const [{ page }] = await sql`SELECT calls_dashboard_list(${A}::uuid) AS page`;
    expect(page.items).toEqual([]);
  });
});

describe('the trusted backend login', () => {
  it('acts for any org, and only for the one it set in the transaction', async () => {
    const sql = connect(logins.app);
    expect(await visibleOrgs(sql)).toEqual([]);
    for (const org of [A, B]) {
      await sql.begin(async (tx) => {
        await tx.unsafe(`SET LOCAL golden_record.org_id = '${org}'`);
        expect(await visibleOrgs(tx)).toEqual([org]);
      });
    }
    expect(await visibleOrgs(sql)).toEqual([]);
  });
});

describe('the ingest login', () => {
  it('reads no table, and link_appointments shows it counts and an opaque cursor, nothing of org B', async () => {
    const sql = connect(logins.ingest);
    await expect(sql`SELECT count(*) FROM calls`).rejects.toMatchObject({ code: '42501' });
    const [{ r }] = await sql`SELECT link_appointments(${B}::uuid, NULL, 1) AS r`;
    expect(Object.keys(r).sort()).toEqual(['calls', 'done', 'linked', 'next_cursor']);
    const [b] = await db.sql`SELECT id::text, created_at, started_at FROM calls WHERE org_id = ${B}`;
    const text = JSON.stringify(r);
    expect(text).not.toContain(b.id);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(r.next_cursor).not.toBe(b.id);
  });
});

describe('shadow functions planted in the PUBLIC-writable application schema', () => {
  it('are never called by any function of the package: ingest, link, dashboard, backfill', async () => {
    const attacker = connect(logins.unbound);
    await attacker.unsafe(`
      CREATE TABLE public.gr_t${run}_shadow_log (fn text);
      GRANT INSERT, SELECT ON public.gr_t${run}_shadow_log TO PUBLIC;
      CREATE FUNCTION public.to_jsonb(text[]) RETURNS jsonb LANGUAGE sql AS $$ INSERT INTO public.gr_t${run}_shadow_log VALUES ('to_jsonb'); SELECT '"planted"'::jsonb $$;
      CREATE FUNCTION public.array_position(text[], text) RETURNS integer LANGUAGE sql AS $$ INSERT INTO public.gr_t${run}_shadow_log VALUES ('array_position'); SELECT 1 $$;
      CREATE FUNCTION public.format(text, text) RETURNS text LANGUAGE sql AS $$ INSERT INTO public.gr_t${run}_shadow_log VALUES ('format'); SELECT 'planted' $$;
      CREATE FUNCTION public.jsonb_build_object(text, text) RETURNS jsonb LANGUAGE sql AS $$ INSERT INTO public.gr_t${run}_shadow_log VALUES ('jsonb_build_object'); SELECT '{}'::jsonb $$;
      CREATE FUNCTION public.jsonb_build_object(text, integer) RETURNS jsonb LANGUAGE sql AS $$ INSERT INTO public.gr_t${run}_shadow_log VALUES ('jsonb_build_object'); SELECT '{}'::jsonb $$;
      CREATE FUNCTION public.jsonb_typeof(jsonb) RETURNS text LANGUAGE sql AS $$ INSERT INTO public.gr_t${run}_shadow_log VALUES ('jsonb_typeof'); SELECT 'object' $$;
      CREATE FUNCTION public.btrim(text) RETURNS text LANGUAGE sql AS $$ INSERT INTO public.gr_t${run}_shadow_log VALUES ('btrim'); SELECT 'planted' $$;
      CREATE FUNCTION public.lower(text) RETURNS text LANGUAGE sql AS $$ INSERT INTO public.gr_t${run}_shadow_log VALUES ('lower'); SELECT 'planted' $$;
      CREATE FUNCTION public.gr_t${run}_eq(uuid, uuid) RETURNS boolean LANGUAGE sql AS $$ INSERT INTO public.gr_t${run}_shadow_log VALUES ('uuid ='); SELECT true $$;
      CREATE OPERATOR public.= (LEFTARG = uuid, RIGHTARG = uuid, FUNCTION = public.gr_t${run}_eq);`);
    const log = () => db.sql.unsafe(`SELECT fn FROM public.gr_t${run}_shadow_log`).then((rows) => rows.map((r) => r.fn));
    // The plants work where the application schema is on the path: an exact type match wins.
    await attacker.unsafe(`SELECT to_jsonb(ARRAY['x']), array_position(ARRAY['x'], 'x')`);
    expect(await log()).toEqual(['to_jsonb', 'array_position']);
    await db.sql.unsafe(`TRUNCATE public.gr_t${run}_shadow_log`);

    const ingest = connect(logins.ingest);
    const body = report('call-shadow', { toolCalls: [{ function: { name: 'x' } }] });
    await ingest`SELECT ingest_vapi_call(${ingest.json(body)}, ${A}::uuid)`;
    await ingest`SELECT ingest_vapi_call(${JSON.stringify(report('call-shadow-text'))}::text, ${A}::uuid)`;
    await ingest`SELECT * FROM ingest_vapi_calls(${[JSON.stringify(report('call-shadow-set')), '{broken']}::text[], ${B}::uuid)`;
    await ingest`SELECT * FROM ingest_vapi_calls(ARRAY[${ingest.json(report('call-shadow-set-2'))}::jsonb], ${B}::uuid)`;
    await ingest`SELECT ingest_vapi_call(${ingest.json(report('call-A'))}, ${B}::uuid)`;
    await ingest`SELECT link_appointments(${A}::uuid, NULL, 1)`;
    await ingest`SELECT vapi_extract_tools(${ingest.json(body)}), vapi_cost_to_cents(0.07)`;
    const app = connect(logins.app);
    await app.begin(async (tx) => {
      await tx.unsafe(`SET LOCAL golden_record.org_id = '${A}'`);
      await tx`SELECT calls_dashboard_list(${A}::uuid, '{"tool": "bookAppointment", "search": "an"}'), calls_dashboard_detail(${A}::uuid, ${callIds.A}::uuid),
                      call_analytics(${A}::uuid, '2026-01-01', '2026-02-01')`;
    });
    // The linking triggers (SECURITY DEFINER) on a booking.
    await db.sql`INSERT INTO appointments (org_id, vapi_call_id) VALUES (${A}, 'call-shadow')`;
    await db.sql`SELECT golden_record.backfill_start()`;
    await db.sql`SELECT golden_record.backfill_step()`;
    await db.sql`SELECT replay_quarantined()`;
    expect(await log()).toEqual([]);
  });
});

describe('the SECURITY DEFINER functions', () => {
  it('are owned by the NOLOGIN owner role, neither superuser nor BYPASSRLS (catalogue walk)', async () => {
    const definers = await db.sql<{ fn: string; owner: string; rolsuper: boolean; rolbypassrls: boolean; rolcanlogin: boolean }[]>`
      SELECT p.oid::regprocedure::text AS fn, r.rolname AS owner, r.rolsuper, r.rolbypassrls, r.rolcanlogin
        FROM pg_proc p JOIN pg_roles r ON r.oid = p.proowner
       WHERE p.prosecdef AND p.pronamespace IN ('public'::regnamespace, 'golden_record'::regnamespace)`;
    expect(definers.length).toBeGreaterThan(5);
    expect(definers.filter((d) => d.owner !== roles.owner || d.rolsuper || d.rolbypassrls || d.rolcanlogin)).toEqual([]);
  });
});

describe('golden-record roles and doctor', () => {
  it('lists the package roles and the bindings, and doctor reports the unbound reader login', async () => {
    const listed = await runCli(['roles', 'list', '--json', '-c', db.url]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual(expect.arrayContaining([
      { role: logins.readerA, kind: 'bound', org_id: A, can_login: true },
      { role: roles.app, kind: 'app', org_id: null, can_login: false },
    ]));
    const doctor = await runCli(['doctor', '--json', '-c', db.url]);
    const findings = JSON.parse(doctor.stdout).findings as { check: string; object: string }[];
    expect(findings.filter((f) => f.check === 'reader login')).toEqual([expect.objectContaining({ object: logins.unbound })]);
    expect(findings.filter((f) => f.check === 'writable schema').map((f) => f.object)).toEqual(['public']);
    // What the attacker planted above, named like built-ins.
    expect(findings.filter((f) => f.check === 'shadowed built-in').map((f) => f.object)).toEqual(
      expect.arrayContaining(['public.format(text,text)', 'public.lower(text)', 'public.=(uuid,uuid)']),
    );

    const revoked = await runCli(['roles', 'revoke', logins.readerA, '--org', A, '-c', db.url]);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(await visibleOrgs(connect(logins.readerA))).toEqual([]);
  });
});
