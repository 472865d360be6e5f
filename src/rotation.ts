/**
 * Rotates the selected secrets of one vault: streams the list page by page,
 * gives each selected secret a new version that keeps its content type, tags,
 * enabled state and expiry policy, and records the outcome of every one.
 * Writes run with bounded concurrency under the vault's pacer; 429s, 5xx,
 * dropped connections and 403s while RBAC propagates are retried.
 */
import * as core from '@actions/core';
import type { SecretClient, SecretProperties } from '@azure/keyvault-secrets';
import {
  explainAzureError,
  failureReason,
  forbiddenByRbac,
  isTransient,
  withAzureRetry,
} from './azure-retry.js';
import { backoffDelay } from './retry.js';
import { describeError } from './errors.js';
import type { SecretSelection } from './inputs.js';
import type { Journal } from './journal.js';
import type { VaultPacer } from './pacer.js';
import type { Runtime } from './runtime.js';
import { generateSecretValue } from './secret-value.js';
import { inspectAzureError, type AzureFailure } from './azure-errors.js';

/** `restored`: rollback wrote a previous value back as a new version. */
export type RotationStatus = 'rotated' | 'restored' | 'skipped' | 'failed';

export interface RotationRecord {
  vault: string;
  secret: string;
  status: RotationStatus | 'started';
  reason?: string;
  version?: string;
  previousVersion?: string;
  rotatedAt?: string;
}

export interface RotationOptions {
  rt: Runtime;
  client: SecretClient;
  vaultName: string;
  pacer: VaultPacer;
  selection: SecretSelection;
  secretLength: number;
  secretAlphabet: string;
  secretExpiresInMs?: number;
  maxConcurrency: number;
  /** 403 ForbiddenByRbac is retried until then: access may still be propagating. */
  propagationDeadlineMs: number;
  /** No new write starts after this; the rest are skipped so revoke happens in time. */
  writeDeadlineMs: number;
  journal?: Journal;
  /** Aborted on cancellation: no new write starts, writes under way finish. */
  signal?: AbortSignal;
  /** Lower-case names rotated by the run this one resumes: skipped. */
  alreadyRotated?: Set<string>;
  /** Lower-case names of the approved plan's secrets: anything else is skipped. */
  approvedNames?: Set<string>;
  /** List and select only: every selected secret is reported as skipped. */
  dryRun?: boolean;
  /** Called with each final record. */
  onRecord?: (record: RotationRecord) => void;
  /** How many listed secrets are selected so far, and whether the listing is complete. */
  onListed?: (selected: number, complete: boolean) => void;
}

export interface VaultRotationResult {
  records: RotationRecord[];
  listed: number;
  filteredOut: number;
  listError?: string;
}

export async function rotateVault(o: RotationOptions): Promise<VaultRotationResult> {
  const result: VaultRotationResult = { records: [], listed: 0, filteredOut: 0 };
  const running = new Set<Promise<void>>();
  const finish = (record: RotationRecord) => {
    result.records.push(record);
    o.journal?.append(record);
    o.onRecord?.(record);
  };

  try {
    for await (const page of listPages(o)) {
      for (const properties of page) {
        result.listed++;
        const decision = triage(o, properties);
        if (decision === 'filtered') {
          result.filteredOut++;
          continue;
        }
        o.onListed?.(result.listed - result.filteredOut, false);
        if (decision) {
          finish(decision);
          continue;
        }
        // Backpressure: the next page is fetched only when a worker is free,
        // so memory stays flat however many secrets the vault holds.
        while (running.size >= o.maxConcurrency) await Promise.race(running);
        const task = rotateOne(o, properties).then(finish);
        running.add(task);
        void task.finally(() => running.delete(task));
      }
    }
    o.onListed?.(result.listed - result.filteredOut, true);
  } catch (err) {
    result.listError = describeError(err);
  }
  await Promise.all(running);
  return result;
}

/**
 * Whether a listed secret is selected, and if so whether it can be written:
 * the same rules for `plan` and `rotate`, so what was approved is what runs.
 */
export function selectionVerdict(
  selection: SecretSelection,
  p: SecretProperties,
): 'filtered' | 'rotate' | { skip: string } {
  if (!selection.matches({ name: p.name, tags: p.tags })) return 'filtered';
  if (p.managed) return { skip: 'certificate-backed secret: rotate its certificate instead' };
  if (p.enabled === false && !selection.includeDisabled)
    return { skip: 'disabled (set include-disabled to rotate it)' };
  return 'rotate';
}

/** A final record for secrets that are not written, 'filtered' for those not selected, or undefined to rotate. */
function triage(o: RotationOptions, p: SecretProperties): RotationRecord | 'filtered' | undefined {
  const verdict = selectionVerdict(o.selection, p);
  if (verdict === 'filtered') return 'filtered';
  const skip = (reason: string): RotationRecord => ({
    vault: o.vaultName,
    secret: p.name,
    status: 'skipped',
    reason,
  });
  if (verdict !== 'rotate') return skip(verdict.skip);
  if (o.approvedNames && !o.approvedNames.has(p.name.toLowerCase()))
    return skip('not in the approved plan');
  if (o.alreadyRotated?.has(p.name.toLowerCase())) {
    return skip('already rotated by the run this one resumes');
  }
  if (o.dryRun) return skip('dry run: would be rotated');
  if (o.signal?.aborted) return skip('cancelled before it was written');
  if (o.rt.now() >= o.writeDeadlineMs)
    return skip('not started: too little time left before the grant must be revoked');
  return undefined;
}

/** Restarts of the listing after a failed page, before giving up. */
const LIST_RESTARTS = 8;

/**
 * Secret pages. A failed page fetch restarts the listing from the first page
 * and skips names already handed out.
 * Note: @azure/keyvault-secrets 4.12 drops `continuationToken` from the pages
 * of listPropertiesOfSecrets (its mapper returns a plain array), so a listing
 * cannot resume mid-way; and after a page throws, its iterator is finished,
 * so carrying on with it would silently miss the remaining secrets.
 */
async function* listPages(o: RotationOptions): AsyncGenerator<SecretProperties[]> {
  const seen = new Set<string>();
  for (let restart = 0; ; restart++) {
    const pages = o.client.listPropertiesOfSecrets().byPage({ maxPageSize: 25 });
    try {
      for (;;) {
        await o.pacer.take();
        const next = await pages.next();
        if (next.done) return;
        const fresh = next.value.filter((p) => !seen.has(p.name.toLowerCase()));
        fresh.forEach((p) => seen.add(p.name.toLowerCase()));
        yield fresh;
      }
    } catch (err) {
      await pauseBeforeRelisting(o, err, restart);
    }
  }
}

async function pauseBeforeRelisting(
  o: RotationOptions,
  err: unknown,
  restart: number,
): Promise<void> {
  const f = inspectAzureError(err, o.rt.now());
  const retryable = (isTransient(f) && restart < LIST_RESTARTS) || stillPropagating(o, true)(f);
  if (!retryable) throw err;
  noteThrottle(o, err);
  const delay =
    f.retryAfterMs ??
    backoffDelay(restart + 1, { baseMs: 500, maxMs: 10_000, random: o.rt.random });
  o.rt.log.info(
    `list secrets of vault ${o.vaultName}: page failed: ${failureReason(f, err)}; listing again in ${delay} ms`,
  );
  await o.rt.sleeper.sleep(delay);
}

function noteThrottle(o: Pick<RotationOptions, 'rt' | 'pacer'>, err: unknown): void {
  const f = inspectAzureError(err, o.rt.now());
  if (f.status === 429) o.pacer.pauseUntil(o.rt.now() + (f.retryAfterMs ?? 1000));
}

async function rotateOne(o: RotationOptions, listed: SecretProperties): Promise<RotationRecord> {
  const base = { vault: o.vaultName, secret: listed.name };
  o.journal?.append({ ...base, status: 'started' });
  try {
    const current = await currentVersion(o, listed);
    const { version: previousVersion, contentType, tags, enabled, expiresOn, createdOn } = current;
    const value = generateSecretValue(o.secretLength, o.secretAlphabet);
    core.setSecret(value);
    const written = await call(o, `write secret ${listed.name} in ${o.vaultName}`, () =>
      o.client.setSecret(listed.name, value, {
        contentType,
        tags,
        enabled,
        expiresOn: newExpiry(o, expiresOn, createdOn),
      }),
    );
    return {
      ...base,
      status: 'rotated',
      version: written.properties.version,
      previousVersion,
      rotatedAt: new Date(o.rt.now()).toISOString(),
    };
  } catch (err) {
    return { ...base, status: 'failed', reason: explainAzureError(err) };
  }
}

/**
 * The current version's id and metadata. An enabled secret is read directly
 * (the value that comes with it is dropped at once); Key Vault refuses to read
 * a disabled one, so its versions are listed instead and the newest taken.
 */
async function currentVersion(
  o: RotationOptions,
  listed: SecretProperties,
): Promise<SecretProperties> {
  if (listed.enabled !== false) {
    const secret = await call(o, `read secret ${listed.name} in ${o.vaultName}`, () =>
      o.client.getSecret(listed.name),
    );
    return secret.properties;
  }
  return call(o, `list versions of secret ${listed.name} in ${o.vaultName}`, async () => {
    let newest: SecretProperties | undefined;
    for await (const v of o.client.listPropertiesOfSecretVersions(listed.name)) {
      if (!newest || (v.createdOn?.getTime() ?? 0) >= (newest.createdOn?.getTime() ?? 0))
        newest = v;
    }
    return newest ?? listed;
  });
}

/** `secret-expires-in` if set, else the old version's lifetime carried over to the new one. */
export function newExpiry(
  o: Pick<RotationOptions, 'rt' | 'secretExpiresInMs'>,
  expiresOn?: Date,
  createdOn?: Date,
): Date | undefined {
  const now = o.rt.now();
  if (o.secretExpiresInMs !== undefined) return new Date(now + o.secretExpiresInMs);
  if (!expiresOn) return undefined;
  const lifetime = expiresOn.getTime() - (createdOn?.getTime() ?? now);
  return lifetime > 0 ? new Date(now + lifetime) : expiresOn;
}

/**
 * A 403 ForbiddenByRbac is "not yet" only until the propagation timeout.
 * Note: a failed list page arrives without its error body (see access.ts), so
 * for pages a bare 403 Forbidden counts too.
 */
function stillPropagating(
  o: Pick<RotationOptions, 'rt' | 'propagationDeadlineMs'>,
  page = false,
): (f: AzureFailure) => boolean {
  const bareForbidden = (f: AzureFailure) =>
    page && f.status === 403 && f.codes.every((c) => c === 'Forbidden');
  return (f) => (forbiddenByRbac(f) || bareForbidden(f)) && o.rt.now() < o.propagationDeadlineMs;
}

/** One data-plane call under the vault's pacer, retried as Key Vault asks. */
export function call<T>(
  o: Pick<RotationOptions, 'rt' | 'pacer' | 'propagationDeadlineMs'>,
  doing: string,
  fn: () => Promise<T>,
): Promise<T> {
  return withAzureRetry(
    o.rt,
    {
      doing,
      deadlineMs: o.rt.now() + 120_000,
      // Five retries, from a quarter second: a vault failing one request in
      // seven still loses no secret, and one broken secret costs seconds.
      attempts: 6,
      baseMs: 250,
      maxMs: 10_000,
      alsoRetry: stillPropagating(o),
    },
    async () => {
      await o.pacer.take();
      try {
        return await fn();
      } catch (err) {
        noteThrottle(o, err);
        throw err;
      }
    },
  );
}
