import { createServer, createConnection, type Server, type Socket } from 'node:net';
import { setPriority } from 'node:os';
import { createInterface } from 'node:readline';
import { Worker } from 'node:worker_threads';

/**
 * A delaying TCP proxy for the benchmark: it adds a round trip of `roundTripMs` between a
 * client and the server, the distance between a backend and a managed database, which is what
 * an application paying several round trips per webhook feels.
 *
 * The whole round trip is added on the way back: a request is forwarded as soon as it arrives,
 * a response is held `roundTripMs` and then forwarded, in order. For request/response traffic
 * the client sees the same round trip as with half the delay each way, for half the timed
 * wake-ups (each of which a busy machine may serve late). Both sockets have TCP_NODELAY.
 *
 * Node's timers cannot wait less than 1 ms, and spinning would steal a core from PostgreSQL on
 * a 2-core machine, so a small worker thread sleeps with Atomics.wait (sub-millisecond, no CPU)
 * until the oldest response is due and then wakes the proxy. It listens on 127.0.0.1 only and
 * is bounded: a connection that has more than `maxQueuedBytes` in flight stops being read until
 * its queue drains.
 *
 * It measures itself: for every response it records how long it actually held it (arrival to
 * write), so a run can tell the round trip it was given from the one it asked for.
 */
export interface DelayingProxy {
  port: number;
  /** Changes the added round trip (used to calibrate the proxy against the server). */
  setRoundTrip(ms: number): Promise<void>;
  /** How long responses were actually held since the last call (then starts over). */
  takeHoldStats(): Promise<HoldStats>;
  close(): Promise<void>;
}

export interface HoldStats {
  responses: number;
  /** The hold asked for, and the holds measured (arrival of a response to its write). */
  requestedMs: number;
  meanMs: number;
  p50Ms: number;
  p99Ms: number;
}

export interface ProxyOptions {
  targetHost: string;
  targetPort: number;
  roundTripMs: number;
  maxQueuedBytes?: number;
}

interface Pending {
  due: number;
  arrived: number;
  to: Socket;
  from: Socket;
  /** null: the sender ended its side; end the other side once the data before it is out. */
  chunk: Buffer | null;
}

// The ticker: sleeps until shortly before the due time the proxy published (a timed futex
// wait wakes ~0.1 ms late), covers the rest by polling the clock, then posts a tick. Shared
// slots: int32 [0] a sequence number bumped on every publish; float64 at byte 8 the due time in
// ms of process.hrtime (0: nothing pending, -1: stop).
const WAKE_EARLY_MS = 0.15;
const TICKER = `
const { parentPort, workerData } = require('node:worker_threads');
const seq = new Int32Array(workerData, 0, 1);
const due = new Float64Array(workerData, 8, 1);
const now = () => Number(process.hrtime.bigint()) / 1e6;
for (;;) {
  const s = Atomics.load(seq, 0);
  const d = due[0];
  if (d < 0) break;
  if (d === 0) { Atomics.wait(seq, 0, s); continue; }
  const sleep = d - now() - ${WAKE_EARLY_MS};
  if (sleep > 0) { Atomics.wait(seq, 0, s, sleep); continue; }
  while (now() < d && Atomics.load(seq, 0) === s);
  if (Atomics.load(seq, 0) !== s) continue;
  parentPort.postMessage(0);
  Atomics.wait(seq, 0, s);
}
`;

const hrNow = () => Number(process.hrtime.bigint()) / 1e6;

function summarize(holds: number[], requestedMs: number): HoldStats {
  const sorted = [...holds].sort((a, b) => a - b);
  const at = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : 0);
  const mean = sorted.length ? sorted.reduce((a, b) => a + b, 0) / sorted.length : 0;
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return { responses: sorted.length, requestedMs, meanMs: r(mean), p50Ms: r(at(0.5)), p99Ms: r(at(0.99)) };
}

export async function startDelayingProxy(options: ProxyOptions): Promise<DelayingProxy> {
  const maxQueued = options.maxQueuedBytes ?? 4 * 1024 * 1024;
  let roundTripMs = options.roundTripMs;
  let holds: number[] = [];
  const shared = new SharedArrayBuffer(16);
  const seq = new Int32Array(shared, 0, 1);
  const due = new Float64Array(shared, 8, 1);
  const ticker = new Worker(TICKER, { eval: true, workerData: shared });
  ticker.unref();
  const queue: Pending[] = [];
  let head = 0;
  const queued = new Map<Socket, number>();
  const sockets = new Set<Socket>();

  const publish = () => {
    due[0] = head < queue.length ? queue[head].due : 0;
    Atomics.add(seq, 0, 1);
    Atomics.notify(seq, 0);
  };

  const flush = () => {
    const now = hrNow();
    while (head < queue.length && queue[head].due <= now) {
      const item = queue[head++];
      if (item.chunk === null) {
        item.to.end();
        continue;
      }
      if (!item.to.destroyed) item.to.write(item.chunk);
      holds.push(now - item.arrived);
      const left = (queued.get(item.from) ?? 0) - item.chunk.length;
      queued.set(item.from, left);
      if (left <= maxQueued && item.from.isPaused()) item.from.resume();
    }
    if (head > 1024 && head * 2 > queue.length) {
      queue.splice(0, head);
      head = 0;
    }
    publish();
  };
  ticker.on('message', flush);

  const forward = (from: Socket, to: Socket) => {
    from.on('data', (chunk: Buffer) => to.write(chunk));
    from.on('end', () => to.end());
    from.on('error', () => to.destroy());
    from.on('close', () => sockets.delete(from));
  };
  const hold = (from: Socket, to: Socket) => {
    const enqueue = (chunk: Buffer | null) => {
      const wasEmpty = head >= queue.length;
      const arrived = hrNow();
      queue.push({ due: arrived + roundTripMs, arrived, to, from, chunk });
      if (wasEmpty) publish();
    };
    from.on('data', (chunk: Buffer) => {
      const inFlight = (queued.get(from) ?? 0) + chunk.length;
      queued.set(from, inFlight);
      if (inFlight > maxQueued) from.pause();
      enqueue(chunk);
    });
    from.on('end', () => enqueue(null));
    from.on('error', () => to.destroy());
    from.on('close', () => {
      sockets.delete(from);
      queued.delete(from);
    });
  };

  const server: Server = createServer({ noDelay: true }, (client) => {
    if (!['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(client.remoteAddress ?? '')) {
      client.destroy();
      return;
    }
    client.setNoDelay(true);
    const upstream = createConnection({ host: options.targetHost, port: options.targetPort, noDelay: true });
    sockets.add(client).add(upstream);
    forward(client, upstream);
    hold(upstream, client);
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done());
  });
  const { port } = server.address() as { port: number };
  return {
    port,
    setRoundTrip: async (ms) => {
      roundTripMs = ms;
      holds = [];
    },
    takeHoldStats: async () => {
      const stats = summarize(holds, roundTripMs);
      holds = [];
      return stats;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((done) => server.close(() => done()));
      due[0] = -1;
      Atomics.add(seq, 0, 1);
      Atomics.notify(seq, 0);
      await ticker.terminate();
    },
  };
}

/**
 * Runs the proxy in a process of its own, so the bench's own work never delays a forward, at a
 * raised scheduling priority where the system allows it (a wire does not queue behind the
 * database for a core; `raisedPriority` says whether it was granted). It is driven over its
 * stdin/stdout, one JSON line per command.
 */
export async function spawnDelayingProxy(options: ProxyOptions): Promise<DelayingProxy & { raisedPriority: boolean }> {
  const { spawn } = await import('node:child_process');
  const { fileURLToPath } = await import('node:url');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), options.targetHost, String(options.targetPort), String(options.roundTripMs)],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout });
  const waiting: ((line: string) => void)[] = [];
  const exited = new Promise<never>((_, fail) => {
    child.once('exit', (code) => fail(new Error(`the delaying proxy exited (${code})`)));
    child.once('error', fail);
  });
  exited.catch(() => {});
  lines.on('line', (line) => waiting.shift()?.(line));
  const reply = () => Promise.race([new Promise<string>((done) => waiting.push(done)), exited]);
  const command = async (line: object) => {
    const answer = reply();
    child.stdin.write(`${JSON.stringify(line)}\n`);
    return JSON.parse(await answer);
  };
  const hello = JSON.parse(await reply()) as { port: number; raisedPriority: boolean };
  return {
    port: hello.port,
    raisedPriority: hello.raisedPriority,
    setRoundTrip: async (ms) => void (await command({ roundTripMs: ms })),
    takeHoldStats: () => command({ stats: true }),
    close: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

// `node --import tsx bench/proxy.ts HOST PORT ROUND_TRIP_MS`: prints {"port":...}, then answers
// one JSON line per command line on stdin ({"roundTripMs": n} or {"stats": true}) until killed.
if (process.argv[1] && import.meta.url === (await import('node:url')).pathToFileURL(process.argv[1]).href) {
  const [host, port, roundTrip] = process.argv.slice(2);
  let raisedPriority = true;
  try {
    setPriority(-10);
  } catch {
    raisedPriority = false;
  }
  const proxy = await startDelayingProxy({ targetHost: host, targetPort: Number(port), roundTripMs: Number(roundTrip) });
  const say = (value: object) => process.stdout.write(`${JSON.stringify(value)}\n`);
  say({ port: proxy.port, raisedPriority });
  createInterface({ input: process.stdin }).on('line', async (line) => {
    const request = JSON.parse(line) as { roundTripMs?: number; stats?: boolean };
    if (request.roundTripMs !== undefined) {
      await proxy.setRoundTrip(request.roundTripMs);
      say({ ok: true });
    } else say(await proxy.takeHoldStats());
  });
  process.once('SIGTERM', () => void proxy.close().then(() => process.exit(0)));
}
