import type postgres from 'postgres';

/** What one call of `link_appointments` did, and where the next batch starts. */
export interface LinkBatch {
  /** Calls visited in this batch. */
  calls: number;
  /** Appointments linked in this batch. */
  linked: number;
  /** True when no call is left after this batch. */
  done: boolean;
  /** Opaque cursor of the next batch (null when done). */
  nextCursor: string | null;
}

export interface LinkAppointmentsOptions {
  /** Resume from this `nextCursor` of an earlier batch (default: from the oldest call). */
  cursor?: string;
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
  next_cursor: string | null;
}

/** One batch: `SELECT link_appointments(org_id, cursor, batch_size)`. */
export async function linkAppointmentsBatch(
  sql: postgres.Sql,
  orgId: string,
  options: Omit<LinkAppointmentsOptions, 'onBatch'> = {},
): Promise<LinkBatch> {
  const [{ result }] = await sql<{ result: LinkBatchRow }[]>`
    SELECT link_appointments(${orgId}::uuid, ${options.cursor ?? null}::text, ${options.batchSize ?? 500}::integer) AS result`;
  return { calls: result.calls, linked: result.linked, done: result.done, nextCursor: result.next_cursor };
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
  let cursor = options.cursor;
  for (;;) {
    const batch = await linkAppointmentsBatch(sql, orgId, { cursor, batchSize: options.batchSize });
    totals.calls += batch.calls;
    totals.linked += batch.linked;
    totals.batches += 1;
    options.onBatch?.(batch);
    if (batch.done) return totals;
    cursor = batch.nextCursor ?? undefined;
  }
}
