import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { testDatabase, type TestDatabase } from '../support/db.ts';

/**
 * CVE-2018-1058 against `migrate`: a plain login that can create objects in the application's
 * schema plants exact-type copies of built-ins (which beat pg_catalog's polymorphic ones) that
 * make it a superuser when a superuser calls them. The DBA then runs `migrate up` / `down`.
 */
const run = randomBytes(4).toString('hex');
const mallory = `gr_t${run}_mallory`;
const password = randomBytes(12).toString('hex');
const roles = { reader: `gr_t${run}_reader`, ingest: `gr_t${run}_ingest`, app: `gr_t${run}_app`, owner: `gr_t${run}_owner` };

let db: TestDatabase;
let asMallory: postgres.Sql;

/** Each plant logs its call and, called by a superuser, makes mallory one. */
const plants = ['format(text, name, text)', 'format(text, name, name)', 'format(text, name, name, text)', 'format(text, text, text, text)', 'unnest(text[])', 'string_to_array(text, text)', 'btrim(text)'];
const plantSql = (signature: string) => {
  const returns = signature.startsWith('unnest') ? 'SETOF text' : signature.startsWith('string_to_array') ? 'text[]' : 'text';
  return `CREATE FUNCTION public.${signature} RETURNS ${returns} LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO public.gr_t${run}_plant_log VALUES ('${signature}');
      IF (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user) THEN
        EXECUTE 'ALTER ROLE ${mallory} SUPERUSER';
      END IF;
      RETURN${returns.startsWith('SETOF') ? ' NEXT NULL; RETURN' : ' NULL'};
    END $$;`;
};

const isSuperuser = async () => (await db.sql<{ rolsuper: boolean }[]>`SELECT rolsuper FROM pg_roles WHERE rolname = ${mallory}`)[0].rolsuper;
const planted = async () => (await db.sql<{ fn: string }[]>`SELECT fn FROM ${db.sql(`gr_t${run}_plant_log`)}`).map((r) => r.fn);

beforeAll(async () => {
  db = await testDatabase({ empty: true, dropAfterAll: false });
  for (const [purpose, name] of Object.entries(roles)) {
    await db.sql.unsafe(`ALTER DATABASE ${db.name} SET golden_record.${purpose}_role = '${name}'`);
  }
  await db.sql.unsafe(`CREATE ROLE ${mallory} LOGIN PASSWORD '${password}'`);
  await db.sql.unsafe(`GRANT CREATE ON SCHEMA public TO PUBLIC`);
  const url = new URL(db.url);
  url.username = mallory;
  url.password = password;
  asMallory = postgres(url.toString(), { max: 1, onnotice: () => {} });
  await asMallory.unsafe(`CREATE TABLE public.gr_t${run}_plant_log (fn text); GRANT INSERT, SELECT ON public.gr_t${run}_plant_log TO PUBLIC;`);
  for (const signature of plants) await asMallory.unsafe(plantSql(signature));
});

afterAll(async () => {
  await asMallory?.end();
  await db?.drop();
  const admin = postgres(inject('adminUrl'), { max: 1, onnotice: () => {} });
  try {
    for (const role of [mallory, ...Object.values(roles)]) await admin.unsafe(`DROP ROLE IF EXISTS ${role}`);
  } finally {
    await admin.end();
  }
});

describe('migrate on a database whose application schema PUBLIC can create in', () => {
  it('refuses in one line, naming the fix, and runs nothing', async () => {
    const up = await runCli(['migrate', 'up', '-c', db.url]);
    expect(up.stderr).toMatch(/^golden-record: refusing to migrate: every role can create objects in schema public \(PUBLIC has CREATE\), [^\n]*CVE-2018-1058[^\n]*REVOKE CREATE ON SCHEMA public FROM PUBLIC[^\n]*\n$/);
    expect(up.code).toBe(1);
    const [{ installed }] = await db.sql`SELECT to_regclass('golden_record.pgmigrations') IS NOT NULL AS installed`;
    expect(installed).toBe(false);
    expect(await isSuperuser()).toBe(false);
  });
});

describe('migrate once PUBLIC lost CREATE, the planter keeping it by name', () => {
  it('warns naming the planter; the code layer\'s install and removal call no planted function', async () => {
    await db.sql.unsafe(`REVOKE CREATE ON SCHEMA public FROM PUBLIC; GRANT CREATE ON SCHEMA public TO ${mallory}`);
    // Planted after the install: a migration's own statements resolve names through the schema
    // (hence the warning); what runs at every migrate, the code layer's removal and install, must not.
    await asMallory.unsafe(plants.map((p) => `DROP FUNCTION public.${p};`).join('\n'));
    const up = await runCli(['migrate', 'up', '-c', db.url]);
    expect(up.stderr).toBe(`golden-record: warning: ${mallory} can create objects in schema public: whoever can act as those roles can plant a function there that runs with the migrating role's rights; revoke CREATE unless you trust them as much as the DBA\n`);
    expect(up.code).toBe(0);
    for (const signature of plants) await asMallory.unsafe(plantSql(signature));
    for (const args of [['migrate', 'down'], ['migrate', 'up']]) {
      const result = await runCli([...args, '-c', db.url]);
      expect(result.code, result.stderr).toBe(0);
    }
    expect(await planted()).toEqual([]);
    expect(await isSuperuser()).toBe(false);
  });
});
