import type { Command } from 'commander';
import type postgres from 'postgres';
import { withClient } from '../database.ts';
import { migrationStatus, type MigrationStatus } from '../migrate.ts';

export interface Finding {
  check: string;
  object: string;
  detail: string;
}

export interface DoctorReport {
  schemaVersion: MigrationStatus & { latest: string | null };
  findings: Finding[];
}

/** The schema-version findings: what `migrate up` would still do. */
function versionFindings(status: MigrationStatus): Finding[] {
  const findings: Finding[] = status.pending.map((name) => ({
    check: 'schema version',
    object: name,
    detail: 'migration pending (run golden-record migrate up)',
  }));
  const { installed, current } = status.codeLayer;
  if (installed === null) {
    findings.push({ check: 'schema version', object: 'code layer', detail: 'not installed (run golden-record migrate up)' });
  } else if (installed !== current) {
    findings.push({ check: 'schema version', object: 'code layer', detail: `stale: installed ${installed}, sql/ is ${current} (run golden-record migrate up)` });
  }
  return findings;
}

/** The security findings, all computed by golden_record.doctor() in the database. */
async function securityFindings(sql: postgres.Sql): Promise<Finding[]> {
  const [{ installed }] = await sql<{ installed: boolean }[]>`SELECT to_regprocedure('golden_record.doctor()') IS NOT NULL AS installed`;
  if (!installed) return [];
  const found = await sql<{ check_name: string; object_name: string; detail: string }[]>`
    SELECT check_name, object_name, detail FROM golden_record.doctor()`;
  return found.map((r) => ({ check: r.check_name, object: r.object_name, detail: r.detail }));
}

/** The doctor's report on the database `url`, read through `sql` (a client on it). */
export async function doctor(sql: postgres.Sql, url: string): Promise<DoctorReport> {
  const status = await migrationStatus({ databaseUrl: url });
  return {
    schemaVersion: { ...status, latest: status.applied.at(-1) ?? null },
    findings: [...versionFindings(status), ...(await securityFindings(sql))],
  };
}

export function registerDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .description('check the schema version, grants, row-level security and SECURITY DEFINER hygiene; exits 1 on any finding')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const report = await withClient(program, doctor, { applicationName: 'golden-record doctor' });
      if (opts.json) {
        console.log(JSON.stringify(report, null, 2));
      } else {
        const { applied, pending, latest, codeLayer } = report.schemaVersion;
        console.log(`schema version: ${latest ?? 'none'} (${applied.length} applied, ${pending.length} pending); code layer ${codeLayer.installed ?? 'not installed'}`);
        for (const f of report.findings) console.log(`${f.check}: ${f.object}: ${f.detail}`);
        console.log(report.findings.length ? `${report.findings.length} finding(s)` : 'no findings');
      }
      // The embedded server, if any, is already stopped here.
      if (report.findings.length) process.exit(1);
    });
}
