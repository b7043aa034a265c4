import type { HoldStats } from './proxy.ts';
import type { BenchServer } from './database.ts';

/** Sizes of a run: `--quick` is a CI smoke test (under a minute), the full run the one recorded in BENCHMARKS.md. */
export interface Sizes {
  /** Warm-up rounds (not recorded), then measured rounds, of every ingest variant and setting. */
  ingestWarmupRounds: number;
  ingestRounds: number;
  /** Calls per ingest run (each ~2.3 deliveries: status-update, report, some redeliveries and late updates). */
  ingestCallsPerRun: number;
  /** Payloads of the bulk import, and of its warm-up (also the small run of the memory comparison). */
  bulkPayloads: number;
  bulkWarmupPayloads: number;
  dashboardCalls: number;
  dashboardOrgs: number;
  /** How deep the "deep page" is, in pages of `dashboardPageSize`. */
  dashboardDeepPage: number;
  dashboardPageSize: number;
  /** Calls of each measured query (p50/p95/p99 are over these). */
  dashboardSamples: number;
  legacyCalls: number;
  legacyWebhooksPerSecond: number;
  /** The scale workload (`--only scale`): calls, orgs, and ingest rounds per rollup setting (2 webhooks each). */
  scaleCalls: number;
  scaleOrgs: number;
  scaleIngestRounds: number;
}

export const FULL: Sizes = {
  ingestWarmupRounds: 1,
  ingestRounds: 5,
  ingestCallsPerRun: 300,
  bulkPayloads: 200_000,
  bulkWarmupPayloads: 10_000,
  dashboardCalls: 1_000_000,
  dashboardOrgs: 20,
  dashboardDeepPage: 500,
  dashboardPageSize: 50,
  dashboardSamples: 200,
  legacyCalls: 1_000_000,
  legacyWebhooksPerSecond: 50,
  scaleCalls: 10_000_000,
  scaleOrgs: 200,
  scaleIngestRounds: 150,
};

export const QUICK: Sizes = {
  ingestWarmupRounds: 1,
  ingestRounds: 1,
  ingestCallsPerRun: 40,
  bulkPayloads: 2_000,
  bulkWarmupPayloads: 500,
  dashboardCalls: 20_000,
  dashboardOrgs: 20,
  dashboardDeepPage: 20,
  dashboardPageSize: 50,
  dashboardSamples: 20,
  legacyCalls: 5_000,
  legacyWebhooksPerSecond: 50,
  scaleCalls: 20_000,
  scaleOrgs: 200,
  scaleIngestRounds: 10,
};

export interface Proxy {
  /** Port of the delaying proxy in front of the server. */
  port: number;
  /** The round trip it is asked to add, and the relative error within which a run may say so. */
  targetRoundTripMs: number;
  tolerance: number;
  /** How long it holds each response after calibration (its own wake-up and copy time make up the rest). */
  holdMs: number;
  /** Whether the proxy process runs at a raised scheduling priority (when the system allows it). */
  raisedPriority: boolean;
  /** Median round trip of `SELECT 1` direct, and what the proxy adds to it, measured at calibration. */
  rttDirectMs: number;
  addedRoundTripMs: number;
  /** Whether the added round trip is within the tolerance of the target. */
  held: boolean;
}

export interface Context {
  server: BenchServer;
  /** The migrated template database every workload clones. */
  template: string;
  sizes: Sizes;
  proxy: Proxy;
  /** How long the proxy actually held responses since the last call (then starts over). */
  proxyHolds: () => Promise<HoldStats>;
  /** Scratch directory for generated files (NDJSON), removed at the end. */
  workDir: string;
  log: (line: string) => void;
}
