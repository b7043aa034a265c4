import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import postgres from 'postgres';
import { startEmbedded, type EmbeddedServer } from '../../src/embedded.ts';
import { databaseUrl } from '../support/urls.ts';

/**
 * A PostgreSQL server that only the crash test uses (an embedded cluster in its own home and on
 * its own port), so it can be killed with SIGKILL without touching anyone else's server.
 */
export class PrivateServer {
  private constructor(
    readonly home: string,
    readonly port: number,
    private server: EmbeddedServer,
  ) {}

  static async start(home: string): Promise<PrivateServer> {
    const port = await freePort();
    return new PrivateServer(home, port, await startOn(home, port));
  }

  /** The URL of database `name` on this server. */
  url(name: string): string {
    return databaseUrl(this.server.url, name);
  }

  async createDatabase(name: string): Promise<string> {
    const admin = postgres(this.server.url, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`CREATE DATABASE ${name}`);
    } finally {
      await admin.end();
    }
    return this.url(name);
  }

  /** The postmaster's pid, from the first line of <data>/postmaster.pid. */
  async postmasterPid(): Promise<number> {
    const text = await readFile(join(this.server.dataDir, 'postmaster.pid'), 'utf8');
    return Number(text.split('\n')[0]);
  }

  /** kill -9 of the postmaster; returns once it is gone. */
  async crash(): Promise<number> {
    const pid = await this.postmasterPid();
    process.kill(pid, 'SIGKILL');
    for (let i = 0; i < 200 && alive(pid); i++) await sleep(25);
    if (alive(pid)) throw new Error(`postmaster ${pid} still alive after SIGKILL`);
    return pid;
  }

  /**
   * Starts the server again on the same data directory and port (crash recovery replays the WAL).
   * Retried for a while: the killed postmaster's backends may still hold its shared memory.
   */
  async restart(): Promise<void> {
    let lastError: unknown;
    for (let attempt = 0; attempt < 40; attempt++) {
      try {
        this.server = await startOn(this.home, this.port);
        return;
      } catch (error) {
        lastError = error;
        await sleep(500);
      }
    }
    throw new Error(`the private server did not restart: ${String(lastError)}`);
  }

  async stop(): Promise<void> {
    await this.server.stop();
  }
}

async function startOn(home: string, port: number): Promise<EmbeddedServer> {
  const previous = process.env.GOLDEN_RECORD_EMBEDDED_PORT;
  process.env.GOLDEN_RECORD_EMBEDDED_PORT = String(port);
  try {
    return await startEmbedded(home);
  } finally {
    if (previous === undefined) delete process.env.GOLDEN_RECORD_EMBEDDED_PORT;
    else process.env.GOLDEN_RECORD_EMBEDDED_PORT = previous;
  }
}

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
