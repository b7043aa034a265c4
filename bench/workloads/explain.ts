import postgres from 'postgres';
import { quiet } from '../database.ts';
import { round } from '../stats.ts';

/**
 * What bounds a function's time, from inside it: plpgsql runs its statements out of sight of
 * a plain EXPLAIN, so these use auto_explain (nested statements, ANALYZE + BUFFERS, sent to
 * the client as LOG notices) and pg_stat_statements (track = all, a diff over the bench's own
 * database, so a shared server's statistics are neither reset nor mixed in).
 */

/** The plans of every statement `query` runs, nested ones included; a note when auto_explain cannot be loaded. */
export async function explainNested(url: string, query: string, params: unknown[]): Promise<string[]> {
  const plans: string[] = [];
  const sql = postgres(url, {
    max: 1,
    onnotice: (notice) => {
      if (/^duration: /.test(String(notice.message))) plans.push(String(notice.message));
    },
  });
  try {
    try {
      await sql.unsafe(`LOAD 'auto_explain'`);
    } catch (error) {
      return [`auto_explain not available: ${(error as Error).message}`];
    }
    await sql.unsafe(`
      SET auto_explain.log_min_duration = 0;
      SET auto_explain.log_analyze = on;
      SET auto_explain.log_buffers = on;
      SET auto_explain.log_nested_statements = on;
      SET client_min_messages = log`);
    await sql.unsafe(query, params as postgres.ParameterOrJSON<never>[]);
    // The outermost statement (the function call itself) says nothing the nested ones do not.
    return plans.length > 1 ? plans.slice(0, -1) : plans;
  } finally {
    await sql.end();
  }
}

export interface StatementStats {
  query: string;
  calls: number;
  meanMs: number;
  totalMs: number;
  rowsPerCall: number;
  sharedBlocksHitPerCall: number;
  sharedBlocksReadPerCall: number;
}

/**
 * Runs `work` on `sql` (a one-connection client) with pg_stat_statements.track = all and returns
 * the statements of this database it ran, slowest in total first; null when pg_stat_statements
 * is not preloaded on the server.
 */
export async function captureStatements(sql: postgres.Sql, work: () => Promise<void>): Promise<StatementStats[] | null> {
  let available = true;
  try {
    await sql`CREATE EXTENSION IF NOT EXISTS pg_stat_statements`;
    await sql`SELECT 1 FROM pg_stat_statements LIMIT 1`;
    await sql`SET pg_stat_statements.track = 'all'`;
  } catch {
    available = false;
  }
  const snapshot = async () =>
    new Map(
      (
        await sql`
          SELECT queryid::text AS id, query, calls::float8 AS calls, total_exec_time AS total, rows::float8 AS rows,
                 shared_blks_hit::float8 AS hit, shared_blks_read::float8 AS read
          FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())`
      ).map((r) => [r.id, r]),
    );
  const before = available ? await snapshot() : new Map();
  await work();
  if (!available) return null;
  const after = await snapshot();
  await sql`SET pg_stat_statements.track = 'top'`;
  const stats: StatementStats[] = [];
  for (const [id, a] of after) {
    const b = before.get(id) ?? { calls: 0, total: 0, rows: 0, hit: 0, read: 0 };
    const calls = a.calls - b.calls;
    if (calls <= 0 || /pg_stat_statements/.test(a.query)) continue;
    stats.push({
      query: String(a.query).replace(/\s+/g, ' ').slice(0, 400),
      calls,
      meanMs: round((a.total - b.total) / calls, 3),
      totalMs: round(a.total - b.total, 1),
      rowsPerCall: round((a.rows - b.rows) / calls, 1),
      sharedBlocksHitPerCall: round((a.hit - b.hit) / calls, 1),
      sharedBlocksReadPerCall: round((a.read - b.read) / calls, 1),
    });
  }
  return stats.sort((x, y) => y.totalMs - x.totalMs).slice(0, 12);
}
