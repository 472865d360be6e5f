/**
 * Knowing when access is real: after a grant, probe the vault with a cheap read
 * until it works (RBAC changes take up to 10 minutes to be honoured, per
 * Azure's RBAC troubleshooting guide); after a revoke, probe until it fails, to
 * report how long access lingered.
 */
import type { SecretClient } from '@azure/keyvault-secrets';
import { aadstsCodes, hasCode, inspectAzureError } from './azure-errors.js';
import { failureReason, isTransient } from './azure-retry.js';
import { ActionError, describeError } from './errors.js';
import { backoffDelay } from './retry.js';
import type { Runtime } from './runtime.js';

export type ProbeOutcome = 'allowed' | 'propagating' | 'transient';

/** A name no secret has: reading it answers 404 once access works, and never returns a value. */
export const PROBE_SECRET_NAME = 'jit-rbac-action-access-probe';

/**
 * One cheap read and what it means. It reads a secret that does not exist:
 * 404 means RBAC let the request through.
 * Note: a list call would do, but @azure/keyvault-secrets 4.12 drops the error
 * body of a failed page, so 403 ForbiddenByRbac (wait) and 403
 * ForbiddenByFirewall (fail now) could not be told apart.
 */
export async function probe(client: SecretClient, vaultName: string): Promise<ProbeOutcome> {
  try {
    await client.getSecret(PROBE_SECRET_NAME);
    return 'allowed';
  } catch (err) {
    const f = inspectAzureError(err);
    if (f.status === 404) return 'allowed';
    if (f.status === 403 && hasCode(f, 'ForbiddenByRbac')) return 'propagating';
    if (isTransient(f)) return 'transient';
    throw misconfiguration(vaultName, err);
  }
}

/** Failures no amount of waiting fixes, each with what to check. */
function misconfiguration(vaultName: string, err: unknown): ActionError {
  const f = inspectAzureError(err);
  let hint = '';
  if (hasCode(f, 'ForbiddenByFirewall')) {
    hint =
      " The vault's firewall refuses this runner: allow its address or use a runner inside the vault's network. This is not an RBAC delay.";
  } else if (aadstsCodes(err).length > 0) {
    hint = " Entra ID refused the token for Key Vault; check the app's federated credential.";
  } else if (f.status === 401) {
    hint = " Key Vault refused the token; check that the vault is in tenant-id's tenant.";
  } else if (f.status === 404) {
    hint =
      ' The vault does not answer at that address; check resource-ids and key-vault-dns-suffix.';
  }
  return new ActionError(
    `Failed to reach vault ${vaultName}: ${failureReason(f, err)}: ${describeError(err)}.${hint}`,
    { cause: err },
  );
}

export interface WaitResult {
  /** Seconds from the grant until the first successful read. */
  seconds: number;
  probes: number;
}

/**
 * Probes until access works, backing off with jitter up to a few seconds so
 * the first working moment is caught quickly, and fails at `deadlineMs`.
 */
export async function waitForAccess(
  rt: Runtime,
  client: SecretClient,
  vaultName: string,
  grantedAtMs: number,
  deadlineMs: number,
  signal?: AbortSignal,
): Promise<WaitResult> {
  for (let attempt = 1; ; attempt++) {
    const outcome = await probe(client, vaultName);
    if (outcome === 'allowed') return { seconds: (rt.now() - grantedAtMs) / 1000, probes: attempt };
    const delay = backoffDelay(attempt, { baseMs: 250, maxMs: 500, random: rt.random });
    if (rt.now() + delay > deadlineMs) {
      throw new ActionError(
        `Failed to get access to vault ${vaultName} within the propagation timeout (${Math.round((deadlineMs - grantedAtMs) / 1000)} s): Key Vault still answers 403 ForbiddenByRbac. Azure documents up to 10 minutes for role assignments to take effect; raise propagation-timeout if this recurs.`,
      );
    }
    if (attempt % 5 === 0)
      rt.log.info(`Waiting for access to vault ${vaultName}: ${outcome} after ${attempt} probes`);
    await rt.sleeper.sleep(delay, signal);
  }
}

/**
 * After a revoke, how long the data plane still lets us in. A figure for the
 * report, never a failure: returns undefined if access outlasts `timeoutMs`.
 */
export async function measureLinger(
  rt: Runtime,
  client: SecretClient,
  vaultName: string,
  revokedAtMs: number,
  timeoutMs: number,
): Promise<number | undefined> {
  for (let attempt = 1; ; attempt++) {
    let outcome: ProbeOutcome;
    try {
      outcome = await probe(client, vaultName);
    } catch {
      return (rt.now() - revokedAtMs) / 1000;
    }
    if (outcome === 'propagating') return (rt.now() - revokedAtMs) / 1000;
    const delay = backoffDelay(attempt, { baseMs: 250, maxMs: 5000, random: rt.random });
    if (rt.now() + delay > revokedAtMs + timeoutMs) return undefined;
    await rt.sleeper.sleep(delay);
  }
}
