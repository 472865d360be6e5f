/**
 * Checks ARM makes on the role and principal of a new role assignment: the
 * role definition exists, and the principal is visible in the directory
 * (replication delay, Azure docs "Troubleshoot Azure RBAC": set
 * `principalType` to avoid PrincipalNotFound right after creating a principal).
 */
import type { ArmCall } from './arm-request.js';
import { azureError, type EmulatorResponse } from './http.js';
import { findRole, type RoleDefinition } from './roles.js';
import type { PrincipalType } from './state.js';

const ROLE_DEFINITION_ID =
  /^(?:\/subscriptions\/[^/]+)?\/providers\/Microsoft\.Authorization\/roleDefinitions\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

export type Checked<T> = T | { response: EmulatorResponse };

export function resolveRoleDefinition(
  roleDefinitionId: string,
): Checked<{ guid: string; role: RoleDefinition }> {
  const guid = ROLE_DEFINITION_ID.exec(roleDefinitionId)?.[1]?.toLowerCase();
  if (!guid) {
    return {
      response: azureError(
        400,
        'InvalidRoleDefinitionId',
        `The role definition ID '${roleDefinitionId}' is not valid.`,
      ),
    };
  }
  const role = findRole(guid);
  if (!role) {
    return {
      response: azureError(
        400,
        'RoleDefinitionDoesNotExist',
        `The specified role definition with ID '${guid}' does not exist.`,
      ),
    };
  }
  return { guid, role };
}

export function principalNotFound(call: ArmCall, principalId: string): EmulatorResponse {
  return azureError(
    400,
    'PrincipalNotFound',
    `Principal ${principalId} does not exist in the directory ${call.caller.tenantId}. Check that you have the correct principal ID. If you are creating this principal and then immediately assigning a role, this error might be related to a replication delay. In this case, set the role assignment principalType property to a value, such as ServicePrincipal, User, or Group.  See https://aka.ms/docs-principaltype`,
  );
}

/**
 * The principal as ARM sees it. Unknown principals, and those still
 * replicating when no `principalType` was given, are PrincipalNotFound; the
 * `arm.principalNotFoundRegardlessOfType` knob forces it for the next N.
 */
export function checkPrincipal(
  call: ArmCall,
  principalId: string,
  principalType: PrincipalType | undefined,
): Checked<{ principalType: PrincipalType }> {
  const knobs = call.ctx.state.knobs;
  if (knobs.arm.principalNotFoundRegardlessOfType > 0) {
    knobs.arm.principalNotFoundRegardlessOfType -= 1;
    return { response: principalNotFound(call, principalId) };
  }
  const principal = call.ctx.state.principals.get(principalId.toLowerCase());
  const replicating =
    principal !== undefined && call.now < principal.createdAt + knobs.principalReplicationMs;
  if (!principal) return { response: principalNotFound(call, principalId) };
  if (replicating && !principalType) return { response: principalNotFound(call, principalId) };
  // Azure docs: with principalType set ARM does not wait for the directory, so
  // a principal still replicating is taken at its stated type.
  if (replicating && principalType) return { principalType };
  if (principalType && principalType !== principal.type) {
    return { response: unmatchedType(principalId, principal.type, principalType) };
  }
  return { principalType: principal.type };
}

function unmatchedType(id: string, actual: PrincipalType, given: PrincipalType): EmulatorResponse {
  return azureError(
    400,
    'UnmatchedPrincipalType',
    `The PrincipalId '${id}' has type '${actual}' , which is different from specified PrincipalType '${given}'.`,
  );
}
