/**
 * golden-record's typed client: thin wrappers that call the SQL functions with a postgres.js
 * client, and the migration API the CLI uses. All logic lives in the database.
 *
 *   import postgres from 'postgres';
 *   import { ingestVapiCall, listCalls } from 'golden-record';
 *   const sql = postgres(process.env.DATABASE_URL!);
 *   const result = await ingestVapiCall(sql, requestBody, orgId);   // { status, call_id, ... }
 */
export * from './client/ingest.ts';
export * from './client/linking.ts';
export * from './client/dashboard.ts';
export * from './client/reconcile.ts';
export * from './client/report.ts';
export { migrateUp, migrateDown, migrationStatus, type MigrateOptions, type MigrationStatus } from './migrate.ts';
export { ingestPaths, type IngestSummary, type IngestPathsOptions } from './ingest.ts';
export { dumpSchema } from './schema-dump.ts';
