/**
 * `command: rollback`: after a rotation whose consumers failed their smoke
 * test, writes each rotated secret's previous value back as a new version
 * (Key Vault cannot delete one version), keeping the current metadata.
 * A secret changed again since that rotation is left alone.
 */
import * as core from '@actions/core';
import type { SecretClient } from '@azure/keyvault-secrets';
import { explainAzureError } from './azure-retry.js';
import type { PriorRotation } from './inputs.js';
import type { Journal } from './journal.js';
import type { VaultPacer } from './pacer.js';
import { call, type RotationRecord } from './rotation.js';
import type { Runtime } from './runtime.js';

export interface RollbackOptions {
  rt: Runtime;
  client: SecretClient;
  vaultName: string;
  pacer: VaultPacer;
  propagationDeadlineMs: number;
  records: PriorRotation[];
  journal?: Journal;
  signal?: AbortSignal;
}

export async function rollbackVault(o: RollbackOptions): Promise<RotationRecord[]> {
  const results: RotationRecord[] = [];
  const vault = o.vaultName.toLowerCase();
  for (const prior of o.records.filter((r) => r.vault.toLowerCase() === vault)) {
    const record = o.signal?.aborted
      ? skipped(o, prior, 'cancelled before it was restored')
      : await restoreOne(o, prior);
    o.journal?.append(record);
    results.push(record);
  }
  return results;
}

function skipped(o: RollbackOptions, prior: PriorRotation, reason: string): RotationRecord {
  return { vault: o.vaultName, secret: prior.secret, status: 'skipped', reason };
}

async function restoreOne(o: RollbackOptions, prior: PriorRotation): Promise<RotationRecord> {
  if (prior.status !== 'rotated')
    return skipped(o, prior, `not rotated by that run (${prior.status})`);
  if (!prior.previousVersion || !prior.version)
    return skipped(o, prior, 'the record has no version to restore');
  const name = prior.secret;
  o.journal?.append({ vault: o.vaultName, secret: name, status: 'started' });
  try {
    const current = await call(o, `read secret ${name} in ${o.vaultName}`, () =>
      o.client.getSecret(name),
    );
    if (current.properties.version !== prior.version) {
      return skipped(
        o,
        prior,
        `changed since that rotation (current version ${current.properties.version ?? 'unknown'}): left alone`,
      );
    }
    const previous = await call(o, `read version ${prior.previousVersion} of ${name}`, () =>
      o.client.getSecret(name, { version: prior.previousVersion }),
    );
    const value = previous.value ?? '';
    core.setSecret(value);
    const { contentType, tags, enabled, expiresOn } = current.properties;
    const written = await call(o, `write secret ${name} in ${o.vaultName}`, () =>
      o.client.setSecret(name, value, { contentType, tags, enabled, expiresOn }),
    );
    return {
      vault: o.vaultName,
      secret: name,
      status: 'restored',
      reason: `restored the value of version ${prior.previousVersion}`,
      version: written.properties.version,
      previousVersion: prior.version,
      rotatedAt: new Date(o.rt.now()).toISOString(),
    };
  } catch (err) {
    return { vault: o.vaultName, secret: name, status: 'failed', reason: explainAzureError(err) };
  }
}
