/**
 * The plan a human approves: which role goes to which principal on which
 * vault, and which secrets will be rotated. Its canonical JSON is hashed, and
 * the rotate job refuses to elevate if the plan it computes differs.
 */
import { createHash } from 'node:crypto';
import type { SecretClient } from '@azure/keyvault-secrets';
import { withAzureRetry } from './azure-retry.js';
import { ActionError } from './errors.js';
import type { Settings } from './inputs.js';
import { renderTable } from './markdown.js';
import type { VaultRef } from './resources.js';
import type { ResolvedRole } from './roles.js';
import { selectionVerdict } from './rotation.js';
import type { Runtime } from './runtime.js';

export interface PlannedGrant {
  roleId: string;
  roleName: string;
  scope: string;
  resourceName: string;
  resourceType: 'Microsoft.KeyVault/vaults';
  resourceGroup: string;
  subscriptionId: string;
}

export interface Plan {
  schemaVersion: 1;
  principal: { objectId: string; type: string };
  grants: PlannedGrant[];
  /** Secret names that will be rotated, per vault, sorted. */
  secrets: Record<string, string[]>;
  generation: {
    length: number;
    alphabet: string;
    expiresInMs: number | null;
    includeDisabled: boolean;
  };
}

/** JSON with sorted keys and no whitespace: equal plans give equal text whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(
      ([, v]) => v !== undefined,
    );
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function planHash(plan: Plan): string {
  return createHash('sha256').update(canonicalJson(plan)).digest('hex');
}

export function plannedGrants(settings: Settings, roles: ResolvedRole[]): PlannedGrant[] {
  const grants = settings.grants.map((g, i) => plannedGrant(g.vault, roles[i] as ResolvedRole));
  return grants.sort((a, b) => canonicalJson(a).localeCompare(canonicalJson(b)));
}

function plannedGrant(vault: VaultRef, role: ResolvedRole): PlannedGrant {
  return {
    roleId: role.guid,
    roleName: role.roleName,
    scope: vault.id.toLowerCase(),
    resourceName: vault.name.toLowerCase(),
    resourceType: 'Microsoft.KeyVault/vaults',
    resourceGroup: vault.resourceGroup.toLowerCase(),
    subscriptionId: vault.subscriptionId,
  };
}

/**
 * Names of the secrets `rotate` would write, with the action's current access
 * (no grant is made for a plan). Listing needs the secrets' metadata only:
 * Key Vault Reader is enough and exposes no value.
 */
export async function plannedSecrets(
  rt: Runtime,
  client: SecretClient,
  vaultName: string,
  settings: Settings,
): Promise<string[]> {
  try {
    return await withAzureRetry(
      rt,
      { doing: `list secrets of vault ${vaultName} for the plan`, attempts: 4 },
      async () => {
        const names: string[] = [];
        for await (const p of client.listPropertiesOfSecrets()) {
          if (selectionVerdict(settings.selection, p) === 'rotate')
            names.push(p.name.toLowerCase());
        }
        return names.sort();
      },
    );
  } catch (err) {
    throw new ActionError(
      `Failed to list the secrets of vault ${vaultName} for the plan: ${(err as Error).message ?? String(err)}. ` +
        'A plan makes no grant, so the identity needs standing read access to secret metadata on the vault ' +
        '(Key Vault Reader, which exposes no value).',
      { cause: err },
    );
  }
}

export function buildPlan(
  settings: Settings,
  principal: { objectId: string; type: string },
  roles: ResolvedRole[],
  secrets: Record<string, string[]>,
): Plan {
  return {
    schemaVersion: 1,
    principal: { objectId: principal.objectId.toLowerCase(), type: principal.type },
    grants: plannedGrants(settings, roles),
    secrets,
    generation: {
      length: settings.secretLength,
      alphabet: settings.secretAlphabet,
      expiresInMs: settings.secretExpiresInMs ?? null,
      includeDisabled: settings.selection.includeDisabled,
    },
  };
}

/** The approval table: every pair that will be executed, and every secret, escaped. */
export function renderApprovalTable(plan: Plan, principalName?: string): string {
  const principal = principalName
    ? `${principalName} (${plan.principal.objectId})`
    : plan.principal.objectId;
  const grants = renderTable(
    ['Role', 'Role ID', 'Resource', 'Resource type', 'Resource group', 'Principal'],
    plan.grants.map((g) => [
      g.roleName,
      g.roleId,
      g.resourceName,
      g.resourceType,
      g.resourceGroup,
      principal,
    ]),
  );
  const secretRows = Object.entries(plan.secrets).flatMap(([vault, names]) =>
    names.map((n) => [vault, n]),
  );
  const secrets = renderTable(['Vault', 'Secret to rotate'], secretRows);
  return `#### Access to approve\n\n${grants}\n#### Secrets to rotate (${secretRows.length})\n\n${secrets}`;
}

/** What differs between the approved plan and the one computed now, in words. */
export function describePlanDifference(approved: Plan, current: Plan): string[] {
  const differences: string[] = [];
  const grantKey = (g: PlannedGrant) => `${g.roleName} (${g.roleId}) on ${g.resourceName}`;
  const approvedGrants = new Set(approved.grants.map(grantKey));
  const currentGrants = new Set(current.grants.map(grantKey));
  for (const g of currentGrants) if (!approvedGrants.has(g)) differences.push(`grant added: ${g}`);
  for (const g of approvedGrants)
    if (!currentGrants.has(g)) differences.push(`grant removed: ${g}`);
  if (approved.principal.objectId !== current.principal.objectId)
    differences.push(
      `principal changed: ${approved.principal.objectId} -> ${current.principal.objectId}`,
    );
  for (const vault of new Set([
    ...Object.keys(approved.secrets),
    ...Object.keys(current.secrets),
  ])) {
    const before = new Set(approved.secrets[vault] ?? []);
    const now = new Set(current.secrets[vault] ?? []);
    for (const n of now) if (!before.has(n)) differences.push(`secret added: ${vault}/${n}`);
    for (const n of before) if (!now.has(n)) differences.push(`secret removed: ${vault}/${n}`);
  }
  if (canonicalJson(approved.generation) !== canonicalJson(current.generation))
    differences.push('secret generation settings changed');
  const approvedScopes = new Set(approved.grants.map((g) => g.scope));
  for (const g of current.grants) {
    if (!approvedScopes.has(g.scope) && approvedGrants.has(grantKey(g)))
      differences.push(`grant scope changed: ${grantKey(g)} is now at ${g.scope}`);
  }
  if (approved.principal.type !== current.principal.type) {
    differences.push(
      `principal type changed: ${approved.principal.type} -> ${current.principal.type}`,
    );
  }
  // Anything the list above does not itemise still counts: the hashes differ.
  if (differences.length === 0 && planHash(approved) !== planHash(current)) {
    differences.push('the plans differ in a detail not itemised here; compare the plan outputs');
  }
  return differences;
}
