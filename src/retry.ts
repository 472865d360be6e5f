/**
 * Retrying with capped exponential backoff, a deadline, and server-given
 * delays (Retry-After). Time and randomness are passed in so tests never wait.
 */
import { describeError } from './errors.js';

/** Waits; injected so tests can record delays instead of sleeping. */
export interface Sleeper {
  /** Resolves after `ms`, or rejects with `signal.reason` once aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** A Sleeper on `setTimeout`. */
export const realSleeper: Sleeper = {
  sleep(ms, signal) {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }

      const onAbort = (): void => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  },
};

/** What the caller's classifier says about one failure. */
export interface RetryDecision {
  retry: boolean;
  /** A delay the server asked for; used instead of the computed backoff. */
  delayMs?: number;
  /** Why the failure is (not) retryable, for the log; defaults to the error text. */
  reason?: string;
}

/** Passed to `onRetry` just before each sleep. */
export interface RetryInfo {
  attempt: number;
  /** Absent when retrying until the deadline. */
  maxAttempts?: number;
  delayMs: number;
  reason: string;
  error: unknown;
}

export interface RetryOptions {
  /** Total tries, including the first; or keep trying until `deadlineMs`. */
  attempts: number | 'until-deadline';
  /** Absolute time on the `now()` clock after which no sleep may end. */
  deadlineMs?: number;
  now: () => number;
  sleeper: Sleeper;
  random: () => number;
  baseMs: number;
  maxMs: number;
  classify: (err: unknown) => RetryDecision;
  onRetry?: (info: RetryInfo) => void;
  signal?: AbortSignal;
}

/**
 * Capped exponential backoff with equal jitter: for attempt n (from 1) the cap
 * is min(maxMs, baseMs * 2^(n-1)) and the delay is a whole number of ms in
 * [cap/2, cap], so retries spread out but never come back too soon.
 */
export function backoffDelay(
  attempt: number,
  opts: { baseMs: number; maxMs: number; random: () => number },
): number {
  if (!Number.isInteger(attempt) || attempt < 1) {
    throw new RangeError(`Failed to compute backoff: attempt must be 1 or more, got ${attempt}`);
  }

  // The exponent is bounded so a long run of attempts cannot overflow to Infinity.
  const growth = 2 ** Math.min(attempt - 1, 52);
  const cap = Math.max(0, Math.min(opts.maxMs, opts.baseMs * growth));
  const half = cap / 2;
  return Math.min(cap, Math.ceil(half + opts.random() * half));
}

/**
 * Calls `fn` until it succeeds. After a failure, `classify` decides whether
 * to retry; the last error is rethrown when it says no, when attempts run
 * out, or when the next sleep would end after `deadlineMs`.
 */
export async function retry<T>(
  fn: (attempt: number) => Promise<T>,
  opts: RetryOptions,
): Promise<T> {
  const maxAttempts = checkAttempts(opts);

  for (let attempt = 1; ; attempt += 1) {
    opts.signal?.throwIfAborted();
    try {
      return await fn(attempt);
    } catch (err) {
      const next = planRetry(err, attempt, maxAttempts, opts);
      if (next === undefined) {
        throw err;
      }

      opts.onRetry?.({ attempt, maxAttempts, error: err, ...next });
      await opts.sleeper.sleep(next.delayMs, opts.signal);
    }
  }
}

function checkAttempts(opts: RetryOptions): number | undefined {
  if (opts.attempts === 'until-deadline') {
    if (opts.deadlineMs === undefined) {
      throw new RangeError("Failed to start retries: 'until-deadline' needs deadlineMs");
    }
    return undefined;
  }
  if (!Number.isInteger(opts.attempts) || opts.attempts < 1) {
    throw new RangeError(
      `Failed to start retries: attempts must be 1 or more, got ${opts.attempts}`,
    );
  }
  return opts.attempts;
}

/** Returns the delay before the next attempt, or undefined to give up. */
function planRetry(
  err: unknown,
  attempt: number,
  maxAttempts: number | undefined,
  opts: RetryOptions,
): { delayMs: number; reason: string } | undefined {
  if (maxAttempts !== undefined && attempt >= maxAttempts) {
    return undefined;
  }
  const decision = opts.classify(err);
  if (!decision.retry) {
    return undefined;
  }

  const asked = decision.delayMs;
  const delayMs =
    asked !== undefined && Number.isFinite(asked)
      ? Math.max(0, Math.ceil(asked))
      : backoffDelay(attempt, opts);
  if (opts.deadlineMs !== undefined && opts.now() + delayMs > opts.deadlineMs) {
    return undefined;
  }
  return { delayMs, reason: decision.reason ?? describeError(err) };
}

/**
 * Reads an HTTP Retry-After value: delay-seconds (decimals tolerated) or an
 * HTTP date. Returns milliseconds from `nowMs` (0 for a date in the past), or
 * undefined when the value is missing or unreadable.
 */
export function parseRetryAfter(
  value: string | undefined | null,
  nowMs: number,
): number | undefined {
  const text = value?.trim();
  if (!text) {
    return undefined;
  }
  if (/^\d+(\.\d+)?$/.test(text)) {
    return Math.ceil(Number(text) * 1000);
  }

  const dateMs = parseHttpDate(text);
  return dateMs === undefined ? undefined : Math.max(0, dateMs - nowMs);
}

/** The three HTTP date forms of RFC 9110; other text is refused. */
const IMF_FIXDATE = /^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const RFC_850 = /^[A-Za-z]+, \d{2}-[A-Za-z]{3}-\d{2} \d{2}:\d{2}:\d{2} GMT$/;
const ASCTIME = /^[A-Za-z]{3} [A-Za-z]{3} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/;

function parseHttpDate(text: string): number | undefined {
  // Date.parse alone accepts almost anything ("1" is a year), so the shape
  // is checked first. asctime has no zone but means GMT.
  let normalized: string | undefined;
  if (IMF_FIXDATE.test(text) || RFC_850.test(text)) normalized = text;
  else if (ASCTIME.test(text)) normalized = `${text} GMT`;
  if (normalized === undefined) {
    return undefined;
  }

  // Note: Date.parse rolls an impossible day such as 31 Feb into the next
  // month rather than refusing it; servers do not send such dates.
  const ms = Date.parse(normalized);
  return Number.isNaN(ms) ? undefined : ms;
}
