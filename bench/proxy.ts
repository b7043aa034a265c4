import { createServer, createConnection, type Server, type Socket } from 'node:net';
import { Worker } from 'node:worker_threads';

/**
 * A delaying TCP proxy for the benchmark: every chunk, in each direction, is forwarded
 * `delayMs` after it arrived, in order. 0.5 ms each way gives the 1 ms round trip between a
 * backend and a managed database, which is what an application paying several round trips per
 * webhook feels.
 *
 * Node's timers cannot wait less than 1 ms, and spinning would steal a core from PostgreSQL on
 * a 2-core machine, so a small worker thread sleeps with Atomics.wait (sub-millisecond, no CPU)
 * until the oldest chunk is due and then wakes the proxy. It listens on 127.0.0.1 only and is
 * bounded: a connection that has more than `maxQueuedBytes` in flight stops being read until
 * its queue drains.
 */
export interface DelayingProxy {
  port: number;
  close(): Promise<void>;
}

export interface ProxyOptions {
  targetHost: string;
  targetPort: number;
  delayMs: number;
  maxQueuedBytes?: number;
}

interface Pending {
  due: number;
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

export async function startDelayingProxy(options: ProxyOptions): Promise<DelayingProxy> {
  const maxQueued = options.maxQueuedBytes ?? 4 * 1024 * 1024;
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

  const relay = (from: Socket, to: Socket) => {
    const enqueue = (chunk: Buffer | null) => {
      const wasEmpty = head >= queue.length;
      queue.push({ due: hrNow() + options.delayMs, to, from, chunk });
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
    const upstream = createConnection({ host: options.targetHost, port: options.targetPort, noDelay: true });
    sockets.add(client).add(upstream);
    relay(client, upstream);
    relay(upstream, client);
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done());
  });
  const { port } = server.address() as { port: number };
  return {
    port,
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

/** Runs the proxy in a process of its own, so the bench's own work never delays a forward. */
export async function spawnDelayingProxy(options: ProxyOptions): Promise<DelayingProxy> {
  const { spawn } = await import('node:child_process');
  const { fileURLToPath } = await import('node:url');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), options.targetHost, String(options.targetPort), String(options.delayMs)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const port = await new Promise<number>((done, fail) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const match = /^listening (\d+)$/m.exec(out);
      if (match) done(Number(match[1]));
    });
    child.once('exit', (code) => fail(new Error(`the delaying proxy exited (${code}) before listening`)));
    child.once('error', fail);
  });
  return {
    port,
    close: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

// `node --import tsx bench/proxy.ts HOST PORT DELAY_MS`: prints `listening PORT`, runs until killed.
if (process.argv[1] && import.meta.url === (await import('node:url')).pathToFileURL(process.argv[1]).href) {
  const [host, port, delay] = process.argv.slice(2);
  const proxy = await startDelayingProxy({ targetHost: host, targetPort: Number(port), delayMs: Number(delay) });
  process.stdout.write(`listening ${proxy.port}\n`);
  process.once('SIGTERM', () => void proxy.close().then(() => process.exit(0)));
}
