import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

/**
 * Headless Chromium driven through the Chrome DevTools Protocol over `--remote-debugging-pipe`
 * (fd 3 to the browser, fd 4 from it, NUL-terminated JSON): no port, no WebSocket, no
 * dependency. A page records its console errors, uncaught exceptions and every network request
 * it makes (the Network domain), so a test can assert a report loads cleanly and offline.
 */

export const CHROMIUM = process.env.CHROMIUM ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p)) ?? 'chromium';

type Message = { id?: number; method?: string; params?: Record<string, unknown>; result?: Record<string, unknown>; error?: { message: string }; sessionId?: string };

export class Browser {
  private nextId = 1;
  private pending = new Map<number, { done: (r: Record<string, unknown>) => void; fail: (e: Error) => void }>();
  private listeners = new Set<(m: Message) => void>();
  private constructor(
    private readonly child: ChildProcess,
    private readonly userDataDir: string,
  ) {
    let buffer = '';
    (child.stdio[4] as Readable).on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let end: number;
      while ((end = buffer.indexOf('\0')) >= 0) {
        const message = JSON.parse(buffer.slice(0, end)) as Message;
        buffer = buffer.slice(end + 1);
        if (message.id !== undefined) {
          const waiter = this.pending.get(message.id);
          this.pending.delete(message.id);
          if (message.error) waiter?.fail(new Error(`CDP: ${message.error.message}`));
          else waiter?.done(message.result ?? {});
        } else {
          for (const listener of this.listeners) listener(message);
        }
      }
    });
  }

  static async launch(): Promise<Browser> {
    const userDataDir = await mkdtemp(join(tmpdir(), 'golden-record-chromium-'));
    const child = spawn(
      CHROMIUM,
      [
        '--headless=new', '--no-sandbox', '--disable-gpu', '--remote-debugging-pipe', `--user-data-dir=${userDataDir}`,
        '--no-first-run', '--no-default-browser-check', '--disable-extensions', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--hide-scrollbars', '--mute-audio',
        'about:blank',
      ],
      { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
    const browser = new Browser(child, userDataDir);
    const exited = new Promise<never>((_, fail) => child.once('exit', (code) => fail(new Error(`chromium exited (${code}) before answering: ${stderr}`))));
    const failed = new Promise<never>((_, fail) => child.once('error', fail));
    await Promise.race([browser.send('Browser.getVersion'), exited, failed]);
    return browser;
  }

  send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    return new Promise((done, fail) => {
      this.pending.set(id, { done, fail });
      (this.child.stdio[3] as Writable).write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  }

  on(listener: (m: Message) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async newPage(): Promise<Page> {
    const { targetId } = (await this.send('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
    const { sessionId } = (await this.send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
    const page = new Page(this, sessionId);
    await Promise.all(['Page.enable', 'Runtime.enable', 'Log.enable', 'Network.enable'].map((m) => this.send(m, {}, sessionId)));
    return page;
  }

  async close(): Promise<void> {
    const exited = new Promise((done) => this.child.once('exit', done));
    await this.send('Browser.close').catch(() => {});
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    await rm(this.userDataDir, { recursive: true, force: true });
  }
}

export class Page {
  /** Console errors, uncaught exceptions and error log entries, as text. */
  readonly errors: string[] = [];
  /** Every URL the page requested (the document itself included). */
  readonly requests: string[] = [];

  constructor(
    private readonly browser: Browser,
    private readonly sessionId: string,
  ) {
    browser.on((m) => {
      if (m.sessionId !== sessionId) return;
      const p = m.params as Record<string, any>;
      if (m.method === 'Network.requestWillBeSent') this.requests.push(p.request.url);
      if (m.method === 'Runtime.consoleAPICalled' && (p.type === 'error' || p.type === 'assert')) {
        this.errors.push(`console.${p.type}: ${p.args.map((a: { value?: unknown; description?: string }) => a.value ?? a.description).join(' ')}`);
      }
      if (m.method === 'Runtime.exceptionThrown') this.errors.push(`exception: ${p.exceptionDetails.exception?.description ?? p.exceptionDetails.text}`);
      if (m.method === 'Log.entryAdded' && p.entry.level === 'error') this.errors.push(`log: ${p.entry.text}`);
    });
  }

  send(method: string, params: Record<string, unknown> = {}) {
    return this.browser.send(method, params, this.sessionId);
  }

  /** Opens `url` at a viewport of `width` CSS pixels and waits for its load event. */
  async open(url: string, width = 1200): Promise<void> {
    await this.send('Emulation.setDeviceMetricsOverride', { width, height: 900, deviceScaleFactor: 1, mobile: width < 600 });
    const loaded = new Promise<void>((done) => {
      const off = this.browser.on((m) => {
        if (m.sessionId === this.sessionId && m.method === 'Page.loadEventFired') {
          off();
          done();
        }
      });
    });
    const result = (await this.send('Page.navigate', { url })) as { errorText?: string };
    if (result.errorText) throw new Error(`navigate ${url}: ${result.errorText}`);
    await loaded;
  }

  /** The value of a JavaScript expression in the page (returned by value, so JSON-able). */
  async evaluate<T>(expression: string): Promise<T> {
    const { result, exceptionDetails } = (await this.send('Runtime.evaluate', { expression, returnByValue: true })) as {
      result: { value: T };
      exceptionDetails?: { text: string };
    };
    if (exceptionDetails) throw new Error(`evaluate: ${exceptionDetails.text}`);
    return result.value;
  }

  /** The page as printed (A4, print media styles) to a PDF at `path`. */
  async pdf(path: string): Promise<void> {
    const { data } = (await this.send('Page.printToPDF', { paperWidth: 8.27, paperHeight: 11.69, printBackground: true })) as { data: string };
    await writeFile(path, Buffer.from(data, 'base64'));
  }

  /** A PNG of the whole page at the current width, written to `path`. */
  async screenshot(path: string, width: number): Promise<void> {
    const height = Math.ceil(await this.evaluate<number>('document.documentElement.scrollHeight'));
    await this.send('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 1, mobile: width < 600 });
    const { data } = (await this.send('Page.captureScreenshot', { format: 'png', captureBeyondViewport: true })) as { data: string };
    await writeFile(path, Buffer.from(data, 'base64'));
  }
}
