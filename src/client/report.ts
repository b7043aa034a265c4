import type postgres from 'postgres';
import { actingFor, type CallAnalytics } from './dashboard.ts';

/** One bucket (day, week or month) of the cost per booked appointment over time. */
export interface CostPerBookingBucket {
  /** First day of the bucket (may lie before the period for the first week or month). */
  start: string;
  /** Days of the period in the bucket. */
  days: number;
  cost_cents: number;
  appointments_booked: number;
  /** Rounded to 2 decimals of a cent; null in a bucket without bookings. */
  cost_per_booked_appointment_cents: number | null;
}

export interface QuarantineSide {
  /** Deliveries quarantined in the period. */
  deliveries: number;
  /** Deliveries not replayed yet, received at any time. */
  waiting: number;
  reasons: { reason: string; deliveries: number; waiting: number }[];
}

/** What `call_report` returns (sql/dashboard/call_report.sql): everything the HTML report draws. */
export interface CallReport {
  analytics: CallAnalytics;
  /** The ten most frequent ended reasons (analytics.ended_reasons' order), and what the rest hold. */
  ended_reasons: { top: CallAnalytics['ended_reasons']; other_reasons: number; other_calls: number };
  cost_per_booking: { bucket: 'day' | 'week' | 'month'; series: CostPerBookingBucket[] };
  quarantine: { org: QuarantineSide; without_org: QuarantineSide };
}

/** The report's data for [from, to), by default call_analytics's period (`call_report`). */
export async function callReport(
  sql: postgres.Sql,
  orgId: string,
  period: { from?: Date | string; to?: Date | string } = {},
): Promise<CallReport> {
  const iso = (value: Date | string | undefined) => (value instanceof Date ? value.toISOString() : (value ?? null));
  return actingFor(sql, orgId, async (tx) => {
    const [row] = await tx`
      SELECT call_report(${orgId}::uuid,
                         coalesce(${iso(period.from)}::timestamptz, call_analytics_default_from(coalesce(${iso(period.to)}::timestamptz, now()))),
                         coalesce(${iso(period.to)}::timestamptz, now())) AS report`;
    return row.report as CallReport;
  });
}
