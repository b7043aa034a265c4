import type { Command } from 'commander';
import { withClient } from '../database.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function orgOf(value: string | undefined): string {
  if (!value || !UUID.test(value)) throw new Error(`--org must be an org uuid, got "${value ?? ''}"`);
  return value.toLowerCase();
}

interface RoleRow {
  role_name: string;
  kind: string;
  org_id: string | null;
  can_login: boolean | null;
}

/**
 * `roles grant|revoke|list`: binds roles to orgs (golden_record.grant_org / revoke_org, for the
 * DBA) and lists who may act for which org. The rules live in current_org_id().
 */
export function registerRolesCommands(program: Command): void {
  const roles = program.command('roles').description('bind roles to orgs, and list who may act for which org');

  roles
    .command('grant')
    .description('let ROLE (and its members) act for an org: golden_record.grant_org')
    .argument('<role>', 'an existing role, e.g. a reader login')
    .requiredOption('--org <id>', 'org uuid')
    .action(async (role: string, opts: { org: string }) => {
      const org = orgOf(opts.org);
      await withClient(program, (sql) => sql`SELECT golden_record.grant_org(${role}, ${org}::uuid)`);
      console.log(`${role} may act for org ${org}`);
    });

  roles
    .command('revoke')
    .description('take an org from ROLE: golden_record.revoke_org')
    .argument('<role>', 'the role')
    .requiredOption('--org <id>', 'org uuid')
    .action(async (role: string, opts: { org: string }) => {
      const org = orgOf(opts.org);
      const [{ removed }] = await withClient(program, (sql) => sql<{ removed: boolean }[]>`SELECT golden_record.revoke_org(${role}, ${org}::uuid) AS removed`);
      console.log(removed ? `${role} may no longer act for org ${org}` : `${role} was not bound to org ${org}`);
    });

  roles
    .command('list')
    .description('the package\'s roles and every binding of a role to an org')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const rows = await withClient(program, (sql) => sql<RoleRow[]>`
        SELECT * FROM (
          SELECT pr.role_name::text, pr.purpose AS kind, NULL::text AS org_id, r.rolcanlogin AS can_login
            FROM golden_record.package_roles pr LEFT JOIN pg_roles r ON r.rolname = pr.role_name
          UNION ALL
          SELECT b.role_id::text, 'bound', b.org_id::text, r.rolcanlogin
            FROM golden_record.role_orgs b LEFT JOIN pg_roles r ON r.oid = b.role_id
        ) roles
        ORDER BY kind = 'bound', role_name, org_id`);
      if (opts.json) {
        console.log(JSON.stringify(rows.map((r) => ({ role: r.role_name, kind: r.kind, org_id: r.org_id, can_login: r.can_login })), null, 2));
        return;
      }
      for (const r of rows) {
        const what = r.kind === 'bound' ? `bound to org ${r.org_id}` : `${r.kind} role${r.kind === 'app' ? ' (trusted: may act for any org)' : ''}`;
        console.log(`${r.role_name}\t${what}${r.can_login === null ? ' (role does not exist)' : r.can_login ? ' (login)' : ''}`);
      }
    });
}
