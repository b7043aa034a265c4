import postgres from 'postgres';
import { createBaselineTables, minimalIngest, seedIngest } from '../baselines.ts';
import type { Context } from '../context.ts';
import { quiet } from '../database.ts';
import type { HoldStats } from '../proxy.ts';
import { explainNested, statementDiff, statementSnapshot, type StatementStats } from './explain.ts';
import { deliveriesOf, orgIds, planCalls, type CallPlan, type Delivery, type DeliveryKind } from '../payloads.ts';
import { latencySummary, median, now, round } from '../stats.ts';

/**
 * Single-webhook ingest: the same stream of deliveries (status-updates, ~4.5 KB reports,
 * redeliveries, late status-updates, with bookings made during 30% of the calls) sent one
 * delivery per statement by 1 and 4 concurrent clients, on loopback and through the delaying
 * proxy, by golden-record and by the two baselines. Every run starts from empty tables (same
 * contacts, same bookings), so every round does the same work; the order of the variants
 * rotates between rounds, and ratios are taken within a round, then the median over rounds.
 */

const VARIANTS = ['ingest', 'minimal', 'seed'] as const;
type Variant = (typeof VARIANTS)[number];
const SETTINGS = [
  { network: 'loopback', clients: 1 },
  { network: 'loopback', clients: 4 },
  { network: 'proxied', clients: 1 },
  { network: 'proxied', clients: 4 },
] as const;
type Setting = (typeof SETTINGS)[number];

interface Run {
  webhooksPerSecond: number;
  /** Through the proxy: the round trip it added during this run (see addedRoundTrip). */
  addedRoundTripMs?: number;
  proxyHolds?: HoldStats;
  latenciesMs: number[];
  /** The same latencies by kind of delivery (status-update, end-of-call-report, ...). */
  byKind: Map<DeliveryKind, number[]>;
}

const MESSAGE_TYPE = { 'status-update': 'status-update', 'late-status-update': 'status-update', 'end-of-call-report': 'end-of-call-report', redelivery: 'end-of-call-report' } as const;

const TABLES: Record<Variant, string> = {
  ingest: 'public.calls, public.appointments, public.vapi_events, public.vapi_quarantine',
  minimal: 'bench_minimal.calls, bench_minimal.vapi_events',
  seed: 'bench_seed.calls, bench_seed.appointments',
};

async function reset(sql: postgres.Sql, variant: Variant, plans: CallPlan[]): Promise<void> {
  // CASCADE: with the tables that hang off calls (cost components), whatever they are.
  await sql.unsafe(`TRUNCATE ${TABLES[variant]} CASCADE`);
  const booked = plans.filter((p) => p.booking);
  if (variant === 'ingest') {
    for (const p of booked) {
      await sql`
        INSERT INTO public.appointments (id, org_id, contact_id, scheduled_at, status, service_type, duration_minutes, created_at, vapi_call_id)
        SELECT ${p.booking!.id}::uuid, ${p.org}::uuid, ct.id, ${p.booking!.scheduledAt}, 'confirmed', ${p.booking!.serviceType}, 30,
               ${p.booking!.createdAt}, ${p.booking!.knowsCallId ? p.vapiCallId : null}
        FROM (SELECT 1) one LEFT JOIN public.contacts ct ON ct.org_id = ${p.org}::uuid AND ct.phone_number = ${p.customerNumber}`;
    }
  } else if (variant === 'seed') {
    for (const p of booked) {
      await sql`
        INSERT INTO bench_seed.appointments (id, org_id, scheduled_at, status, service_type, duration_minutes, created_at, vapi_call_id)
        VALUES (${p.booking!.id}::uuid, ${p.org}::uuid, ${p.booking!.scheduledAt}, 'confirmed', ${p.booking!.serviceType}, 30,
                ${p.booking!.createdAt}, ${p.booking!.knowsCallId ? p.vapiCallId : null})`;
    }
  }
  await sql.unsafe(`ANALYZE ${TABLES[variant]}`);
}

function lanes(plans: CallPlan[], clients: number): Delivery[][] {
  const out: Delivery[][] = Array.from({ length: clients }, () => []);
  plans.forEach((plan, i) => out[i % clients].push(...deliveriesOf(plan)));
  return out;
}

function deliver(variant: Variant, sql: postgres.Sql, d: Delivery, statuses: Map<string, number>): Promise<unknown> {
  switch (variant) {
    case 'ingest':
      return sql`SELECT ingest_vapi_call(${d.body}::text::jsonb, ${d.plan.org}::uuid) AS r`.then(([{ r }]) => {
        const status = String(r?.status);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      });
    case 'minimal':
      return minimalIngest(sql, d.body, MESSAGE_TYPE[d.kind], d.row);
    case 'seed':
      return seedIngest(sql, d.body, d.plan.org);
  }
}

/**
 * The round trip the proxy added during a run: what it added to `SELECT 1` at calibration, less
 * the hold it was set to, plus the mean hold it measured during the run (a busy machine serves
 * its wake-ups late, and that lateness is part of the round trip the clients felt).
 */
function addedRoundTrip(ctx: Context, holds: HoldStats): number {
  return ctx.proxy.addedRoundTripMs - ctx.proxy.holdMs + holds.meanMs;
}

async function runOnce(variant: Variant, clients: postgres.Sql[], work: Delivery[][], statuses: Map<string, number>): Promise<Run> {
  const latenciesMs: number[] = [];
  const byKind = new Map<DeliveryKind, number[]>();
  const start = now();
  await Promise.all(
    work.map(async (lane, i) => {
      for (const d of lane) {
        const t = now();
        await deliver(variant, clients[i], d, statuses);
        const ms = now() - t;
        latenciesMs.push(ms);
        byKind.set(d.kind, [...(byKind.get(d.kind) ?? []), ms]);
      }
    }),
  );
  const seconds = (now() - start) / 1000;
  return { webhooksPerSecond: latenciesMs.length / seconds, latenciesMs, byKind };
}

/** One-connection clients per lane, kept for the whole workload, so statements stay prepared after the warm-up. */
function connect(ctx: Context, url: string): Record<Setting['network'], postgres.Sql[]> {
  const proxied = new URL(url);
  proxied.port = String(ctx.proxy.port);
  const lanesOf = (target: string) => Array.from({ length: 4 }, () => postgres(target, { max: 1, ...quiet }));
  return { loopback: lanesOf(url), proxied: lanesOf(proxied.toString()) };
}

export interface IngestResult {
  deliveriesPerRun: number;
  callsPerRun: number;
  bookedCallsPerRun: number;
  rounds: number;
  ingestStatuses: Record<string, number>;
  settings: {
    network: Setting['network'];
    /**
     * Through the proxy: the round trip it added (median over the rounds), whether that is
     * within the tolerance of the target, and the label the rows carry: the target when it
     * held, else the round trip measured.
     */
    addedRoundTripMs: number | null;
    roundTripHeld: boolean | null;
    label: string;
    clients: number;
    webhooksPerSecond: Partial<Record<Variant, number>>;
    latency: Partial<Record<Variant, ReturnType<typeof latencySummary>>>;
    /** Median latency of each kind of delivery, per variant: where the seed's round trips show. */
    p50MsByKind: Partial<Record<Variant, Partial<Record<DeliveryKind, number>>>>;
    ingestOverMinimal: number | null;
    ingestOverSeed: number | null;
    /** Per-round ratios, to show their spread. */
    roundRatios: { ingestOverMinimal: number[]; ingestOverSeed: number[] };
  }[];
  /** After the last run: calls linked to their booking, per variant (the minimal path does not link). */
  linkedCalls: Partial<Record<Variant, number>>;
  /**
   * Where ingest's time goes, from an extra, unmeasured run (loopback, 1 client): the statements
   * inside ingest_vapi_call by pg_stat_statements (track = all; null when not loaded), and the
   * plans of every statement of one booked call's end-of-call-report (auto_explain).
   */
  profile: { statements: StatementStats[] | null; minimalStatements: StatementStats[] | null; reportPlans: string[] };
}

async function profileIngest(url: string, sql: postgres.Sql, plans: CallPlan[]): Promise<IngestResult['profile']> {
  const tracked = postgres(url, { max: 1, ...quiet, connection: { 'pg_stat_statements.track': 'all' } });
  const statementsOf = async (variant: Variant) => {
    await reset(sql, variant, plans);
    const before = await statementSnapshot(sql);
    await runOnce(variant, [tracked], lanes(plans, 1), new Map());
    return statementDiff(before, await statementSnapshot(sql));
  };
  let statements: StatementStats[] | null;
  let minimalStatements: StatementStats[] | null;
  try {
    statements = await statementsOf('ingest');
    minimalStatements = await statementsOf('minimal');
  } finally {
    await tracked.end();
  }
  await reset(sql, 'ingest', plans);
  const booked = plans.find((p) => p.booking && !p.booking.knowsCallId) ?? plans[0];
  const step = (d: Delivery) => ({ query: 'SELECT ingest_vapi_call($1::text::jsonb, $2::uuid)', params: [d.body, d.plan.org] });
  const warm = plans.filter((p) => p !== booked).slice(0, 3).flatMap(deliveriesOf);
  const [update, report] = deliveriesOf(booked);
  return { statements, minimalStatements, reportPlans: await explainNested(url, [...warm, update, report].map(step)) };
}

export async function ingestWorkload(ctx: Context): Promise<IngestResult> {
  const url = await ctx.server.createDatabase('gr_bench_ingest', ctx.template);
  const sql = postgres(url, { max: 2, ...quiet });
  let clients: ReturnType<typeof connect> | undefined;
  try {
    await createBaselineTables(sql);

    const plans = planCalls({ seed: 7, count: ctx.sizes.ingestCallsPerRun, orgs: orgIds(4) });
    for (const p of plans.filter((p) => p.hasContact)) {
      await sql`
        INSERT INTO public.contacts (org_id, phone_number, name)
        VALUES (${p.org}::uuid, ${p.customerNumber}, ${p.customerName ?? 'Caller'})
        ON CONFLICT DO NOTHING`;
    }
    const work = new Map(SETTINGS.map((s) => [s, lanes(plans, s.clients)]));
    const deliveriesPerRun = work.get(SETTINGS[0])!.flat().length;
    const runs = new Map<string, Run[]>();
    const statuses = new Map<string, number>();
    const totalRounds = ctx.sizes.ingestWarmupRounds + ctx.sizes.ingestRounds;
    clients = connect(ctx, url);

    for (let round = 0; round < totalRounds; round++) {
      const measured = round >= ctx.sizes.ingestWarmupRounds;
      const order = VARIANTS.map((_, i) => VARIANTS[(i + round) % VARIANTS.length]);
      for (const setting of SETTINGS) {
        for (const variant of order) {
          await reset(sql, variant, plans);
          const proxied = setting.network === 'proxied';
          if (proxied) await ctx.proxyHolds();
          const run = await runOnce(variant, clients[setting.network], work.get(setting)!, measured ? statuses : new Map());
          if (proxied) {
            run.proxyHolds = await ctx.proxyHolds();
            run.addedRoundTripMs = addedRoundTrip(ctx, run.proxyHolds);
          }
          const [{ n }] = await sql.unsafe(`SELECT count(*)::int AS n FROM ${TABLES[variant].split(',')[0]}`);
          if (n !== plans.length) throw new Error(`ingest (${variant}): expected ${plans.length} calls rows after a run, found ${n}`);
          if (measured) {
            const key = `${setting.network}/${setting.clients}/${variant}`;
            runs.set(key, [...(runs.get(key) ?? []), run]);
          }
        }
      }
      ctx.log(`ingest: round ${round + 1}/${totalRounds}${measured ? '' : ' (warm-up)'} done`);
    }

    const linkedCalls: IngestResult['linkedCalls'] = {};
    for (const variant of VARIANTS.filter((v) => v !== 'minimal')) {
      const schema = variant === 'ingest' ? 'public' : 'bench_seed';
      const [{ n }] = await sql.unsafe(`SELECT count(*)::int AS n FROM ${schema}.calls WHERE appointment_id IS NOT NULL`);
      linkedCalls[variant] = n;
    }
    const profile = await profileIngest(url, sql, plans);

    const settings = SETTINGS.map((setting) => {
      const of = (v: Variant) => runs.get(`${setting.network}/${setting.clients}/${v}`) ?? [];
      const ratios = (a: Variant, b: Variant) =>
        of(a).length && of(b).length ? of(a).map((run, i) => round(run.webhooksPerSecond / of(b)[i].webhooksPerSecond, 3)) : [];
      const webhooksPerSecond: IngestResult['settings'][number]['webhooksPerSecond'] = {};
      const latency: IngestResult['settings'][number]['latency'] = {};
      const p50MsByKind: IngestResult['settings'][number]['p50MsByKind'] = {};
      for (const v of VARIANTS) {
        webhooksPerSecond[v] = round(median(of(v).map((r) => r.webhooksPerSecond)), 1);
        latency[v] = latencySummary(of(v).flatMap((r) => r.latenciesMs));
        const kinds = [...new Set(of(v).flatMap((r) => [...r.byKind.keys()]))];
        p50MsByKind[v] = Object.fromEntries(kinds.map((k) => [k, round(median(of(v).flatMap((r) => r.byKind.get(k) ?? [])), 3)]));
      }
      const overMinimal = ratios('ingest', 'minimal');
      const overSeed = ratios('ingest', 'seed');
      const added = VARIANTS.flatMap((v) => of(v).map((r) => r.addedRoundTripMs ?? NaN)).filter(Number.isFinite);
      const addedRoundTripMs = added.length ? round(median(added), 3) : null;
      const roundTripHeld = addedRoundTripMs === null ? null : Math.abs(addedRoundTripMs - ctx.proxy.targetRoundTripMs) <= ctx.proxy.tolerance * ctx.proxy.targetRoundTripMs;
      return {
        network: setting.network,
        addedRoundTripMs,
        roundTripHeld,
        label: roundTripHeld === null ? 'loopback' : roundTripHeld ? `${ctx.proxy.targetRoundTripMs} ms` : `${addedRoundTripMs} ms (not ${ctx.proxy.targetRoundTripMs} ms)`,
        clients: setting.clients,
        webhooksPerSecond,
        latency,
        p50MsByKind,
        ingestOverMinimal: overMinimal.length ? round(median(overMinimal), 3) : null,
        ingestOverSeed: overSeed.length ? round(median(overSeed), 3) : null,
        roundRatios: { ingestOverMinimal: overMinimal, ingestOverSeed: overSeed },
      };
    });

    return {
      deliveriesPerRun,
      callsPerRun: plans.length,
      bookedCallsPerRun: plans.filter((p) => p.booking).length,
      rounds: ctx.sizes.ingestRounds,
      ingestStatuses: Object.fromEntries(statuses),
      settings,
      linkedCalls,
      profile,
    };
  } finally {
    await Promise.all(Object.values(clients ?? {}).flat().map((c) => c.end()));
    await sql.end();
    await ctx.server.dropDatabase('gr_bench_ingest');
  }
}
