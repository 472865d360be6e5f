/**
 * `Microsoft.Authorization/roleAssignments` (REST API spec 2022-04-01):
 * PUT, GET and DELETE by name (or by full id), and list at a scope.
 */
import { ACTIONS, refuseUnlessGranted, type AssignmentAttributes } from './arm-access.js';
import { matchesFilter, parseAssignmentFilter } from './arm-filter.js';
import { checkPrincipal, resolveRoleDefinition } from './arm-validation.js';
import {
  GUID_PATTERN,
  isoTime,
  listPage,
  roleDefinitionIdFor,
  type ArmCall,
} from './arm-request.js';
import { azureError, json, jsonBody, type EmulatorResponse } from './http.js';
import { normalizeScope, type PrincipalType, type RoleAssignmentRecord } from './state.js';

/** An assignment as ARM returns it (REST API spec 2022-04-01, `RoleAssignment`). */
export function assignmentToWire(a: RoleAssignmentRecord) {
  return {
    id: a.id,
    name: a.name,
    type: 'Microsoft.Authorization/roleAssignments',
    properties: {
      scope: a.scope,
      roleDefinitionId: a.roleDefinitionId,
      principalId: a.principalId,
      principalType: a.principalType,
      description: a.description ?? null,
      condition: a.condition ?? null,
      conditionVersion: a.conditionVersion ?? null,
      createdOn: isoTime(a.createdOn),
      updatedOn: isoTime(a.updatedOn),
      createdBy: a.createdBy ?? null,
      updatedBy: a.updatedBy ?? null,
      delegatedManagedIdentityResourceId: null,
    },
  };
}

/** The live assignment with this name at exactly this scope. */
export function findAssignment(call: ArmCall, name: string): RoleAssignmentRecord | undefined {
  const scope = normalizeScope(call.target.scope);
  return call.ctx.state
    .liveAssignments(call.now)
    .find((a) => a.name.toLowerCase() === name.toLowerCase() && normalizeScope(a.scope) === scope);
}

/** The live assignment of `role` to `principal` at exactly `scope`, any name. */
export function findSameGrant(
  call: ArmCall,
  grant: { scope: string; roleDefinitionId: string; principalId: string },
): RoleAssignmentRecord | undefined {
  const guid = grant.roleDefinitionId.split('/').pop()?.toLowerCase();
  return call.ctx.state
    .liveAssignments(call.now)
    .find(
      (a) =>
        normalizeScope(a.scope) === normalizeScope(grant.scope) &&
        a.principalId.toLowerCase() === grant.principalId.toLowerCase() &&
        a.roleDefinitionId.split('/').pop()?.toLowerCase() === guid,
    );
}

export function assignmentAttributes(a: RoleAssignmentRecord): AssignmentAttributes {
  return {
    roleDefinitionId: a.roleDefinitionId,
    principalId: a.principalId,
    principalType: a.principalType,
  };
}

export function getAssignment(call: ArmCall, name: string): EmulatorResponse {
  const refused = refuseUnlessGranted(call.ctx, {
    caller: call.caller,
    action: ACTIONS.assignmentRead,
    scope: call.target.scope,
  });
  if (refused) return refused;
  const found = findAssignment(call, name);
  return found ? json(200, assignmentToWire(found)) : assignmentNotFound(name);
}

export function assignmentNotFound(name: string): EmulatorResponse {
  // REST API spec 2022-04-01 / Azure's answer for an unknown name.
  return azureError(404, 'RoleAssignmentNotFound', `The role assignment '${name}' is not found.`);
}

interface CreateBody {
  properties?: {
    roleDefinitionId?: string;
    principalId?: string;
    principalType?: PrincipalType;
    description?: string;
    condition?: string;
    conditionVersion?: string;
  };
}

export function createAssignment(call: ArmCall, name: string): EmulatorResponse {
  const properties = jsonBody<CreateBody>(call.req)?.properties;
  if (!properties?.roleDefinitionId || !properties.principalId) {
    return azureError(
      400,
      'InvalidRequestContent',
      'The request content was invalid and could not be deserialized: properties.roleDefinitionId and properties.principalId are required.',
    );
  }
  if (!GUID_PATTERN.test(name)) {
    // Azure docs (role assignments REST): the name must be a GUID.
    return azureError(
      400,
      'InvalidRoleAssignmentId',
      `The role assignment ID '${name}' is not valid. The role assignment ID must be a GUID.`,
    );
  }
  const request = {
    roleDefinitionId: properties.roleDefinitionId,
    principalId: properties.principalId,
    principalType: properties.principalType,
  };
  const refused = refuseUnlessGranted(call.ctx, {
    caller: call.caller,
    action: ACTIONS.assignmentWrite,
    scope: call.target.scope,
    request,
  });
  if (refused) return refused;
  return createAuthorized(call, name, { ...properties, ...request });
}

function createAuthorized(
  call: ArmCall,
  name: string,
  properties: NonNullable<CreateBody['properties']> & {
    roleDefinitionId: string;
    principalId: string;
  },
): EmulatorResponse {
  const role = resolveRoleDefinition(properties.roleDefinitionId);
  if ('response' in role) return role.response;
  const principal = checkPrincipal(call, properties.principalId, properties.principalType);
  if ('response' in principal) return principal.response;

  const grant = {
    scope: call.target.scope,
    roleDefinitionId: roleDefinitionIdFor(call.target.scope, role.guid),
    principalId: properties.principalId,
    principalType: principal.principalType,
    description: properties.description,
    condition: properties.condition,
    conditionVersion: properties.condition ? (properties.conditionVersion ?? '2.0') : undefined,
  };
  const sameName = call.ctx.state
    .liveAssignments(call.now)
    .find((a) => a.name.toLowerCase() === name.toLowerCase());
  if (sameName) return updateExisting(call, sameName, grant);
  if (findSameGrant(call, grant)) {
    // REST API spec 2022-04-01: 409 when the same role, principal and scope exist.
    return azureError(409, 'RoleAssignmentExists', 'The role assignment already exists.');
  }
  const record = newRecord(call, name, grant);
  call.ctx.state.roleAssignments.push(record);
  return json(201, assignmentToWire(record));
}

type Grant = Omit<RoleAssignmentRecord, 'id' | 'name' | 'createdOn' | 'updatedOn' | 'origin'>;

export function newRecord(
  call: ArmCall,
  name: string,
  grant: Grant,
  origin: RoleAssignmentRecord['origin'] = 'rbac',
): RoleAssignmentRecord {
  return {
    ...grant,
    id: `${grant.scope === '/' ? '' : grant.scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
    name,
    createdOn: call.now,
    updatedOn: call.now,
    createdBy: call.caller.objectId,
    updatedBy: call.caller.objectId,
    origin,
  };
}

/**
 * A PUT to an existing name. Azure docs ("Add or edit Azure role assignment
 * conditions"): description and condition may change; scope, role and
 * principal may not (409 RoleAssignmentUpdateNotPermitted). The same content
 * again is an idempotent success.
 */
function updateExisting(
  call: ArmCall,
  existing: RoleAssignmentRecord,
  grant: Grant,
): EmulatorResponse {
  const immutableChanged =
    normalizeScope(existing.scope) !== normalizeScope(grant.scope) ||
    existing.principalId.toLowerCase() !== grant.principalId.toLowerCase() ||
    existing.roleDefinitionId.toLowerCase() !== grant.roleDefinitionId.toLowerCase();
  if (immutableChanged) {
    return azureError(
      409,
      'RoleAssignmentUpdateNotPermitted',
      'Tenant ID, application ID, principal ID, and scope are not allowed to be updated.',
    );
  }
  const changed =
    (existing.description ?? '') !== (grant.description ?? '') ||
    (existing.condition ?? '') !== (grant.condition ?? '');
  if (changed) {
    Object.assign(existing, {
      description: grant.description,
      condition: grant.condition,
      conditionVersion: grant.conditionVersion,
      updatedOn: call.now,
      updatedBy: call.caller.objectId,
    });
  }
  // Note: 200 marks "nothing new was created" in the request log; the REST API
  // spec 2022-04-01 allows 200 and 201 for this PUT and the SDK accepts both.
  return json(200, assignmentToWire(existing));
}

export function deleteAssignment(call: ArmCall, name: string): EmulatorResponse {
  const knobs = call.ctx.state.knobs.arm;
  if (knobs.deleteFailures > 0) {
    knobs.deleteFailures -= 1;
    return azureError(
      500,
      'InternalServerError',
      'The server encountered an internal error. Please retry the request.',
    );
  }

  const found = findAssignment(call, name);
  const refused = refuseUnlessGranted(call.ctx, {
    caller: call.caller,
    action: ACTIONS.assignmentDelete,
    scope: call.target.scope,
    resource: found ? assignmentAttributes(found) : undefined,
    // Note: with nothing to delete there are no @Resource attributes to test,
    // so the emulator judges a conditional delegation on its role alone.
    ignoreConditions: !found,
  });
  if (refused) return refused;
  // REST API spec 2022-04-01: 204 No Content when there was nothing to delete.
  if (!found) return { status: 204 };

  // Kept, not spliced out: the data plane reads deletedAt for revoke propagation.
  found.deletedAt = call.now;
  found.updatedBy = call.caller.objectId;
  return json(200, assignmentToWire(found));
}

/**
 * List at a scope (REST API spec 2022-04-01 `RoleAssignments_ListForScope`;
 * Azure docs "List Azure role assignments using the REST API"): without
 * `atScope()` ARM lists assignments at, above and below the scope; with it,
 * at and above only.
 */
export function listAssignments(call: ArmCall): EmulatorResponse {
  const refused = refuseUnlessGranted(call.ctx, {
    caller: call.caller,
    action: ACTIONS.assignmentRead,
    scope: call.target.scope,
  });
  if (refused) return refused;
  const filter = parseAssignmentFilter(call.req.query.get('$filter'));
  if ('response' in filter) return filter.response;

  const items = call.ctx.state
    .liveAssignments(call.now)
    .filter((a) => matchesFilter(filter, call.target.scope, a.scope, a.principalId))
    .map(assignmentToWire);
  return json(200, listPage(call, items));
}
