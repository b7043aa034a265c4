import { describe, expect, it } from 'vitest';
import { codeLayerFiles, installSql } from '../../src/code-layer.ts';
import { testDatabase } from '../support/db.ts';

/**
 * A re-install of the code layer (every `migrate up`) drops the triggers and functions an
 * earlier install wrote and this one does not (a file removed from sql/, a trigger renamed, or a
 * function whose arguments changed), once the triggers point at the new ones, and nothing an
 * application wrote.
 */

const obsolete = {
  path: 'sql/ingest/_obsolete_helper.sql',
  sql: `CREATE OR REPLACE FUNCTION golden_record._obsolete_helper(p integer) RETURNS integer
        LANGUAGE sql SET search_path = pg_catalog, golden_record, pg_temp AS $$ SELECT p $$;`,
};

/** The code layer with `extra` where a new function file goes: before the finishing steps. */
function withFile(extra: { path: string; sql: string }) {
  const files = codeLayerFiles();
  const at = files.findIndex((f) => f.path === 'sql/security/finish_install.sql');
  return [...files.slice(0, at), extra, ...files.slice(at)];
}

describe('code layer re-install', async () => {
  const db = await testDatabase();
  const install = (files = codeLayerFiles()) => db.sql.begin((tx) => tx.unsafe(installSql('public', files)));
  const exists = async (name: string) =>
    (await db.sql`SELECT p.oid::regprocedure::text AS f FROM pg_proc p WHERE p.proname = ${name} ORDER BY 1`).map((r) => r.f);

  it('drops a function sql/ no longer has, and keeps an application\'s function', async () => {
    await db.sql`CREATE FUNCTION public.app_helper() RETURNS integer LANGUAGE sql AS 'SELECT 1'`;
    await install(withFile(obsolete));
    expect(await exists('_obsolete_helper')).toEqual(['golden_record._obsolete_helper(integer)']);
    expect(await db.sql`SELECT 1 FROM golden_record.code_layer_functions WHERE signature LIKE '%_obsolete_helper%'`).toHaveLength(1);

    await install();
    expect(await exists('_obsolete_helper')).toEqual([]);
    expect(await db.sql`SELECT 1 FROM golden_record.code_layer_functions WHERE signature LIKE '%_obsolete_helper%'`).toHaveLength(0);
    expect(await exists('app_helper')).toEqual(['app_helper()']);
  });

  it('drops the old signature of a function whose arguments changed', async () => {
    const changed = { ...obsolete, sql: obsolete.sql.replace('(p integer)', '(p bigint)').replace('RETURNS integer', 'RETURNS bigint') };
    await install(withFile(obsolete));
    await install(withFile(changed));
    expect(await exists('_obsolete_helper')).toEqual(['golden_record._obsolete_helper(bigint)']);
    await install();
    expect(await exists('_obsolete_helper')).toEqual([]);
  });

  const triggersOnCalls = async () =>
    (await db.sql`SELECT tgname FROM pg_trigger WHERE tgrelid = 'public.calls'::regclass AND NOT tgisinternal ORDER BY 1`).map((r) => r.tgname as string);

  it('drops a trigger sql/ no longer has before its function, and keeps an application\'s trigger', async () => {
    const removed = {
      path: 'sql/ingest/tg_calls__obsolete.sql',
      sql: `CREATE OR REPLACE FUNCTION golden_record.tg_calls__obsolete() RETURNS trigger
              LANGUAGE plpgsql SET search_path = pg_catalog, golden_record, pg_temp AS $$ BEGIN RETURN NULL; END $$;
            CREATE OR REPLACE TRIGGER calls_obsolete AFTER INSERT ON public.calls
              FOR EACH STATEMENT EXECUTE FUNCTION golden_record.tg_calls__obsolete();`,
    };
    await db.sql`CREATE FUNCTION public.app_audit() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NULL; END'`;
    await db.sql`CREATE TRIGGER app_audit AFTER INSERT ON public.calls FOR EACH STATEMENT EXECUTE FUNCTION public.app_audit()`;
    await install(withFile(removed));
    expect(await triggersOnCalls()).toContain('calls_obsolete');

    await install();
    expect(await triggersOnCalls()).not.toContain('calls_obsolete');
    expect(await exists('tg_calls__obsolete')).toEqual([]);
    expect(await triggersOnCalls()).toContain('app_audit');
  });

  it('drops the old name of a renamed trigger, so its function fires once', async () => {
    const before = await triggersOnCalls();
    const oldName = {
      path: 'sql/linking/calls_link_appointments_old_name.sql',
      sql: `CREATE OR REPLACE TRIGGER calls_link_appointments_old_name AFTER INSERT ON public.calls
              FOR EACH ROW EXECUTE FUNCTION golden_record.tg_calls__link_appointments();`,
    };
    await install(withFile(oldName));
    expect(await triggersOnCalls()).toEqual([...before, 'calls_link_appointments_old_name'].sort());

    await install();
    expect(await triggersOnCalls()).toEqual(before);
    expect(await exists('tg_calls__link_appointments')).toEqual(['golden_record.tg_calls__link_appointments()']);
  });
});
