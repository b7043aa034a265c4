import { describe, expect, it } from 'vitest';
import { codeLayerFiles, installSql } from '../../src/code-layer.ts';
import { testDatabase } from '../support/db.ts';

/**
 * A re-install of the code layer (every `migrate up`) drops the functions an earlier install
 * wrote and this one does not (a file removed from sql/, or a function whose arguments
 * changed), once the triggers point at the new ones, and nothing an application wrote.
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
});
