import postgres from 'postgres';
import type { Context } from '../context.ts';
import { quiet } from '../database.ts';
import { endOfCallReport, orgIds, planCalls } from '../payloads.ts';
import { latencySummary, now, round } from '../stats.ts';
import { generate, sample } from './dashboard.ts';

/**
 * The scale workload (`npm run bench -- --only scale`, never part of the default or --quick
 * runs): `scaleCalls` calls over `scaleOrgs` orgs (the biggest with 40%) generated set-based
 * like the dashboard workload, each org's rollups built, then
 * - dashboard pages (first page and page `dashboardDeepPage`) of the biggest org, p99;
 * - `call_analytics` of the biggest org over 30 days and a year, p99, and the same figures read
 *   from the calls alone (rollups marked stale) compared to the cent and the call;
 * - single-webhook ingest (end-of-call reports of new calls of the biggest org, one per
 *   transaction, from one client) with the rollup triggers on and off, alternating rounds.
 */

export interface ScaleResult {
  calls: number;
  orgs: number;
  biggestOrgCalls: number;
  generateSeconds: number;
  rollupBuildSeconds: number;
  rollupRows: number;
  pages: ({ name: string } & ReturnType<typeof latencySummary>)[];
  analytics: ({ name: string; calls: number; callsOnlyP50Ms: number; exact: boolean } & ReturnType<typeof latencySummary>)[];
  ingest: { rollups: 'on' | 'off'; meanMs: number; p50Ms: number; p99Ms: number; samples: number }[];
  ingestSlowdownPercent: number;
}

const ROLLUP_TRIGGERS = ['calls_rollup_insert', 'calls_rollup_update', 'calls_rollup_delete'];

export async function scaleWorkload(ctx: Context): Promise<ScaleResult> {
  const name = 'gr_bench_scale';
  const url = await ctx.server.createDatabase(name, ctx.template);
  const sql = postgres(url, { max: 1, ...quiet });
  try {
    const { scaleCalls: calls, scaleOrgs, dashboardDeepPage: deep, dashboardPageSize: size, dashboardSamples: samples, scaleIngestRounds } = ctx.sizes;
    const orgs = orgIds(scaleOrgs);
    const big = orgs[0];
    ctx.log(`scale: generating ${calls} calls over ${scaleOrgs} orgs`);
    const t = now();
    const rollupBuildSeconds = await generate(sql, calls, orgs);
    const generateSeconds = round((now() - t) / 1000 - rollupBuildSeconds, 1);
    const [{ n: biggestOrgCalls }] = await sql`SELECT count(*)::int AS n FROM calls WHERE org_id = ${big}::uuid`;
    const [{ n: rollupRows }] = await sql`SELECT count(*)::int AS n FROM call_rollups`;
    ctx.log(`scale: generated in ${generateSeconds} s, rollups built in ${rollupBuildSeconds} s (${rollupRows} rows)`);

    const list = (cursor: string | null) =>
      sql`SELECT calls_dashboard_list(${big}::uuid, '{}'::jsonb, ${size}::int, ${cursor}) AS page`.then(([r]) => r.page as { next_cursor: string | null });
    let cursor: string | null = null;
    for (let p = 1; p < deep; p++) cursor = (await list(cursor)).next_cursor;
    const deepCursor = cursor;
    const pages = [
      { name: 'first page, no filters', ...latencySummary((await sample(samples, () => list(null))).ms) },
      { name: `page ${deep}, no filters`, ...latencySummary((await sample(samples, () => list(deepCursor))).ms) },
    ];
    for (const page of pages) ctx.log(`scale: ${page.name}: p99 ${page.p99Ms} ms`);

    const analytics: ScaleResult['analytics'] = [];
    for (const days of [30, 365]) {
      // A fixed period (ending now, not at each call's now()), so both readings answer the same question.
      const until = new Date();
      const since = new Date(until.getTime() - days * 86_400_000);
      const call = () => sql`SELECT call_analytics(${big}::uuid, ${since}, ${until}) AS a`.then(([r]) => r.a as { total_calls: number });
      const fromRollups = await call();
      const summary = latencySummary((await sample(samples, call)).ms);
      // The same figures from the calls alone: the org's rollups marked stale meanwhile (nothing writes).
      await sql`UPDATE call_rollup_orgs SET time_zone = 'stale' WHERE org_id = ${big}::uuid`;
      const fromCalls = await call();
      const callsOnlyP50Ms = latencySummary((await sample(Math.min(samples, 10), call)).ms).p50Ms;
      await sql`UPDATE call_rollup_orgs SET time_zone = golden_record._org_time_zone(org_id) WHERE org_id = ${big}::uuid`;
      const exact = JSON.stringify(fromRollups) === JSON.stringify(fromCalls);
      analytics.push({ name: `call_analytics, ${days} days, biggest org`, calls: fromRollups.total_calls, callsOnlyP50Ms, exact, ...summary });
      ctx.log(`scale: call_analytics ${days} days: p99 ${summary.p99Ms} ms (calls only: p50 ${callsOnlyP50Ms} ms), exact: ${exact}`);
    }

    // Single-webhook ingest, rollups on and off in alternating rounds (same payload shape).
    const plans = planCalls({ seed: 18, count: scaleIngestRounds * 2 * 2, orgs: [big], prefix: 'scale-ingest' });
    const ingestMs: Record<'on' | 'off', number[]> = { on: [], off: [] };
    let next = 0;
    for (let round = 0; round < scaleIngestRounds * 2; round++) {
      const setting = round % 2 === 0 ? 'on' : 'off';
      for (const trigger of ROLLUP_TRIGGERS) await sql.unsafe(`ALTER TABLE calls ${setting === 'on' ? 'ENABLE' : 'DISABLE'} TRIGGER ${trigger}`);
      for (let i = 0; i < 2; i++) {
        const body = endOfCallReport(plans[next++]);
        const t0 = now();
        await sql`SELECT ingest_vapi_call(${body}::text, ${big}::uuid)`;
        if (round >= 2) ingestMs[setting].push(now() - t0);
      }
    }
    for (const trigger of ROLLUP_TRIGGERS) await sql.unsafe(`ALTER TABLE calls ENABLE TRIGGER ${trigger}`);
    const ingest = (['on', 'off'] as const).map((setting) => {
      const ms = ingestMs[setting];
      const s = latencySummary(ms);
      return { rollups: setting, meanMs: round(ms.reduce((a, b) => a + b, 0) / ms.length, 3), p50Ms: s.p50Ms, p99Ms: s.p99Ms, samples: ms.length };
    });
    const ingestSlowdownPercent = round((ingest[0].p50Ms / ingest[1].p50Ms - 1) * 100, 1);
    ctx.log(`scale: single-webhook ingest p50 ${ingest[0].p50Ms} ms with rollups, ${ingest[1].p50Ms} ms without (${ingestSlowdownPercent}%)`);

    return { calls, orgs: scaleOrgs, biggestOrgCalls, generateSeconds, rollupBuildSeconds, rollupRows, pages, analytics, ingest, ingestSlowdownPercent };
  } finally {
    await sql.end();
    await ctx.server.dropDatabase(name);
  }
}
