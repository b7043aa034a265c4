#!/usr/bin/env -S npx tsx
/**
 * Runs plpgsql_check over every PL/pgSQL function of the package, on a fresh install in a
 * scratch database of DATABASE_URL's server (which must have the plpgsql_check extension:
 * Debian's postgresql-15-plpgsql-check; CI runs it on the system PostgreSQL 15). The code
 * layer installs with check_function_bodies = off, so this is what finds a wrong column, type
 * or variable in a body before it runs.
 *
 * Fails (exit 1) on any error, on any warning not in ACCEPTED below, on an ACCEPTED entry that
 * no longer matches anything (so the list shrinks as code is fixed), and on a trigger function
 * it cannot check against a table.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run plpgsql-check
 */
import postgres from 'postgres';
import { migrateUp } from '../src/migrate.ts';

/** Warnings reviewed and kept, each with why. Matched on the function's signature and the message. */
const ACCEPTED: { signature: string; message: string; reason: string }[] = [
  ...['golden_record.untrack(text)', 'golden_record.unsecure_tables(text)', 'golden_record.apply_grants()', 'golden_record._backfill_calls(text, integer)',
    'golden_record._backfill_twin(regclass, text, text, text, integer)'].map((signature) => ({
    signature,
    message: 'text type variable is not sanitized',
    reason: 'EXECUTE of DDL or SQL built with format(): every identifier is already quoted (%I, or a regclass/format(%I.%I) value read from the catalogue or the package\'s own bookkeeping tables), never from a payload',
  })),
  ...['golden_record._vapi_extract(jsonb)', 'golden_record._vapi_merge(public.calls, public.calls, uuid, uuid)'].map((signature) => ({
    signature,
    message: 'composite OUT variable "call" is not single argument',
    reason: 'the function returns a calls row and a note together on purpose (OUT call calls, OUT note(s))',
  })),
];

/** Trigger functions that have no trigger on a fresh install (only a legacy database gets one), and the table to check them against. */
const UNATTACHED_TRIGGER_TABLES: Record<string, string> = {
  _fill_from_legacy_metadata: 'calls',
  _sync_legacy_twins: 'calls',
};

interface Finding {
  signature: string;
  relation: string | null;
  level: string;
  lineno: number | null;
  message: string;
  detail: string | null;
}

async function main(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('set DATABASE_URL to a PostgreSQL server that has the plpgsql_check extension');
  const name = `gr_plpgsql_check_${process.pid}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
  try {
    await migrateUp({ databaseUrl: url.toString() });
    await sql`CREATE EXTENSION IF NOT EXISTS plpgsql_check`;
    const functions = await sql<{ oid: number; signature: string; proname: string; relations: string[] | null; is_trigger: boolean }[]>`
      SELECT p.oid, f.signature, p.proname, p.prorettype = 'trigger'::regtype AS is_trigger,
             (SELECT array_agg(DISTINCT t.tgrelid::regclass::text) FROM pg_trigger t WHERE t.tgfoid = p.oid) AS relations
        FROM golden_record.package_functions() f
        JOIN pg_proc p ON p.oid = f.function_oid
        JOIN pg_language l ON l.oid = p.prolang
       WHERE l.lanname = 'plpgsql'
       ORDER BY f.signature`;
    const findings: Finding[] = [];
    const problems: string[] = [];
    for (const fn of functions) {
      let relations: (string | null)[] = [null];
      if (fn.is_trigger) {
        const table = UNATTACHED_TRIGGER_TABLES[fn.proname];
        relations = fn.relations ?? (table ? [table] : []);
        if (!relations.length) problems.push(`${fn.signature}: a trigger function without a trigger; add it to UNATTACHED_TRIGGER_TABLES`);
      }
      for (const relation of relations) {
        const rows = await sql<Omit<Finding, 'signature' | 'relation'>[]>`
          SELECT level, lineno, message, detail
            FROM plpgsql_check_function_tb(${fn.oid}::oid::regprocedure, coalesce(${relation}::regclass, 0::oid::regclass),
                                           fatal_errors => false, other_warnings => true, extra_warnings => true,
                                           performance_warnings => false, security_warnings => true)`;
        findings.push(...rows.map((r) => ({ ...r, signature: fn.signature, relation })));
      }
    }
    const used = new Set<number>();
    for (const f of findings) {
      const accepted = f.level === 'error' ? -1 : ACCEPTED.findIndex((a) => a.signature === f.signature && f.message.includes(a.message));
      if (accepted >= 0) used.add(accepted);
      else problems.push(`${f.signature}${f.relation ? ` on ${f.relation}` : ''} line ${f.lineno ?? '-'}: ${f.level}: ${f.message}${f.detail ? ` (${f.detail})` : ''}`);
    }
    ACCEPTED.forEach((a, i) => {
      if (!used.has(i)) problems.push(`accepted warning no longer found (remove it from ACCEPTED): ${a.signature}: ${a.message}`);
    });
    console.log(`plpgsql_check: ${functions.length} PL/pgSQL functions checked, ${findings.length} finding(s), ${used.size} accepted (${ACCEPTED.length} in the list)`);
    for (const p of problems) console.log(`  ${p}`);
    if (problems.length) process.exitCode = 1;
  } finally {
    await sql.end({ timeout: 5 });
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end({ timeout: 5 });
  }
}

await main();
