import type postgres from 'postgres';

/**
 * Typed wrappers of the dashboard functions (sql/dashboard/). They only call the SQL: every
 * filter, page and figure is computed in the database. Each call runs in a short transaction
 * that acts for the org it names (`golden_record.org_id`, read by `current_org_id()`), so an
 * owner under forced row-level security sees that org's rows; the functions also filter by the
 * org argument, so naming an org never shows another one.
 */

export type Direction = 'inbound' | 'outbound' | 'web';

/** The filters of `calls_dashboard_list` (see its doc in sql/dashboard/calls_dashboard_list.sql). */
export interface DashboardFilters {
  /** created_at >= from (ISO timestamp). */
  from?: string;
  /** created_at < to (ISO timestamp). */
  to?: string;
  direction?: Direction | Direction[];
  ended_reason?: string | string[];
  has_appointment?: boolean;
  /** A tool name the call used. */
  tool?: string;
  min_cost_cents?: number;
  max_cost_cents?: number;
  /** "+1555..." (number prefix), digits (anywhere in the number) or a name. */
  search?: string;
}

export interface DashboardItem {
  id: string;
  vapi_call_id: string | null;
  direction: Direction | null;
  phone_number: string | null;
  resolved_caller_name: string | null;
  status: string | null;
  started_at: string | null;
  ended_at: string | null;
  duration_seconds: number | null;
  cost_cents: number | null;
  ended_reason: string | null;
  tools_used: string[];
  has_appointment: boolean;
  appointment_id: string | null;
  appointment_scheduled_at: string | null;
  appointment_status: string | null;
  appointment_service_type: string | null;
  created_at: string;
}

export interface DashboardPage {
  items: DashboardItem[];
  /** Pass it back as `cursor` for the next page; null on the last page. */
  next_cursor: string | null;
}

export interface AppointmentDetail {
  id: string;
  contact_id: string | null;
  scheduled_at: string | null;
  status: string | null;
  service_type: string | null;
  duration_minutes: number | null;
  calendar_event_id: string | null;
  vapi_call_id: string | null;
  created_at: string;
}

/** Every column of the view `calls_with_caller_names`, plus every appointment of the call. */
export interface CallDetail extends DashboardItem {
  org_id: string;
  caller_name: string | null;
  contact_id: string | null;
  contact_name: string | null;
  cost_breakdown: unknown;
  recording_url: string | null;
  transcript: string | null;
  summary: string | null;
  metadata: unknown;
  updated_at: string;
  appointment_duration_minutes: number | null;
  appointment_calendar_event_id: string | null;
  appointments: AppointmentDetail[];
}

export interface CallAnalytics {
  org_id: string;
  from: string;
  to: string;
  time_zone: string;
  total_calls: number;
  /** Calls that connected (started_at is set). */
  answered_calls: number;
  total_cost_cents: number;
  calls_with_cost: number;
  calls_without_cost: number;
  /** Rounded to 2 decimals of a cent; null when no call has a cost. */
  avg_cost_cents: number | null;
  /** Calls that booked an appointment. */
  appointments_booked: number;
  /** appointments_booked / total_calls (4 decimals); null without calls. */
  conversion_rate: number | null;
  cost_per_booked_appointment_cents: number | null;
  ended_reasons: { ended_reason: string | null; calls: number }[];
  tools: { tool: string; calls: number; booked: number; booking_rate: number }[];
  daily: { date: string; calls: number; answered_calls: number; cost_cents: number; appointments_booked: number }[];
}

/**
 * Makes the rest of the transaction act for `orgId` (SET LOCAL golden_record.org_id), and
 * refuses in one line when the connecting role may not act for it: a role bound to other orgs
 * (golden_record.grant_org), or neither bound nor trusted (current_org_id() decides).
 */
export async function actFor(tx: postgres.TransactionSql, orgId: string): Promise<void> {
  await tx`SELECT set_config('golden_record.org_id', ${orgId}, true)`;
  const [{ acting, role }] = await tx<{ acting: string | null; role: string }[]>`SELECT current_org_id()::text AS acting, current_user AS role`;
  if (acting !== orgId.toLowerCase()) {
    throw new Error(`role ${role} may not act for org ${orgId} (a DBA can bind it: golden-record roles grant ${role} --org ${orgId})`);
  }
}

/** Runs `query` in a short transaction acting for `orgId` (refused when the role may not: see actFor). */
export async function actingFor<T>(sql: postgres.Sql, orgId: string, query: (tx: postgres.TransactionSql) => Promise<T>): Promise<T> {
  return (await sql.begin(async (tx) => {
    await actFor(tx, orgId);
    return query(tx);
  })) as T;
}

/** One page of the org's calls, newest first (`calls_dashboard_list`). */
export async function listCalls(
  sql: postgres.Sql,
  orgId: string,
  options: { filters?: DashboardFilters; pageSize?: number; cursor?: string | null } = {},
): Promise<DashboardPage> {
  return actingFor(sql, orgId, async (tx) => {
    const [row] = await tx`
      SELECT calls_dashboard_list(${orgId}::uuid, ${JSON.stringify(options.filters ?? {})}::text::jsonb,
                                  ${options.pageSize ?? 50}::integer, ${options.cursor ?? null}::text) AS page`;
    return row.page as DashboardPage;
  });
}

/** The full record of one call with its appointments, or null when the org has no such call (`calls_dashboard_detail`). */
export async function showCall(sql: postgres.Sql, orgId: string, callId: string): Promise<CallDetail | null> {
  return actingFor(sql, orgId, async (tx) => {
    const [row] = await tx`SELECT calls_dashboard_detail(${orgId}::uuid, ${callId}::uuid) AS call`;
    return row.call as CallDetail | null;
  });
}

/**
 * A call by its `calls.id` or Vapi call id, in `orgId` when given (acted for, in the transaction
 * only), else in any org the client can see (`calls_dashboard_find`); null when there is none.
 */
export async function findCall(sql: postgres.Sql, call: string, orgId?: string): Promise<CallDetail | null> {
  return (await sql.begin(async (tx) => {
    if (orgId) await actFor(tx, orgId);
    const [row] = await tx`SELECT calls_dashboard_find(${call}, ${orgId ?? null}::uuid) AS call`;
    return row.call as CallDetail | null;
  })) as CallDetail | null;
}

/** The first `max` orgs that have calls the client can see (`calls_org_ids`). */
export async function callOrgIds(sql: postgres.Sql, max: number): Promise<string[]> {
  const rows = await sql<{ org_id: string }[]>`SELECT org_id FROM calls_org_ids(${max}::integer) AS org_id`;
  return rows.map((r) => r.org_id);
}

/**
 * Cost and conversion over [from, to) (`call_analytics`); `to` defaults to now and `from` to
 * the database's default period before `to` (`call_analytics_default_from`).
 */
export async function callAnalytics(
  sql: postgres.Sql,
  orgId: string,
  period: { from?: Date | string; to?: Date | string } = {},
): Promise<CallAnalytics> {
  const iso = (value: Date | string | undefined) => (value instanceof Date ? value.toISOString() : (value ?? null));
  const [from, to] = [iso(period.from), iso(period.to)];
  return actingFor(sql, orgId, async (tx) => {
    // Only what was given is passed: the defaults are call_analytics's own.
    const fromArgument = from ? tx`, p_from => ${from}::timestamptz` : to ? tx`, p_from => call_analytics_default_from(${to}::timestamptz)` : tx``;
    const toArgument = to ? tx`, p_to => ${to}::timestamptz` : tx``;
    const [row] = await tx`SELECT call_analytics(${orgId}::uuid ${fromArgument} ${toArgument}) AS stats`;
    return row.stats as CallAnalytics;
  });
}
