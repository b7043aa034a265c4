import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The code layer is everything in sql/: functions, trigger functions, triggers and views, one
 * object per file, written as CREATE OR REPLACE. `migrate up` re-applies all of it after the
 * versioned migrations, in the order of sql/manifest.txt (each line says why a file comes
 * where it does), inside the transaction of the last migration, so a fresh install and an
 * upgrade end with the same schema.
 */
export const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SQL_DIR = join(PACKAGE_ROOT, 'sql');
const MANIFEST = join(SQL_DIR, 'manifest.txt');

export interface CodeFile {
  path: string;
  sql: string;
}

/** Every .sql file under `dir`, relative to it, '/'-separated. */
function sqlFilesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sqlFilesUnder(join(dir, entry.name), `${prefix}${entry.name}/`)
      : entry.name.endsWith('.sql') ? [`${prefix}${entry.name}`] : [],
  );
}

/**
 * The files of sql/manifest.txt in its order. A .sql file the manifest does not list, or a
 * listed file that does not exist or is listed twice, is an error: the install order is
 * always the one written down.
 */
export function manifestFiles(manifest = readFileSync(MANIFEST, 'utf8'), present = sqlFilesUnder(SQL_DIR)): string[] {
  const listed = manifest.split('\n').map((line) => line.replace(/#.*/, '').trim()).filter(Boolean);
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const file of listed) {
    if (seen.has(file)) problems.push(`lists sql/${file} twice`);
    else if (!present.includes(file)) problems.push(`lists sql/${file}, which does not exist`);
    seen.add(file);
  }
  for (const file of present.sort()) if (!seen.has(file)) problems.push(`does not list sql/${file} (add it where it must run)`);
  if (problems.length) throw new Error(`sql/manifest.txt ${problems.join('; ')}`);
  return listed;
}

export function codeLayerFiles(): CodeFile[] {
  return manifestFiles().map((file) => ({ path: `sql/${file}`, sql: readFileSync(join(SQL_DIR, file), 'utf8') }));
}

/** A digest of sql/, recorded at install, so `migrate status` and `doctor` can tell a stale install. */
export function codeLayerDigest(files = codeLayerFiles()): string {
  const hash = createHash('sha256');
  for (const file of files) hash.update(file.path).update('\0').update(file.sql).update('\0');
  return hash.digest('hex').slice(0, 16);
}

/**
 * Where sql/ names the application's schema (the tables, the view and the public functions), it
 * writes `@extschema@` (as PostgreSQL extension scripts do); the installer puts in the schema
 * of `--schema`. Only a plain lower-case name is accepted, so the same text is both the
 * identifier and the string literal.
 */
export const APP_SCHEMA_PLACEHOLDER = '@extschema@';

export function withSchema(sql: string, schema: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) {
    throw new Error(`schema "${schema}": golden-record installs only into a plain lower-case schema name (letters, digits, _)`);
  }
  return sql.replaceAll(APP_SCHEMA_PLACEHOLDER, schema);
}

/** The SQL that installs the code layer into `schema` (run inside a transaction). */
export function installSql(schema: string, files = codeLayerFiles()): string {
  // Every function pins `search_path = pg_catalog, golden_record, pg_temp` in its own header
  // and names the application's objects with their schema (CONTRIBUTING.md, "Security"). The
  // install itself runs with an empty path, so an object sql/ forgot to qualify fails the
  // install instead of landing in the wrong schema; the caller's path is put back at the end.
  const installed = files.map((f) => ({ ...f, sql: withSchema(f.sql, schema) }));
  const names = [...new Set(codeLayerObjects(installed).functions.map((f) => f.replace(/"/g, '')))];
  const parts = [
    'SET LOCAL check_function_bodies = off;',
    "SELECT set_config('golden_record.install_search_path', current_setting('search_path'), true), set_config('search_path', '', true);",
    // Read by sql/security/finish_install.sql: which functions are the code layer's.
    `SELECT pg_catalog.set_config('golden_record.code_layer_names', '${names.join(',')}', true);`,
  ];
  // The manifest lists the triggers last: CREATE TRIGGER locks its table against writers until
  // commit, so everything else, comments included, goes before the first of them.
  const firstTrigger = installed.findIndex(createsTrigger);
  const [before, after] = firstTrigger < 0 ? [installed, []] : [installed.slice(0, firstTrigger), installed.slice(firstTrigger)];
  const run = (file: CodeFile) => `-- ${file.path}\n${file.sql}`;
  // Comments after the files they describe: a later file may rebuild an object (the legacy view
  // merge), dropping its comment.
  parts.push(...before.map(run), ...before.flatMap(docComments), ...migrationDocComments());
  parts.push(...after.map(run), ...after.flatMap(docComments));
  parts.push(
    `INSERT INTO golden_record.code_layer (digest) VALUES ('${codeLayerDigest(files)}')
       ON CONFLICT (singleton) DO UPDATE SET digest = EXCLUDED.digest, installed_at = pg_catalog.now();`,
    "SELECT pg_catalog.set_config('search_path', pg_catalog.current_setting('golden_record.install_search_path'), true);",
  );
  return parts.join('\n\n');
}

/** Whether `file` creates a trigger (outside its comments), directly or in a DO block. */
export function createsTrigger(file: CodeFile): boolean {
  const code = file.sql.replace(/\/\*[\s\S]*?\*\//g, '').replace(/--.*$/gm, '');
  return /\bCREATE\s+(OR\s+REPLACE\s+)?TRIGGER\b/i.test(code);
}

/** The text of a doc block, its ` * ` margin removed. */
function docText(block: string): string {
  return block.split('\n').map((line) => line.replace(/^\s*\* ?/, '')).join('\n').trim();
}

/** A function's argument list as COMMENT ON FUNCTION takes it: the CREATE's, without defaults. */
function argumentsWithoutDefaults(list: string): string {
  const args: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of list) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      args.push(current);
      current = '';
    } else current += ch;
  }
  if (current.trim()) args.push(current);
  return args.map((a) => a.replace(/\s+(DEFAULT\b|=)[\s\S]*$/i, '').trim()).join(', ');
}

/** The argument list that starts after the "(" at `open` (up to its matching ")"). */
function parenthesised(sql: string, open: number): string {
  let depth = 0;
  for (let i = open; i < sql.length; i++) {
    if (sql[i] === '(') depth++;
    if (sql[i] === ')' && --depth === 0) return sql.slice(open + 1, i);
  }
  throw new Error(`unbalanced parentheses after offset ${open}`);
}

/**
 * `COMMENT ON` statements that give each object created at the top level of `file` the
 * `/** doc *\/` block right above its CREATE, so `\\df+`, `\\dv+` and database tools show it.
 * Objects a DO block creates conditionally carry no comment.
 */
export function docComments(file: CodeFile): string[] {
  const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;
  const statements: string[] = [];
  const created = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*CREATE\s+(?:OR\s+REPLACE\s+)?(?:(FUNCTION|PROCEDURE)\s+([\w."]+)\s*\(|VIEW\s+([\w."]+)|TRIGGER\s+([\w"]+)[\s\S]*?\bON\s+([\w."]+))/gi;
  for (const m of file.sql.matchAll(created)) {
    const doc = literal(docText(m[1]));
    if (m[2]) {
      const open = (m.index ?? 0) + m[0].length - 1;
      statements.push(`COMMENT ON ${m[2].toUpperCase()} ${m[3]}(${argumentsWithoutDefaults(parenthesised(file.sql, open))}) IS ${doc};`);
    } else if (m[4]) statements.push(`COMMENT ON VIEW ${m[4]} IS ${doc};`);
    else statements.push(`COMMENT ON TRIGGER ${m[5]} ON ${m[6]} IS ${doc};`);
  }
  return statements;
}

/**
 * The doc comments of the functions the SQL migrations create (the package's bookkeeping in
 * the golden_record schema), each skipped when a later migration has dropped its function.
 */
function migrationDocComments(): string[] {
  const dir = join(PACKAGE_ROOT, 'migrations');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.sql'))
    .sort()
    .flatMap((name) => docComments({ path: `migrations/${name}`, sql: readFileSync(join(dir, name), 'utf8').split('-- Down Migration')[0] }))
    .map((comment) => `DO $comment$ BEGIN ${comment} EXCEPTION WHEN undefined_function THEN NULL; END $comment$;`);
}

interface CodeObjects {
  functions: string[];
  views: string[];
  triggers: { name: string; table: string }[];
}

/** The objects sql/ defines, read from its CREATE statements, so uninstall has no second list to keep. */
export function codeLayerObjects(files = codeLayerFiles()): CodeObjects {
  const objects: CodeObjects = { functions: [], views: [], triggers: [] };
  for (const { sql } of files) {
    const code = sql.replace(/\/\*[\s\S]*?\*\//g, '').replace(/--[^\n]*/g, '');
    for (const m of code.matchAll(/CREATE\s+(?:OR\s+REPLACE\s+)?(?:FUNCTION|PROCEDURE)\s+([\w."]+)\s*\(/gi)) objects.functions.push(m[1]);
    for (const m of code.matchAll(/CREATE\s+(?:OR\s+REPLACE\s+)?VIEW\s+(?:IF\s+NOT\s+EXISTS\s+)?([\w."]+)/gi)) objects.views.push(m[1]);
    for (const m of code.matchAll(/CREATE\s+(?:OR\s+REPLACE\s+)?(?:CONSTRAINT\s+)?TRIGGER\s+([\w"]+)[\s\S]*?\bON\s+([\w."]+)/gi)) {
      objects.triggers.push({ name: m[1], table: m[2] });
    }
  }
  return objects;
}

/**
 * The SQL that removes the code layer: views first, then triggers, then the package's policies
 * (named golden_record_*, see sql/security/apply_row_security.sql), then every overload of every
 * function sql/ defines. Legacy objects the install replaced are restored by
 * golden_record.restore_replaced_objects() when the legacy upgrade defined it.
 *
 * Nothing is dropped with CASCADE: an object of the user's (a view, trigger, policy, default,
 * index or function) that uses a function or view of the code layer makes the whole removal
 * fail first with SQLSTATE 2BP01 and one line naming each such object, schema-qualified. With
 * `cascade` those objects are dropped too, each named in a WARNING.
 */
export function uninstallSql(schema: string, files = codeLayerFiles(), options: { cascade?: boolean } = {}): string {
  const { functions, views, triggers } = codeLayerObjects(files.map((f) => ({ ...f, sql: withSchema(f.sql, schema) })));
  const uniqueViews = [...new Set(views)];
  const names = [...new Set(functions.map((f) => f.replace(/"/g, '')))];
  const list = (xs: string[]) => `ARRAY[${xs.map((x) => `'${x}'`).join(', ')}]::text[]`;
  const cascade = options.cascade ? ' CASCADE' : '';
  // Every function sql/ defines (all schema-qualified), and every one the last install recorded
  // (which covers a function an older version defined elsewhere, e.g. before a move).
  const packageFunctions = `SELECT p.oid FROM pg_proc p JOIN pg_namespace s ON s.oid = p.pronamespace
     WHERE s.nspname || '.' || p.proname = ANY (${list(names)})
        OR format('%I.%I(%s)', s.nspname, p.proname, oidvectortypes(p.proargtypes)) IN (SELECT signature FROM golden_record.code_layer_functions)`;
  const packageTriggers = triggers.length
    ? triggers.map((t) => `('${t.name.replace(/"/g, '')}', to_regclass('${t.table}'))`).join(', ')
    : `(NULL::text, NULL::regclass)`;
  // Runs as the migrating superuser inside a down migration, whose search_path has the
  // application's schema: every name below is qualified or in pg_catalog, so the path is pinned
  // for the removal (a format() or unnest() planted in that schema would otherwise run with the
  // migrator's rights) and the caller's path is put back at the end.
  const parts: string[] = [
    "SELECT pg_catalog.set_config('golden_record.uninstall_search_path', pg_catalog.current_setting('search_path'), false), pg_catalog.set_config('search_path', 'pg_catalog, golden_record, pg_temp', false);",
  ];
  parts.push(`DO $$
DECLARE v_users_objects text;
BEGIN
  WITH target AS (
    SELECT 'pg_proc'::regclass AS cls, f.oid FROM (${packageFunctions}) f
    UNION ALL
    SELECT 'pg_class'::regclass, v FROM unnest(ARRAY[${uniqueViews.map((v) => `to_regclass('${v}')::oid`).join(', ')}]::oid[]) v WHERE v IS NOT NULL
  ), dependant AS (
    -- A view depends through its rewrite rule: the view is the dependant.
    SELECT CASE WHEN d.classid = 'pg_rewrite'::regclass THEN 'pg_class'::regclass ELSE d.classid END AS cls,
           CASE WHEN d.classid = 'pg_rewrite'::regclass THEN r.ev_class ELSE d.objid END AS oid,
           t.cls AS used_cls, t.oid AS used_oid
      FROM pg_depend d
      JOIN target t ON t.cls = d.refclassid AND t.oid = d.refobjid
      LEFT JOIN pg_rewrite r ON d.classid = 'pg_rewrite'::regclass AND r.oid = d.objid
     WHERE d.deptype = 'n'
  )
  SELECT string_agg(DISTINCT format('%s %s (uses %s)', i.type, i.identity, u.identity), ', ')
    INTO v_users_objects
    FROM dependant x
   CROSS JOIN LATERAL pg_identify_object(x.cls, x.oid, 0) i
   CROSS JOIN LATERAL pg_identify_object(x.used_cls, x.used_oid, 0) u
   WHERE NOT EXISTS (SELECT 1 FROM target t WHERE t.cls = x.cls AND t.oid = x.oid)
     AND NOT (x.cls = 'pg_policy'::regclass AND (SELECT polname FROM pg_policy WHERE oid = x.oid) LIKE 'golden\\_record\\_%')
     AND NOT (x.cls = 'pg_trigger'::regclass
              AND EXISTS (SELECT 1 FROM pg_trigger tg JOIN (VALUES ${packageTriggers}) AS package_trigger (name, tbl)
                            ON tg.tgname = package_trigger.name AND tg.tgrelid = package_trigger.tbl
                           WHERE tg.oid = x.oid));
  IF v_users_objects IS NULL THEN
    RETURN;
  ELSIF ${options.cascade ? 'true' : 'false'} THEN
    RAISE WARNING 'migrate down --cascade drops these objects that use the package: %', v_users_objects;
  ELSE
    RAISE EXCEPTION 'migrate down would drop objects that use the package: %; drop or change them first, or run migrate down --cascade to drop them too', v_users_objects
      USING ERRCODE = 'dependent_objects_still_exist';
  END IF;
END $$;`);
  for (const view of [...uniqueViews].reverse()) parts.push(`DROP VIEW IF EXISTS ${view}${cascade};`);
  for (const t of [...triggers].reverse()) {
    parts.push(`DO $$ BEGIN IF to_regclass('${t.table}') IS NOT NULL THEN DROP TRIGGER IF EXISTS ${t.name} ON ${t.table}; END IF; END $$;`);
  }
  parts.push(`DO $$ BEGIN
  IF to_regprocedure('golden_record.restore_replaced_objects()') IS NOT NULL THEN
    PERFORM golden_record.restore_replaced_objects();
  END IF;
END $$;`);
  parts.push(`DO $$
DECLARE
  v_policy record;
  f regprocedure;
BEGIN
  FOR v_policy IN
    SELECT DISTINCT p.polname, p.polrelid::regclass AS tbl FROM pg_policy p
      JOIN pg_depend d ON d.classid = 'pg_policy'::regclass AND d.objid = p.oid AND d.refclassid = 'pg_proc'::regclass
     WHERE p.polname LIKE 'golden\\_record\\_%' AND d.refobjid IN (${packageFunctions})
  LOOP
    EXECUTE format('DROP POLICY %I ON %s', v_policy.polname, v_policy.tbl);
  END LOOP;
  -- A function another one uses (call_analytics_default_from, in call_analytics's DEFAULT) goes last.
  FOR f IN SELECT package_function.oid::regprocedure FROM (${packageFunctions}) package_function
            ORDER BY EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.refclassid = 'pg_proc'::regclass
                                                         AND d.refobjid = package_function.oid) LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %s${cascade}', f);
  END LOOP;
END $$;`);
  parts.push('DELETE FROM golden_record.code_layer;');
  parts.push("SELECT pg_catalog.set_config('search_path', pg_catalog.current_setting('golden_record.uninstall_search_path'), false);");
  return parts.join('\n');
}
