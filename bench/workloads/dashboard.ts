import { PerformanceObserver } from 'node:perf_hooks';
import postgres from 'postgres';
import type { Context } from '../context.ts';
import { quiet, withIndexesRebuilt } from '../database.ts';
import { orgIds } from '../payloads.ts';
import { latencySummary, now, round } from '../stats.ts';
import { captureStatements, explainNested } from './explain.ts';

/**
 * Dashboard reads at scale: `calls` filled set-based in SQL (not through ingest) with a year
 * of history over 20 orgs, one of them holding 40% of the calls, a quarter of the calls
 * booked; then `calls_dashboard_list` for the biggest org, first page and a page deep in the
 * list (reached through the cursor), with and without filters, and `call_analytics` over the
 * last 30 days, each called `samples` times in a row from one client on loopback. Each page is
 * also timed inside the server (the function's own time, without the wire), and the samples
 * that a GC pause of this measuring process overlapped are counted: a p99 of 200 samples is
 * their third slowest (nearest rank), where a young-generation collection of the client lands.
 */

export interface DashboardResult {
  calls: number;
  orgs: number;
  biggestOrgCalls: number;
  generateSeconds: number;
  samples: number;
  pages: ({
    name: string;
    rows: number;
    /** Samples during which this (the measuring) process paused for garbage collection. */
    duringClientGc: number;
    /** The function's own time in the server, `samples` calls: clock_timestamp() around it. */
    server: ReturnType<typeof latencySummary>;
  } & ReturnType<typeof latencySummary>)[];
  analytics: { calls: number } & ReturnType<typeof latencySummary>;
  /** Plans of the statements inside the functions (auto_explain, ANALYZE + BUFFERS), one call each. */
  plans: Record<string, string[]>;
  /** pg_stat_statements (track = all) over the measured calls, slowest statements first; null when not loaded. */
  statements: Awaited<ReturnType<typeof captureStatements>>;
}

/**
 * The data set, in a few set-based statements. Triggers (and FK checks) are off while loading,
 * so each org's rollups are then built in one scan (what the first write of an org does after
 * an upgrade); returns the seconds that build took. Ends with a checkpoint, so the load's
 * writes are not flushed during the measured calls. The scale workload loads the same way.
 */
export async function generate(sql: postgres.Sql, calls: number, orgs: string[]): Promise<number> {
  await sql.begin(async (tx) => {
    await tx`SET LOCAL session_replication_role = replica`;
    await tx`SET LOCAL maintenance_work_mem = '256MB'`;
    await withIndexesRebuilt(tx, ['calls', 'appointments', 'contacts'], () => load(tx, calls, orgs));
  });
  await sql`VACUUM (ANALYZE) contacts`;
  await sql`VACUUM (ANALYZE) appointments`;
  await sql`VACUUM (ANALYZE) calls`;
  const t = now();
  await sql`SELECT golden_record._call_rollups_build(o) FROM unnest(${orgs}::uuid[]) o`;
  await sql`VACUUM (ANALYZE) call_rollups`;
  const seconds = round((now() - t) / 1000, 1);
  await sql`CHECKPOINT`;
  return seconds;
}

async function load(tx: postgres.TransactionSql, calls: number, orgs: string[]): Promise<void> {
  await tx`
    INSERT INTO contacts (id, org_id, phone_number, name)
    SELECT md5('contact-' || o || '-' || k)::uuid, (${orgs}::uuid[])[o], '+1555' || lpad(o::text, 2, '0') || lpad(k::text, 5, '0'),
           (ARRAY['Ana Silva', 'Ben O''Brien', 'Chloé Nguyen', 'Dmitri Kowalski', 'Emeka Okafor', 'Fatima Haddad'])[1 + k % 6] || ' ' || k
    FROM generate_series(1, ${orgs.length}) o, generate_series(0, 999) k`;
  // Call i: org 1 for 40% of the calls, the others evenly; created over the last 365 days.
  await tx`
    CREATE TEMP TABLE bench_gen ON COMMIT DROP AS
    SELECT i,
           CASE WHEN i % 5 < 2 THEN 1 ELSE 2 + i % ${orgs.length - 1} END AS o,
           now() - make_interval(secs => (i::bigint * 7919) % 31536000) AS created_at
    FROM generate_series(1, ${calls}) i`;
  await tx`
    INSERT INTO appointments (id, org_id, contact_id, scheduled_at, status, service_type, duration_minutes, call_id, vapi_call_id, created_at)
    SELECT md5('appointment-' || i)::uuid, (${orgs}::uuid[])[o], md5('contact-' || o || '-' || (i % 1000))::uuid,
           created_at + interval '3 days', (ARRAY['confirmed', 'completed', 'cancelled'])[1 + i % 3],
           (ARRAY['cleaning', 'checkup', 'whitening', 'consultation', 'filling'])[1 + i % 5], 30,
           md5('call-' || i)::uuid, 'bench-' || i, created_at + interval '2 minutes'
    FROM bench_gen WHERE i % 4 = 0`;
  await tx`
    INSERT INTO calls (id, org_id, vapi_call_id, direction, phone_number, caller_name, contact_id, status, started_at,
                       ended_at, duration_seconds, cost_cents, cost_breakdown, ended_reason, tools_used, appointment_id,
                       recording_url, transcript, summary, metadata, created_at, updated_at)
    SELECT md5('call-' || i)::uuid, (${orgs}::uuid[])[o], 'bench-' || i,
           CASE WHEN i % 10 < 7 THEN 'inbound' WHEN i % 10 < 9 THEN 'outbound' ELSE 'web' END,
           CASE WHEN i % 10 < 9 THEN '+1555' || lpad(o::text, 2, '0') || lpad((i % 1000)::text, 5, '0') END,
           CASE WHEN i % 3 = 0 THEN 'Caller ' || i % 1000 END,
           CASE WHEN i % 2 = 0 THEN md5('contact-' || o || '-' || (i % 1000))::uuid END,
           'ended',
           CASE WHEN i % 13 <> 0 THEN created_at END,
           created_at + make_interval(secs => 15 + (i * 37) % 480),
           15 + (i * 37) % 480,
           CASE WHEN i % 50 = 0 THEN NULL WHEN i % 33 = 0 THEN 0 ELSE 1 + (i * 13) % 150 END,
           jsonb_build_object('llm', (i % 70) / 100.0, 'stt', (i % 20) / 100.0, 'total', ((i * 13) % 150) / 100.0),
           (ARRAY['customer-ended-call', 'assistant-ended-call', 'silence-timed-out', 'assistant-forwarded-call',
                  'customer-did-not-answer', 'voicemail', 'exceeded-max-duration', 'customer-busy',
                  'pipeline-error-openai-llm-failed'])[1 + i % 9],
           CASE WHEN i % 4 = 0 THEN ARRAY['lookupCustomer', 'checkAvailability', 'bookAppointment']
                WHEN i % 4 = 1 THEN ARRAY['lookupCustomer', 'checkAvailability']
                WHEN i % 4 = 2 THEN ARRAY['lookupCustomer', 'transferCall']
                ELSE ARRAY['endCall'] END,
           CASE WHEN i % 4 = 0 THEN md5('appointment-' || i)::uuid END,
           'https://storage.vapi.ai/bench-' || i || '-recording.wav',
           repeat('AI: Bright Smile Dental, this is Riley. How can I help? User: I would like to book a cleaning. ', 6),
           'The caller asked about a cleaning; ' || CASE WHEN i % 4 = 0 THEN 'an appointment was booked.' ELSE 'nothing was booked.' END,
           jsonb_build_object('clinicId', o),
           created_at, created_at + interval '1 minute'
    FROM bench_gen`;
}

/**
 * `samples` timed calls of `call` in a row, after a warm-up; with how many of them a GC pause
 * of this process overlapped (the pause delays the client, not the server).
 */
export async function sample(samples: number, call: () => Promise<unknown>): Promise<{ ms: number[]; duringClientGc: number }> {
  for (let i = 0; i < Math.min(20, samples); i++) await call();
  const pauses: [number, number][] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) pauses.push([e.startTime, e.startTime + e.duration]);
  });
  observer.observe({ entryTypes: ['gc'] });
  const spans: [number, number][] = [];
  for (let i = 0; i < samples; i++) {
    const t = now();
    await call();
    spans.push([t, now()]);
  }
  // GC entries are delivered after the fact.
  await new Promise((resolve) => setTimeout(resolve, 10));
  observer.disconnect();
  const duringClientGc = spans.filter(([start, end]) => pauses.some(([from, to]) => from < end && to > start)).length;
  return { ms: spans.map(([start, end]) => end - start), duringClientGc };
}

export async function dashboardWorkload(ctx: Context): Promise<DashboardResult> {
  const name = 'gr_bench_dashboard';
  const url = await ctx.server.createDatabase(name, ctx.template);
  const sql = postgres(url, { max: 1, ...quiet });
  try {
    const { dashboardCalls: calls, dashboardOrgs, dashboardDeepPage: deep, dashboardPageSize: size, dashboardSamples: samples } = ctx.sizes;
    const orgs = orgIds(dashboardOrgs);
    const big = orgs[0];
    ctx.log(`dashboard: generating ${calls} calls`);
    const t = now();
    await generate(sql, calls, orgs);
    const generateSeconds = round((now() - t) / 1000, 1);
    const [{ n: biggestOrgCalls }] = await sql`SELECT count(*)::int AS n FROM calls WHERE org_id = ${big}::uuid`;

    const list = (filters: object, cursor: string | null) =>
      sql`SELECT calls_dashboard_list(${big}::uuid, ${JSON.stringify(filters)}::text::jsonb, ${size}::int, ${cursor}) AS page`.then(([r]) => r.page as { items: unknown[]; next_cursor: string | null });
    // The function's own time: clock_timestamp() before it (the first CTE) and after it.
    const serverMs = (filters: object, cursor: string | null) =>
      sql`
        WITH t AS MATERIALIZED (SELECT clock_timestamp() AS t0),
             p AS MATERIALIZED (SELECT calls_dashboard_list(${big}::uuid, ${JSON.stringify(filters)}::text::jsonb, ${size}::int, ${cursor}) AS page FROM t)
        SELECT (extract(epoch FROM clock_timestamp() - t.t0) * 1000)::float8 AS ms FROM t, p`.then(([r]) => r.ms as number);
    const cursorAt = async (filters: object, page: number) => {
      let cursor: string | null = null;
      for (let p = 1; p < page; p++) {
        cursor = (await list(filters, cursor)).next_cursor;
        if (!cursor) throw new Error(`dashboard: the list ends before page ${page} (filters ${JSON.stringify(filters)})`);
      }
      return cursor;
    };

    const filtered = { direction: 'inbound', has_appointment: true };
    const cases = [
      { name: 'first page, no filters', filters: {}, page: 1 },
      { name: `page ${deep}, no filters`, filters: {}, page: deep },
      { name: 'first page, inbound + booked', filters: filtered, page: 1 },
      { name: `page ${deep}, inbound + booked`, filters: filtered, page: deep },
    ];
    const pages: DashboardResult['pages'] = [];
    const plans: Record<string, string[]> = {};
    const since = new Date(Date.now() - 30 * 86_400_000);
    const analyticsCall = () => sql`SELECT call_analytics(${big}::uuid, ${since}, now()) AS a`.then(([r]) => r.a as { total_calls: number });

    let analytics: DashboardResult['analytics'] | undefined;
    const statements = await captureStatements(sql, async () => {
      for (const c of cases) {
        const cursor = await cursorAt(c.filters, c.page);
        const rows = (await list(c.filters, cursor)).items.length;
        if (rows !== size) throw new Error(`dashboard: ${c.name} returned ${rows} items, expected ${size}`);
        const client = await sample(samples, () => list(c.filters, cursor));
        const server: number[] = [];
        for (let i = 0; i < samples; i++) server.push(await serverMs(c.filters, cursor));
        pages.push({ name: c.name, rows, ...latencySummary(client.ms), duringClientGc: client.duringClientGc, server: latencySummary(server) });
        const page = pages.at(-1)!;
        ctx.log(`dashboard: ${c.name}: p99 ${page.p99Ms} ms (${page.duringClientGc} samples during a client GC), server p50 ${page.server.p50Ms} ms`);
      }
      analytics = { calls: (await analyticsCall()).total_calls, ...latencySummary((await sample(samples, analyticsCall)).ms) };
      ctx.log(`dashboard: call_analytics 30 days: p99 ${analytics.p99Ms} ms`);
    });
    for (const c of cases) {
      const cursor = await cursorAt(c.filters, c.page);
      const step = { query: 'SELECT calls_dashboard_list($1::uuid, $2::text::jsonb, $3::int, $4)', params: [big, JSON.stringify(c.filters), size, cursor] };
      plans[c.name] = await explainNested(url, [step, step]);
    }
    const analyticsStep = { query: 'SELECT call_analytics($1::uuid, $2::timestamptz, now())', params: [big, since.toISOString()] };
    plans['call_analytics, 30 days'] = await explainNested(url, [analyticsStep, analyticsStep]);

    return { calls, orgs: dashboardOrgs, biggestOrgCalls, generateSeconds, samples, pages, analytics: analytics!, plans, statements };
  } finally {
    await sql.end();
    await ctx.server.dropDatabase(name);
  }
}
