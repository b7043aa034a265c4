import postgres from 'postgres';
import { quiet } from '../database.ts';
import { round } from '../stats.ts';

/**
 * What bounds a function's time, from inside it: plpgsql runs its statements out of sight of
 * a plain EXPLAIN, so these use auto_explain (nested statements, ANALYZE + BUFFERS, sent to
 * the client as LOG notices) and pg_stat_statements (track = all, a diff over the bench's own
 * database, so a shared server's statistics are neither reset nor mixed in).
 */

/**
 * The plans of every statement the last of `steps` runs, nested ones included (the earlier steps
 * warm the session up: plpgsql compiles a function on its first call); a note when auto_explain
 * cannot be loaded.
 */
export async function explainNested(url: string, steps: { query: string; params: unknown[] }[]): Promise<string[]> {
  let plans: string[] = [];
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
    for (const step of steps) {
      plans = [];
      await sql.unsafe(step.query, step.params as postgres.ParameterOrJSON<never>[]);
    }
    return plans;
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

type Snapshot = Map<string, { query: string; calls: number; total: number; rows: number; hit: number; read: number }>;

/** pg_stat_statements of the current database, or null when the server does not preload it. */
export async function statementSnapshot(sql: postgres.Sql): Promise<Snapshot | null> {
  try {
    await sql`CREATE EXTENSION IF NOT EXISTS pg_stat_statements`;
    const rows = await sql`
      SELECT queryid::text AS id, query, calls::float8 AS calls, total_exec_time AS total, rows::float8 AS rows,
             shared_blks_hit::float8 AS hit, shared_blks_read::float8 AS read
      FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())`;
    return new Map(rows.map((r) => [r.id, r as unknown as Snapshot extends Map<string, infer V> ? V : never]));
  } catch {
    return null;
  }
}

/** The statements run between two snapshots, slowest in total first. */
export function statementDiff(before: Snapshot | null, after: Snapshot | null, top = 12): StatementStats[] | null {
  if (!before || !after) return null;
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
  return stats.sort((x, y) => y.totalMs - x.totalMs).slice(0, top);
}

/**
 * Runs `work` on `sql` (a one-connection client) with pg_stat_statements.track = all (nested
 * statements too) and returns the statements it ran; null when pg_stat_statements is not loaded.
 */
export async function captureStatements(sql: postgres.Sql, work: () => Promise<void>): Promise<StatementStats[] | null> {
  const before = await statementSnapshot(sql);
  if (before) await sql`SET pg_stat_statements.track = 'all'`;
  await work();
  if (!before) return null;
  await sql`RESET pg_stat_statements.track`;
  return statementDiff(before, await statementSnapshot(sql));
}
