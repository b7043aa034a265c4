import type postgres from 'postgres';

/**
 * A normalised, catalogue-based dump of a database's schema: one sorted line per object
 * (tables, columns, constraints, indexes, views, functions, triggers, policies, RLS flags,
 * types, grants). It needs no pg_dump, so it reads PostgreSQL 15 and the embedded 18 alike,
 * and it omits what differs between two equal installs (oids, statistics, the package's own
 * bookkeeping rows). CI compares a fresh install with the committed schema/golden-record.schema.
 */
export async function dumpSchema(sql: postgres.Sql, schemas: string[] = ['public', 'golden_record']): Promise<string> {
  const rows = await sql<{ line: string }[]>`
    WITH ns AS (
      SELECT oid, nspname FROM pg_namespace WHERE nspname = ANY(${schemas})
    ),
    rel AS (
      SELECT c.oid, ns.nspname || '.' || c.relname AS name, c.relkind, c.relrowsecurity, c.relforcerowsecurity,
             c.relacl, c.reloptions
        FROM pg_class c JOIN ns ON ns.oid = c.relnamespace
       -- Partitions are data (the event store's months), not schema: a fresh install next month has others.
       WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition
    )
    SELECT 'schema ' || nspname AS line FROM ns
    UNION ALL
    SELECT format('%s %s%s%s', CASE relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'matview' WHEN 'p' THEN 'partitioned table' ELSE 'table' END, name,
                  CASE WHEN relrowsecurity THEN ' rls' ELSE '' END || CASE WHEN relforcerowsecurity THEN ' force-rls' ELSE '' END,
                  coalesce(' options=' || array_to_string(reloptions, ','), ''))
      FROM rel
    UNION ALL
    SELECT format('column %s.%s %s%s%s%s', r.name, a.attname, format_type(a.atttypid, a.atttypmod),
                  CASE WHEN a.attnotnull THEN ' not null' ELSE '' END,
                  coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), ''),
                  CASE WHEN a.attidentity <> '' THEN ' identity ' || a.attidentity::text ELSE '' END
                  || CASE WHEN a.attgenerated <> '' THEN ' generated' ELSE '' END)
      FROM rel r JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    UNION ALL
    SELECT format('constraint %s %s %s%s', r.name, con.conname, pg_get_constraintdef(con.oid),
                  CASE WHEN NOT con.convalidated THEN ' (not validated)' ELSE '' END)
      FROM rel r JOIN pg_constraint con ON con.conrelid = r.oid AND con.contype <> 'n'  -- PostgreSQL 18 lists NOT NULL here too
    UNION ALL
    SELECT format('index %s %s%s', r.name, pg_get_indexdef(i.indexrelid),
                  CASE WHEN NOT i.indisvalid THEN ' (invalid)' ELSE '' END)
      FROM rel r JOIN pg_index i ON i.indrelid = r.oid
    UNION ALL
    SELECT format('view-definition %s %s', r.name, regexp_replace(pg_get_viewdef(r.oid), '\\s+', ' ', 'g'))
      FROM rel r WHERE r.relkind IN ('v', 'm')
    UNION ALL
    SELECT format('trigger %s %s', r.name, pg_get_triggerdef(t.oid))
      FROM rel r JOIN pg_trigger t ON t.tgrelid = r.oid AND NOT t.tgisinternal
    UNION ALL
    SELECT format('policy %s %s %s %s to %s using (%s) check (%s)', r.name, p.polname,
                  CASE WHEN p.polpermissive THEN 'permissive' ELSE 'restrictive' END, p.polcmd::text,
                  (SELECT string_agg(CASE WHEN x = 0 THEN 'public' ELSE x::regrole::text END, ',' ORDER BY 1) FROM unnest(p.polroles) x),
                  coalesce(pg_get_expr(p.polqual, p.polrelid), ''), coalesce(pg_get_expr(p.polwithcheck, p.polrelid), ''))
      FROM rel r JOIN pg_policy p ON p.polrelid = r.oid
    UNION ALL
    SELECT format('grant %s %s to %s', r.name, acl.privilege_type,
                  CASE WHEN acl.grantee = 0 THEN 'public' ELSE acl.grantee::regrole::text END)
      FROM rel r, aclexplode(r.relacl) acl
     WHERE acl.grantee <> (SELECT relowner FROM pg_class WHERE oid = r.oid)
    UNION ALL
    SELECT format('function %s.%s(%s) returns %s %s%s%s config=%s', ns.nspname, p.proname,
                  pg_get_function_identity_arguments(p.oid), pg_get_function_result(p.oid),
                  l.lanname, CASE WHEN p.prosecdef THEN ' security-definer' ELSE '' END,
                  ' ' || p.provolatile::text, coalesce(array_to_string(p.proconfig, ';'), ''))
      FROM pg_proc p JOIN ns ON ns.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang
     WHERE NOT EXISTS (SELECT 1 FROM pg_depend dep WHERE dep.objid = p.oid AND dep.deptype = 'e')
    UNION ALL
    SELECT format('function-body %s.%s(%s) md5=%s', ns.nspname, p.proname,
                  pg_get_function_identity_arguments(p.oid), md5(p.prosrc))
      FROM pg_proc p JOIN ns ON ns.oid = p.pronamespace
     WHERE NOT EXISTS (SELECT 1 FROM pg_depend dep WHERE dep.objid = p.oid AND dep.deptype = 'e')
    UNION ALL
    SELECT format('function-grant %s.%s(%s) execute to %s', ns.nspname, p.proname,
                  pg_get_function_identity_arguments(p.oid),
                  CASE WHEN acl.grantee = 0 THEN 'public' ELSE acl.grantee::regrole::text END)
      FROM pg_proc p JOIN ns ON ns.oid = p.pronamespace, aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) acl
     WHERE acl.grantee <> p.proowner
       AND NOT EXISTS (SELECT 1 FROM pg_depend dep WHERE dep.objid = p.oid AND dep.deptype = 'e')
    UNION ALL
    SELECT format('type %s.%s %s %s', ns.nspname, t.typname, t.typtype::text,
                  coalesce((SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid), ''))
      FROM pg_type t JOIN ns ON ns.oid = t.typnamespace
     WHERE t.typtype IN ('e', 'd') 
    ORDER BY 1`;
  return rows.map((r) => r.line).join('\n') + '\n';
}
