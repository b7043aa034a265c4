/**
 * SQLSTATEs after which the same work is simply run again, because nothing of the failed
 * attempt was committed: lock_not_available (a `lock_timeout` was hit), deadlock_detected and
 * serialization_failure.
 */
const TRANSIENT_SQLSTATES: Record<string, string> = { '55P03': 'lock_timeout', '40P01': 'deadlock', '40001': 'serialization failure' };

/** What transient error `error` is ('lock_timeout', 'deadlock', ...), else null (node-pg-migrate may keep only the message). */
function transientKind(error: unknown): string | null {
  const e = error as { code?: string; message?: string } | undefined;
  const message = String(e?.message ?? '');
  return TRANSIENT_SQLSTATES[e?.code ?? ''] ?? (/lock timeout/i.test(message) ? 'lock_timeout' : /deadlock detected/i.test(message) ? 'deadlock' : null);
}

export interface RetryOptions {
  /** Further attempts after the first (default 10). */
  retries?: number;
  /** Told before each pause. */
  log?: (line: string) => void;
}

/**
 * Runs `work`, and again after a transient error, up to `retries` more times, pausing 100 ms,
 * 200 ms, 400 ms ... (at most 5 s) in between. Any other error, or the last one, is thrown.
 */
export async function retryTransient<T>(work: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const retries = options.retries ?? 10;
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const kind = transientKind(error);
      if (!kind || attempt >= retries) throw error;
      const pause = Math.min(5000, 100 * 2 ** attempt);
      options.log?.(`${kind} hit; retrying in ${pause} ms (attempt ${attempt + 1} of ${retries})`);
      await new Promise((done) => setTimeout(done, pause));
    }
  }
}
