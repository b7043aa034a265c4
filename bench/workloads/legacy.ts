import type { Context, Outcome } from '../context.ts';

export interface LegacyResult {
  calls: number;
  migrateSeconds: number;
  backfillSeconds: number;
  totalSeconds: number;
  longestLockWaitMs: number;
  writes: { targetPerSecond: number; done: number; failed: number; p99Ms: number; maxMs: number };
}

export async function legacyWorkload(_ctx: Context): Promise<Outcome<LegacyResult>> {
  return { status: 'skipped', reason: 'the legacy upgrade (issue 6) has not landed yet' };
}
