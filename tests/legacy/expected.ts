import type postgres from 'postgres';

/**
 * What the backfill must produce, computed here in TypeScript from the legacy rows as stored,
 * independently of the SQL functions: dollars are read from the exact JSON / numeric text and
 * turned into cents with BigInt decimal arithmetic (no float ever).
 */

/** A plain decimal, as PostgreSQL's numeric input reads it (sign, digits, optional exponent). */
const DECIMAL = /^\s*([+-]?)(\d+\.?\d*|\.\d+)(?:[eE]([+-]?\d{1,4}))?\s*$/;
const INT32_MIN = -2147483648n;
const INT32_MAX = 2147483647n;

/** ceil(dollars × 100) of a decimal string, exactly; null when it does not fit an integer. */
export function decimalToCents(text: string): number | null {
  const m = DECIMAL.exec(text);
  if (!m) return null;
  const [, sign, mantissa, exponent] = m;
  const [whole, fraction = ''] = mantissa.split('.');
  const digits = BigInt((whole || '0') + fraction);
  // value = digits × 10^(exponent − fraction length); cents = value × 100.
  const shift = Number(exponent ?? 0) - fraction.length + 2;
  let cents: bigint;
  if (shift >= 0) {
    cents = digits * 10n ** BigInt(shift);
  } else {
    const divisor = 10n ** BigInt(-shift);
    const quotient = digits / divisor;
    // ceil: up for a positive remainder; toward zero (which is up) for a negative value.
    cents = sign === '-' ? quotient : quotient + (digits % divisor > 0n ? 1n : 0n);
  }
  if (sign === '-') cents = -cents;
  if (cents === 0n) cents = 0n; // no negative zero
  return cents >= INT32_MIN && cents <= INT32_MAX ? Number(cents) : null;
}

/**
 * Cents of a legacy JSON value given as its JSON text (jsonb's `->` output as text): a JSON
 * number or a string holding a decimal; anything else (null, garbage, booleans, objects,
 * arrays) is no cost.
 */
export function jsonCostToCents(jsonText: string | null): number | null {
  if (jsonText === null) return null;
  if (jsonText.startsWith('"')) return decimalToCents(JSON.parse(jsonText) as string);
  return /^-?\d/.test(jsonText) ? decimalToCents(jsonText) : null;
}

/** The first non-blank string among the end-reason keys the legacy app and call_logs used. */
export function legacyEndedReason(fields: Record<string, unknown> | null): string | null {
  if (!fields || typeof fields !== 'object' || Array.isArray(fields)) return null;
  for (const key of ['endedReason', 'ended_reason', 'vapi_end_reason', 'end_reason']) {
    const value = fields[key];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return null;
}

export interface ExpectedCall {
  cents: number | null;
  endedReason: string | null;
}

/**
 * Reads the legacy rows (before the upgrade) and computes, per Vapi call id, what the golden
 * record must say after the backfill: the call's own metadata first (cost, else vapi_cost),
 * then its call_logs twin (metadata.vapi_cost, else total_cost unless it is the 0 of its
 * DEFAULT 0, which is unknown). Calls rows of call_logs rows
 * whose call was deleted (orphans) are expected too, keyed the same way.
 */
export async function expectedFromLegacy(sql: postgres.Sql, callLogsTable = 'call_logs') {
  const calls = await sql<{ vapi_call_id: string; cost: string | null; vapi_cost: string | null; metadata: Record<string, unknown> | null }[]>`
    SELECT vapi_call_id, (metadata -> 'cost')::text AS cost, (metadata -> 'vapi_cost')::text AS vapi_cost, metadata FROM calls`;
  const logs = await sql.unsafe<{ vapi_call_id: string | null; vapi_cost: string | null; total_cost: string | null; metadata: Record<string, unknown> | null }[]>(
    `SELECT vapi_call_id, (metadata -> 'vapi_cost')::text AS vapi_cost, total_cost::text AS total_cost, metadata FROM ${callLogsTable}`,
  );
  // A 0 in a column whose default is 0 is what the writer left when it knew nothing: unknown.
  const [{ column_default: totalDefault }] = await sql<{ column_default: string | null }[]>`
    SELECT column_default FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = ${callLogsTable} AND column_name = 'total_cost'`;
  const totalDefaultsToZero = totalDefault !== null && decimalToCents(totalDefault.replace(/^\(?'?([^')]*)'?\)?(::.*)?$/, '$1')) === 0;
  const totalCents = (l: (typeof logs)[number]) => {
    const cents = l.total_cost === null ? null : decimalToCents(l.total_cost);
    return cents === 0 && totalDefaultsToZero ? null : cents;
  };
  const logByVapiId = new Map(logs.filter((l) => l.vapi_call_id !== null).map((l) => [l.vapi_call_id as string, l]));
  const logCents = (l: (typeof logs)[number] | undefined) => (l ? jsonCostToCents(l.vapi_cost) ?? totalCents(l) : null);
  const logReason = (l: (typeof logs)[number] | undefined) => (l ? legacyEndedReason(l.metadata) : null);

  const expected = new Map<string, ExpectedCall>();
  for (const c of calls) {
    const log = logByVapiId.get(c.vapi_call_id);
    expected.set(c.vapi_call_id, {
      cents: jsonCostToCents(c.cost) ?? jsonCostToCents(c.vapi_cost) ?? logCents(log),
      endedReason: legacyEndedReason(c.metadata) ?? logReason(log),
    });
  }
  const orphans: string[] = [];
  for (const [vapiCallId, log] of logByVapiId) {
    if (expected.has(vapiCallId)) continue;
    orphans.push(vapiCallId);
    expected.set(vapiCallId, { cents: logCents(log), endedReason: logReason(log) });
  }
  const costKeys = calls.filter((c) => c.metadata && typeof c.metadata === 'object' && !Array.isArray(c.metadata) && ('cost' in c.metadata || 'vapi_cost' in c.metadata));
  const stats = {
    calls: calls.length,
    costFilledFromMetadata: calls.filter((c) => (jsonCostToCents(c.cost) ?? jsonCostToCents(c.vapi_cost)) !== null).length,
    costZero: calls.filter((c) => (jsonCostToCents(c.cost) ?? jsonCostToCents(c.vapi_cost)) === 0).length,
    costJsonNull: costKeys.filter((c) => (c.cost ?? 'null') === 'null' && (c.vapi_cost ?? 'null') === 'null').length,
    costUnreadable: costKeys.filter((c) => !((c.cost ?? 'null') === 'null' && (c.vapi_cost ?? 'null') === 'null') && (jsonCostToCents(c.cost) ?? jsonCostToCents(c.vapi_cost)) === null).length,
    costMissing: calls.length - costKeys.length,
    logsWithoutVapiId: logs.length - logByVapiId.size,
    logsUnknownCostZero: logs.filter((l) => jsonCostToCents(l.vapi_cost) === null && l.total_cost !== null && totalCents(l) === null).length,
    orphans: orphans.length,
  };
  return { expected, orphans, stats };
}
