/**
 * Resolves the roles the user asked for through ARM's role definitions, so the
 * plan shows names, an unknown role fails before any grant, and a custom role
 * that could change access is caught like the built-in privileged ones.
 */
import type { AuthorizationManagementClient, RoleDefinition } from '@azure/arm-authorization';
import { hasCode, inspectAzureError } from './azure-errors.js';
import { withAzureRetry } from './azure-retry.js';
import { InputError, wrapError } from './errors.js';
import { Inputs } from './names.js';
import type { RoleRef } from './resources.js';
import type { Runtime } from './runtime.js';

export interface ResolvedRole {
  guid: string;
  /** Full role definition ID in the subscription, as a role assignment takes it. */
  definitionId: string;
  roleName: string;
  /** True when the role can write role assignments or anything under Microsoft.Authorization. */
  privileged: boolean;
}

export async function resolveRole(
  rt: Runtime,
  client: AuthorizationManagementClient,
  ref: RoleRef,
  scope: string,
  subscriptionId: string,
): Promise<ResolvedRole> {
  const definition = await withAzureRetry(
    rt,
    { doing: `look up role '${ref.given}'`, attempts: 4 },
    () => (ref.kind === 'guid' ? getById(client, scope, ref) : findByName(client, scope, ref)),
  );
  const guid = definition.name ?? '';
  return {
    guid,
    definitionId: `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${guid}`,
    roleName: definition.roleName ?? guid,
    privileged: isPrivileged(definition),
  };
}

async function getById(
  client: AuthorizationManagementClient,
  scope: string,
  ref: RoleRef & { kind: 'guid' },
): Promise<RoleDefinition> {
  try {
    return await client.roleDefinitions.get(scope, ref.guid);
  } catch (err) {
    const failure = inspectAzureError(err);
    if (failure.status === 404 || hasCode(failure, 'RoleDefinitionDoesNotExist')) {
      throw new InputError(
        Inputs.RoleIds,
        `'${ref.given}' is not a role definition that exists at ${scope}. Check the GUID with 'az role definition list --name <role name>'.`,
      );
    }
    throw wrapError(`look up role definition ${ref.guid} at ${scope}`, err);
  }
}

async function findByName(
  client: AuthorizationManagementClient,
  scope: string,
  ref: RoleRef & { kind: 'name' },
): Promise<RoleDefinition> {
  const filter = `roleName eq '${ref.name.replace(/'/g, "''")}'`;
  for await (const definition of client.roleDefinitions.list(scope, { filter })) {
    if (definition.roleName?.toLowerCase() === ref.name.toLowerCase()) return definition;
  }
  throw new InputError(
    Inputs.RoleIds,
    `'${ref.given}' is not the name of a role at ${scope}. Use the exact name (e.g. 'Key Vault Secrets Officer') or the role's GUID.`,
  );
}

const PRIVILEGED_ACTIONS = [
  '*',
  'Microsoft.Authorization/*',
  'Microsoft.Authorization/*/write',
  'Microsoft.Authorization/roleAssignments/*',
  'Microsoft.Authorization/roleAssignments/write',
];

/** A role that can assign roles can grant itself anything: treat it as privileged. */
export function isPrivileged(definition: RoleDefinition): boolean {
  return (definition.permissions ?? []).some((p) => {
    const blocked = (p.notActions ?? []).map((a) => a.toLowerCase());
    return (p.actions ?? []).some((a) => {
      const action = a.toLowerCase();
      return (
        PRIVILEGED_ACTIONS.some((x) => x.toLowerCase() === action) &&
        !blocked.includes('microsoft.authorization/*/write')
      );
    });
  });
}
