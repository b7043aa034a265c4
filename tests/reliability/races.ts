import postgres from 'postgres';
import { addContact, busyCallLifecycle, deliver, type Delivery, type Outcome } from './deliveries.ts';
import { STATUSES } from './fuzz.ts';
import { differences, goldenState, storedDeliveries } from './golden-state.ts';
import { Random } from '../../testkit/random.ts';
import { randomCall } from '../../testkit/vapi-bodies.ts';

/**
 * Races under load: a mixed stream (new calls, redeliveries, status-updates, tool-calls, noise
 * and bookings for the same calls) applied by N concurrent postgres.js clients with shuffled
 * timing on one database, and serially, in the stream's order, on another. Afterwards both
 * golden records are equal, nothing raised (no deadlock, no serialization failure, no unique
 * violation) and both databases hold the same number of stored deliveries.
 */
export interface RaceReport {
  seed: number;
  clients: number;
  calls: number;
  deliveries: number;
  /** Deliveries that started while another delivery of the same call was in flight: the races that happened. */
  overlaps: number;
  failures: string[];
}

export function raceStream(seed: number, calls: number): { stream: Delivery[]; contacts: { orgId: string; call: ReturnType<typeof randomCall> }[] } {
  const r = new Random(seed);
  const orgs = [r.uuid(), r.uuid(), r.uuid()];
  const contacts: { orgId: string; call: ReturnType<typeof randomCall> }[] = [];
  const perCall: Delivery[][] = [];
  for (let i = 0; i < calls; i++) {
    const call = randomCall(r, `race-${seed.toString(16)}-${i}`);
    call.tools = ['bookAppointment', ...call.tools.filter((t) => t !== 'bookAppointment')];
    const orgId = r.pick(orgs);
    if (r.chance(0.7)) contacts.push({ orgId, call });
    perCall.push(busyCallLifecycle(call, orgId));
  }
  // Shuffled, but a call's deliveries stay close together so they really contend.
  const stream: Delivery[] = [];
  const windows = r.shuffle(perCall.map((_, i) => i));
  for (let start = 0; start < windows.length; start += 4) {
    stream.push(...r.shuffle(windows.slice(start, start + 4).flatMap((i) => perCall[i])));
  }
  return { stream, contacts };
}

function callOf(delivery: Delivery): string {
  if (delivery.kind === 'booking') return String(delivery.booking.vapiCallId);
  return String(((delivery.body as { message: { call: { id: string } } }).message.call.id));
}

async function setUp(sql: postgres.Sql, contacts: { orgId: string; call: ReturnType<typeof randomCall> }[]): Promise<void> {
  for (const { orgId, call } of contacts) await addContact(sql, orgId, call);
}

function problemsOf(outcomes: Outcome[], where: string): string[] {
  return outcomes.flatMap((o) =>
    o.error ? [`${where}: ${o.label} raised ${o.error}`]
      : o.result && !STATUSES.includes(String(o.result.status)) ? [`${where}: ${o.label} returned ${JSON.stringify(o.result)}`] : [],
  );
}

/**
 * `concurrentUrl` and `serial` must be two fresh databases of the same schema. Each of the
 * `clients` workers has its own connection and takes the next delivery of the stream after a
 * random pause of up to `jitterMs`.
 */
export async function raceIngest(concurrentUrl: string, serial: postgres.Sql, options: { seed: number; clients: number; calls: number; jitterMs?: number }): Promise<RaceReport> {
  const { seed, clients, calls } = options;
  const jitter = options.jitterMs ?? 2;
  const { stream, contacts } = raceStream(seed, calls);
  const report: RaceReport = { seed, clients, calls, deliveries: stream.length, overlaps: 0, failures: [] };

  const concurrent = postgres(concurrentUrl, { max: clients, onnotice: () => {} });
  try {
    await setUp(concurrent, contacts);
    const connections = await Promise.all(Array.from({ length: clients }, () => concurrent.reserve()));
    const outcomes: Outcome[] = [];
    const inFlight = new Map<string, number>();
    let next = 0;
    await Promise.all(
      connections.map(async (connection, worker) => {
        const r = new Random(seed + worker + 1);
        try {
          while (next < stream.length) {
            const delivery = stream[next++];
            if (jitter) await new Promise((done) => setTimeout(done, r.int(jitter + 1)));
            const key = callOf(delivery);
            if (inFlight.get(key)) report.overlaps++;
            inFlight.set(key, (inFlight.get(key) ?? 0) + 1);
            outcomes.push(await deliver(connection, delivery));
            inFlight.set(key, inFlight.get(key)! - 1);
          }
        } finally {
          connection.release();
        }
      }),
    );
    report.failures.push(...problemsOf(outcomes, `${clients} clients`));

    await setUp(serial, contacts);
    const serialOutcomes: Outcome[] = [];
    for (const delivery of stream) serialOutcomes.push(await deliver(serial, delivery));
    report.failures.push(...problemsOf(serialOutcomes, 'serial'));

    const diff = differences(await goldenState(serial), await goldenState(concurrent), 20);
    if (diff.length) report.failures.push(`seed ${seed}, ${clients} clients: the concurrent result differs from the serial one:\n    ${diff.join('\n    ')}`);
    const webhooks = stream.filter((d) => d.kind === 'webhook').length;
    const [stored, storedSerially] = [await storedDeliveries(concurrent), await storedDeliveries(serial)];
    if (stored !== webhooks || storedSerially !== webhooks) report.failures.push(`seed ${seed}: ${webhooks} webhooks delivered, ${stored} stored concurrently, ${storedSerially} serially`);
  } finally {
    await concurrent.end();
  }
  if (report.failures.length) report.failures.unshift(`race seed ${seed} (${clients} clients, ${calls} calls, ${stream.length} deliveries)`);
  return report;
}
