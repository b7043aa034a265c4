#!/usr/bin/env -S npx tsx
/**
 * Writes schema/golden-record.schema: the normalised schema of a fresh install (see
 * src/schema-dump.ts). Run it after changing migrations/ or sql/ and commit the result; CI
 * fails when a fresh install differs from the committed file, so schema drift shows in review.
 *
 *   npm run schema:dump              # on DATABASE_URL's server, else the embedded one
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import postgres from 'postgres';
import { PACKAGE_ROOT } from '../src/code-layer.ts';
import { withDatabase } from '../src/database.ts';
import { migrateUp } from '../src/migrate.ts';
import { dumpSchema } from '../src/schema-dump.ts';

export const SCHEMA_FILE = join(PACKAGE_ROOT, 'schema', 'golden-record.schema');

/** Installs the package on a new scratch database of the server at `serverUrl` and dumps it. */
export async function freshInstallSchema(serverUrl: string): Promise<string> {
  const name = `gr_schema_${process.pid}_${Date.now()}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  try {
    await migrateUp({ databaseUrl: url.toString() });
    const sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
    try {
      return await dumpSchema(sql);
    } finally {
      await sql.end();
    }
  } finally {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

if (process.argv[1]?.endsWith('schema-dump.ts')) {
  await withDatabase({ say: (line) => console.error(line) }, async (serverUrl) => {
    await writeFile(SCHEMA_FILE, await freshInstallSchema(serverUrl));
    console.log(`wrote ${SCHEMA_FILE}`);
  });
}
