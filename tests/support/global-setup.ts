import type { TestProject } from 'vitest/node';
import postgres from 'postgres';
import { startEmbedded, type EmbeddedServer } from '../../src/embedded.ts';
import { migrateUp } from '../../src/migrate.ts';
import { provisionEmbeddedPgtap } from '../../scripts/provision-pgtap.ts';
import { databaseUrl } from './urls.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A URL of the server under test with a database the tests may create databases from. */
    adminUrl: string;
    /** The migrated database, with pgTAP, that every test file clones. */
    templateDatabase: string;
    /** 'embedded' or 'DATABASE_URL'. */
    serverKind: string;
  }
}

let embedded: EmbeddedServer | undefined;
let adminUrl = '';
let templateDatabase = '';

/**
 * One server for the run (DATABASE_URL, else an embedded PostgreSQL in .golden-record/test),
 * one migrated template database with pgTAP, cloned per test file by tests/support/db.ts.
 */
export async function setup(project: TestProject): Promise<void> {
  let serverKind = 'DATABASE_URL';
  if (process.env.DATABASE_URL) {
    adminUrl = process.env.DATABASE_URL;
  } else {
    serverKind = 'embedded';
    await provisionEmbeddedPgtap();
    embedded = await startEmbedded(`${process.cwd()}/.golden-record/test`);
    adminUrl = embedded.url;
  }
  templateDatabase = `gr_template_${process.pid}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${templateDatabase}`);
    await admin.unsafe(`CREATE DATABASE ${templateDatabase}`);
  } finally {
    await admin.end();
  }
  const templateUrl = databaseUrl(adminUrl, templateDatabase);
  await migrateUp({ databaseUrl: templateUrl });
  const template = postgres(templateUrl, { max: 1, onnotice: () => {} });
  try {
    await template.unsafe('CREATE EXTENSION IF NOT EXISTS pgtap');
  } catch (error) {
    throw new Error(
      `pgTAP is not installed on the server under test (${(error as Error).message}). ` +
        'Install it there, e.g. `apt-get install postgresql-15-pgtap`, then run npm test again.',
    );
  } finally {
    await template.end();
  }
  project.provide('adminUrl', adminUrl);
  project.provide('templateDatabase', templateDatabase);
  project.provide('serverKind', serverKind);
}

export async function teardown(): Promise<void> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${templateDatabase}`);
  } finally {
    await admin.end();
  }
  await embedded?.stop();
}
