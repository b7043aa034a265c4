import type postgres from 'postgres';

/** What one call of `link_appointments` did, and where the next batch starts. */
export interface LinkBatch {
  /** Calls visited in this batch. */
  calls: number;
  /** Appointments linked in this batch. */
  linked: number;
  /** True when no call is left after this batch. */
  done: boolean;
  /** Cursor of the next batch (null when done). */
  nextSince: string | null;
  nextAfterCallId: string | null;
}

export interface LinkAppointmentsOptions {
  /** First `calls.created_at` to visit (default: the oldest call). */
  since?: Date | string;
  /** With `since`: resume after this call among those created at `since`. */
  afterCallId?: string;
  /** Calls per batch, one transaction each (default 500). */
  batchSize?: number;
  /** Called after every batch, e.g. to show progress or save the cursor for a resume. */
  onBatch?: (batch: LinkBatch) => void;
}

export interface LinkAppointmentsTotals {
  calls: number;
  linked: number;
  batches: number;
}

interface LinkBatchRow {
  calls: number;
  linked: number;
  done: boolean;
  next_since: string | null;
  next_after_call_id: string | null;
}

/** One batch: `SELECT link_appointments(org_id, since, batch_size, after_call_id)`. */
export async function linkAppointmentsBatch(
  sql: postgres.Sql,
  orgId: string,
  options: Omit<LinkAppointmentsOptions, 'onBatch'> = {},
): Promise<LinkBatch> {
  // As text: postgres.js would turn a timestamptz parameter into a JS Date, which has no -infinity.
  const since = options.since instanceof Date ? options.since.toISOString() : (options.since ?? '-infinity');
  const [{ result }] = await sql<{ result: LinkBatchRow }[]>`
    SELECT link_appointments(${orgId}::uuid, ${since}::text::timestamptz, ${options.batchSize ?? 500}::integer, ${options.afterCallId ?? null}::uuid) AS result`;
  return {
    calls: result.calls,
    linked: result.linked,
    done: result.done,
    nextSince: result.next_since,
    nextAfterCallId: result.next_after_call_id,
  };
}

/**
 * Links an org's historical calls and appointments (rows written before the package's triggers
 * existed), batch after batch until done; each batch is its own transaction, so a stopped run
 * resumes from the last cursor `onBatch` saw (or from the start: linking is idempotent).
 */
export async function linkAppointments(
  sql: postgres.Sql,
  orgId: string,
  options: LinkAppointmentsOptions = {},
): Promise<LinkAppointmentsTotals> {
  const totals: LinkAppointmentsTotals = { calls: 0, linked: 0, batches: 0 };
  let cursor = { since: options.since, afterCallId: options.afterCallId };
  for (;;) {
    const batch = await linkAppointmentsBatch(sql, orgId, { ...cursor, batchSize: options.batchSize });
    totals.calls += batch.calls;
    totals.linked += batch.linked;
    totals.batches += 1;
    options.onBatch?.(batch);
    if (batch.done) return totals;
    cursor = { since: batch.nextSince ?? undefined, afterCallId: batch.nextAfterCallId ?? undefined };
  }
}
