import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, inject } from 'vitest';
import { databaseUrl } from './urls.ts';

export interface TestDatabase {
  name: string;
  url: string;
  /** postgres.js client on the clone (notices muted). */
  sql: postgres.Sql;
  /** Closes the client and drops the database (done for you after the file's tests). */
  drop(): Promise<void>;
}

const admin = () => postgres(inject('adminUrl'), { max: 1, onnotice: () => {} });

/**
 * A fresh database: a clone of the migrated template (with pgTAP), or with `{ empty: true }`
 * an empty one. Called at the top of a file (or in beforeAll) it is dropped after the file's
 * tests; with `{ dropAfterAll: false }` the caller drops it with `drop()`.
 */
export async function testDatabase(options: { empty?: boolean; dropAfterAll?: boolean } = {}): Promise<TestDatabase> {
  const name = `gr_test_${randomBytes(6).toString('hex')}`;
  const a = admin();
  try {
    await a.unsafe(options.empty ? `CREATE DATABASE ${name}` : `CREATE DATABASE ${name} TEMPLATE ${inject('templateDatabase')}`);
  } finally {
    await a.end();
  }
  const url = databaseUrl(inject('adminUrl'), name);
  const sql = postgres(url, { max: 4, onnotice: () => {} });
  const drop = async () => {
    await sql.end();
    const b = admin();
    try {
      await b.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } finally {
      await b.end();
    }
  };
  if (options.dropAfterAll !== false) afterAll(drop);
  return { name, url, sql, drop };
}
