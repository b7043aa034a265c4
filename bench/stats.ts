/** Small numeric helpers of the bench: percentiles, medians, rounding, timing. */

export const now = () => performance.now();

/** The p-th percentile (0..100) by nearest rank. */
export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export const median = (values: number[]) => percentile(values, 50);

export function round(value: number, digits = 2): number {
  if (!Number.isFinite(value)) return value;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function latencySummary(samplesMs: number[]) {
  return {
    samples: samplesMs.length,
    p50Ms: round(percentile(samplesMs, 50), 3),
    p95Ms: round(percentile(samplesMs, 95), 3),
    p99Ms: round(percentile(samplesMs, 99), 3),
    maxMs: round(Math.max(...samplesMs), 3),
  };
}

export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = now();
  const value = await work();
  return { ms: now() - start, value };
}

export const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));
