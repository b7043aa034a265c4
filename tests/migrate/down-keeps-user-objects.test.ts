import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { testDatabase } from '../support/db.ts';

/** What a down must leave alone when it refuses: the history, the code layer and its policies. */
async function packageState(sql: Awaited<ReturnType<typeof testDatabase>>['sql']) {
  const [state] = await sql`SELECT
    (SELECT count(*)::int FROM golden_record.pgmigrations) AS migrations,
    (SELECT count(*)::int FROM golden_record.code_layer) AS code_layer,
    (SELECT count(*)::int FROM pg_proc p WHERE pronamespace = 'public'::regnamespace
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')) AS functions,
    -- The code layer's policies are on the application's tables; the bookkeeping tables of
    -- golden_record keep theirs, which a migration made.
    (SELECT count(*)::int FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
      WHERE c.relnamespace = 'public'::regnamespace) AS policies,
    to_regclass('public.calls_with_caller_names') IS NOT NULL AS view`;
  return state;
}

describe('migrate down and the DBA\'s own objects', () => {
  it('refuses in one line naming each object of the DBA that uses the package, and changes nothing', async () => {
    const db = await testDatabase();
    await db.sql.unsafe(`
      CREATE SCHEMA reports;
      CREATE VIEW reports.cost_check AS SELECT vapi_cost_to_cents(0.07) AS cents;
      CREATE VIEW reports.named_calls AS SELECT * FROM calls_with_caller_names;`);
    const before = await packageState(db.sql);

    const down = await runCli(['migrate', 'down', '-c', db.url]);
    expect(down.stderr).toMatch(/^golden-record: migrate down would drop objects that use the package: [^\n]*; drop or change them first, or run migrate down --cascade to drop them too \(SQLSTATE 2BP01\)\n$/);
    expect(down.stderr).toContain('view reports.cost_check (uses public.vapi_cost_to_cents(numeric))');
    expect(down.stderr).toContain('view reports.named_calls (uses public.calls_with_caller_names)');
    expect(down.code).toBe(1);
    expect(await packageState(db.sql)).toEqual(before);
    const [{ views }] = await db.sql`SELECT count(*)::int AS views FROM pg_views WHERE schemaname = 'reports'`;
    expect(views).toBe(2);
  });

  it('drops them too with --cascade, naming them in a warning', async () => {
    const db = await testDatabase();
    await db.sql.unsafe(`CREATE VIEW public.cost_check AS SELECT vapi_cost_to_cents(0.07) AS cents;`);
    const down = await runCli(['migrate', 'down', '--cascade', '-c', db.url]);
    expect(down.stderr).toBe('golden-record: warning: migrate down --cascade drops these objects that use the package: view public.cost_check (uses public.vapi_cost_to_cents(numeric))\n');
    expect(down.code).toBe(0);
    const [{ view }] = await db.sql`SELECT to_regclass('public.cost_check') AS view`;
    expect(view).toBeNull();
  });

  it('removes the code layer and its own policies when nothing of the DBA uses it', async () => {
    const db = await testDatabase();
    const down = await runCli(['migrate', 'down', '-c', db.url]);
    expect(down.stderr).toBe('');
    expect(down.code).toBe(0);
    expect(await packageState(db.sql)).toMatchObject({ code_layer: 0, functions: 0, policies: 0, view: false });
  });
});
