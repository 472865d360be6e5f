/**
 * Retrying Azure calls: transient failures (408, 429, 5xx, dropped connections)
 * always, and per call whatever else means "not yet" (a principal that has not
 * replicated, RBAC that has not propagated). The SDKs' own retries are turned
 * off so that this is the one place that decides, logs and paces.
 */
import { hasCode, inspectAzureError, type AzureFailure } from './azure-errors.js';
import { describeError } from './errors.js';
import { retry, type RetryDecision } from './retry.js';
import type { Runtime } from './runtime.js';

export interface AzureRetryOptions {
  /** What is being done, for the log: "assign Key Vault Secrets Officer on kv-prod". */
  doing: string;
  /** Tries including the first for transient failures other than 429 (default 6). */
  attempts?: number;
  /** No retry sleeps past this (absolute, on the runtime clock); default: 10 minutes from now. */
  deadlineMs?: number;
  baseMs?: number;
  maxMs?: number;
  /** Extra codes that mean "try again", e.g. PrincipalNotFound or ForbiddenByRbac. */
  alsoRetry?: (failure: AzureFailure) => boolean;
  signal?: AbortSignal;
}

/** 408, 429, 5xx except 501 and 505, and connections that failed. */
export function isTransient(f: AzureFailure): boolean {
  if (f.connection) return true;
  if (f.status === undefined) return false;
  return (
    f.status === 408 ||
    f.status === 429 ||
    (f.status >= 500 && f.status !== 501 && f.status !== 505)
  );
}

/** 429s are the service pacing us, not a fault: they get a budget of their own. */
const THROTTLE_ATTEMPTS = 30;

export async function withAzureRetry<T>(
  rt: Runtime,
  o: AzureRetryOptions,
  fn: () => Promise<T>,
): Promise<T> {
  let transient = 0;
  let throttled = 0;
  const classify = (err: unknown): RetryDecision => {
    const failure = inspectAzureError(err, rt.now());
    const reason = failureReason(failure, err);
    if (o.alsoRetry?.(failure)) return { retry: true, reason };
    if (failure.status === 429)
      return { retry: ++throttled < THROTTLE_ATTEMPTS, delayMs: failure.retryAfterMs, reason };
    if (isTransient(failure))
      return { retry: ++transient < (o.attempts ?? 6), delayMs: failure.retryAfterMs, reason };
    return { retry: false, reason };
  };
  return retry(() => fn(), {
    attempts: 'until-deadline',
    deadlineMs: o.deadlineMs ?? rt.now() + 600_000,
    now: rt.now,
    sleeper: rt.sleeper,
    random: rt.random,
    baseMs: o.baseMs ?? 1000,
    maxMs: o.maxMs ?? 30_000,
    classify,
    signal: o.signal,
    onRetry: (info) =>
      rt.log.info(
        `${o.doing}: attempt ${info.attempt} failed: ${info.reason}; retrying in ${info.delayMs} ms`,
      ),
  });
}

export function failureReason(f: AzureFailure, err: unknown): string {
  const codes = f.codes.filter((c) => c !== 'REQUEST_SEND_ERROR');
  if (f.status !== undefined) return `HTTP ${f.status}${codes.length ? ` ${codes.join('/')}` : ''}`;
  if (f.connection) return `connection failed (${describeError(err)})`;
  return describeError(err);
}

export function forbiddenByRbac(f: AzureFailure): boolean {
  return f.status === 403 && hasCode(f, 'ForbiddenByRbac');
}

/** "HTTP 403 AuthorizationFailed: <message>": the status and codes first, then the service's words. */
export function explainAzureError(err: unknown): string {
  const f = inspectAzureError(err);
  return f.status === undefined
    ? describeError(err)
    : `${failureReason(f, err)}: ${describeError(err)}`;
}
