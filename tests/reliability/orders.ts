import type postgres from 'postgres';
import { addContact, callLifecycle, deliver, type Delivery } from './deliveries.ts';
import { STATUSES } from './fuzz.ts';
import { differences, goldenState, withPlaceholders, type GoldenState } from './golden-state.ts';
import { caseSeed, Random } from '../../testkit/random.ts';
import { randomCall, type CallFacts } from '../../testkit/vapi-bodies.ts';

/**
 * Every delivery order of one call: status-update(in-progress), the booking insert,
 * status-update(ended), the end-of-call-report and a redelivered report (another presigned URL,
 * a later timestamp), in all 120 permutations. Each permutation starts from a fresh state (its
 * own org, call id and contact, in a database no other permutation writes them to), and its
 * final calls and appointments rows must equal those of the natural order. Even rounds book with
 * the Vapi call id; odd rounds book without it (the booking tool did not know the call), so the
 * link comes from the contact and time-window fallback, with the call's times around now.
 */
export interface OrdersReport {
  seed: number;
  rounds: number;
  permutations: number;
  failures: string[];
}

export function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

/** The call of round `round`: it books, uses tools (so tools and cost matter) and has a contact. */
export function orderCall(seed: number, round: number): CallFacts {
  const r = new Random(caseSeed(seed, round));
  const call = randomCall(r, 'placeholder');
  call.tools = ['checkAvailability', 'bookAppointment', ...r.shuffle(['lookupCustomer', 'transferCall', 'endCall']).slice(0, r.int(3))];
  if (round % 2 === 1) {
    // The fallback links a booking created between the call's start and its end (plus grace).
    const now = Date.now();
    call.startedAt = new Date(now - 60_000).toISOString();
    call.endedAt = new Date(now + 60_000).toISOString();
    call.timestamp = now + 62_000;
  }
  return call;
}

async function applyOrder(sql: postgres.Sql, call: CallFacts, orgId: string, order: number[], byVapiId: boolean): Promise<{ state: GoldenState; problems: string[] }> {
  const facts = { ...call, vapiCallId: `order-${orgId}` };
  await addContact(sql, orgId, facts);
  const lifecycle: Delivery[] = callLifecycle(facts, orgId, { byVapiId });
  const problems: string[] = [];
  for (const index of order) {
    const outcome = await deliver(sql, lifecycle[index]);
    if (outcome.error) problems.push(`${outcome.label} raised ${outcome.error}`);
    else if (lifecycle[index].kind === 'webhook' && !STATUSES.includes(String(outcome.result?.status))) problems.push(`${outcome.label} returned ${JSON.stringify(outcome.result)}`);
  }
  const state = withPlaceholders(await goldenState(sql, [orgId]), { [facts.vapiCallId]: '<call>', [orgId]: '<org>' });
  return { state, problems };
}

/** What the natural order must give, whatever the implementation: the report's facts, linked both ways. */
function naturalProblems(call: CallFacts, state: GoldenState): string[] {
  const problems: string[] = [];
  const [row] = state.calls;
  const [appointment] = state.appointments;
  if (state.calls.length !== 1 || state.appointments.length !== 1) return [`natural order: ${state.calls.length} calls and ${state.appointments.length} appointments, want 1 and 1`];
  const expect = (what: string, actual: unknown, wanted: unknown) => {
    if (JSON.stringify(actual) !== JSON.stringify(wanted)) problems.push(`natural order: ${what} is ${JSON.stringify(actual)}, want ${JSON.stringify(wanted)}`);
  };
  expect('status', row.status, 'ended');
  expect('cost_cents', row.cost_cents, Number((BigInt(Math.round(call.cost * 10_000)) + 99n) / 100n));
  expect('ended_reason', row.ended_reason, call.endedReason);
  expect('tools_used', row.tools_used, call.tools);
  expect('appointment link', row.appointment, 'evt-<call>');
  expect('appointment call link', appointment.call, '<call>');
  expect('appointment vapi_call_id', appointment.vapi_call_id, '<call>');
  expect('contact link', row.contact, call.customerNumber);
  return problems;
}

/** Runs `rounds` rounds of all 120 orders (each round a different call) on one database. */
export async function everyOrder(sql: postgres.Sql, options: { seed: number; rounds?: number; onPermutation?: () => void }): Promise<OrdersReport> {
  const { seed } = options;
  const rounds = options.rounds ?? 1;
  const report: OrdersReport = { seed, rounds, permutations: 0, failures: [] };
  const orders = permutations([0, 1, 2, 3, 4]);
  for (let round = 0; round < rounds; round++) {
    const call = orderCall(seed, round);
    const byVapiId = round % 2 === 0;
    const names = callLifecycle(call, '', { byVapiId }).map((d) => d.label);
    const r = new Random(caseSeed(seed ^ 0x5eed, round));
    const natural = await applyOrder(sql, call, r.uuid(), orders[0], byVapiId);
    const variant = byVapiId ? 'booked with the Vapi id' : 'booked without the Vapi id';
    report.failures.push(...natural.problems.map((p) => `seed ${seed} round ${round} (${variant}) natural order: ${p}`));
    report.failures.push(...naturalProblems(call, natural.state).map((p) => `seed ${seed} round ${round} (${variant}) ${p}`));
    for (const order of orders.slice(1)) {
      const { state, problems } = await applyOrder(sql, call, r.uuid(), order, byVapiId);
      report.permutations++;
      options.onPermutation?.();
      const diff = differences(natural.state, state);
      if (problems.length || diff.length) {
        report.failures.push(`seed ${seed} round ${round} (${variant}) order [${order.map((i) => names[i]).join(' → ')}]:\n    ${[...problems, ...diff].join('\n    ')}`);
      }
    }
    report.permutations++;
  }
  return report;
}
