/**
 * PIM for Azure resources (REST API spec 2020-10-01): role assignment schedule
 * requests (AdminAssign, AdminRemove) and the schedules and schedule instances
 * they produce. An AdminAssign creates a role assignment that ends by itself
 * at its expiry (`endsAt`), as Azure removes it (AZURE-WIRE.md).
 */
import { randomUUID } from 'node:crypto';
import { ACTIONS, refuseUnlessGranted } from './arm-access.js';
import { assignmentAttributes, findSameGrant, newRecord } from './arm-assignments.js';
import { matchesFilter, parseAssignmentFilter } from './arm-filter.js';
import { isoTime, listPage, roleDefinitionIdFor, type ArmCall } from './arm-request.js';
import { parseSchedule, type ScheduleInfo } from './arm-schedule.js';
import { checkPrincipal, resolveRoleDefinition } from './arm-validation.js';
import { azureError, json, jsonBody, type EmulatorResponse } from './http.js';
import { findRole } from './roles.js';
import {
  isLiveInArm,
  normalizeScope,
  scopeContains,
  type EmulatorState,
  type PrincipalType,
  type RoleAssignmentRecord,
} from './state.js';

const PROVIDER = '/providers/Microsoft.Authorization';

interface ScheduleRequestRecord {
  name: string;
  scope: string;
  roleDefinitionId: string;
  principalId: string;
  principalType?: PrincipalType;
  requestType: 'AdminAssign' | 'AdminRemove';
  status: 'Provisioned' | 'Revoked';
  scheduleInfo?: ScheduleInfo;
  justification?: string;
  ticketInfo?: { ticketNumber?: string; ticketSystem?: string };
  condition?: string;
  conditionVersion?: string;
  createdOn: number;
  requestorId: string;
  /** The role assignment this request created or ended. */
  assignment?: RoleAssignmentRecord;
}

// Kept beside the state rather than in it: only the PIM routes read it.
const requestsByState = new WeakMap<EmulatorState, Map<string, ScheduleRequestRecord>>();

function requestsOf(state: EmulatorState): Map<string, ScheduleRequestRecord> {
  let requests = requestsByState.get(state);
  if (!requests) requestsByState.set(state, (requests = new Map()));
  return requests;
}

interface RequestBody {
  properties?: {
    roleDefinitionId?: string;
    principalId?: string;
    requestType?: string;
    scheduleInfo?: ScheduleInfo;
    justification?: string;
    ticketInfo?: ScheduleRequestRecord['ticketInfo'];
    condition?: string;
    conditionVersion?: string;
  };
}

export function createScheduleRequest(call: ArmCall, name: string): EmulatorResponse {
  if (call.ctx.state.knobs.arm.pimDisabledTenants.includes(call.caller.tenantId)) {
    // Azure docs (PIM license requirements): PIM needs P2 or ID Governance.
    return azureError(
      400,
      'AadPremiumLicenseRequired',
      'The tenant needs to have Microsoft Entra ID P2 or Microsoft Entra ID Governance license.',
    );
  }
  const properties = jsonBody<RequestBody>(call.req)?.properties;
  if (!properties?.roleDefinitionId || !properties.principalId) {
    return azureError(
      400,
      'InvalidRequestContent',
      'The request content was invalid: properties.roleDefinitionId and properties.principalId are required.',
    );
  }
  if (requestsOf(call.ctx.state).has(name.toLowerCase())) {
    return azureError(
      400,
      'RoleAssignmentRequestExists',
      `The role assignment request ID '${name}' already exists.`,
    );
  }
  const role = resolveRoleDefinition(properties.roleDefinitionId);
  if ('response' in role) return role.response;
  const request = draftRequest(call, name, role.guid, properties);
  if (properties.requestType === 'AdminAssign') return adminAssign(call, request);
  if (properties.requestType === 'AdminRemove') return adminRemove(call, request);
  // Note: the emulator models the admin requests the action sends; SelfActivate
  // and the rest would need eligibility schedules.
  return azureError(
    400,
    'InvalidParameter',
    `The request type '${String(properties.requestType)}' is not supported by the emulator; use AdminAssign or AdminRemove.`,
  );
}

function draftRequest(
  call: ArmCall,
  name: string,
  roleGuid: string,
  p: NonNullable<RequestBody['properties']>,
): ScheduleRequestRecord {
  return {
    name,
    scope: call.target.scope,
    roleDefinitionId: roleDefinitionIdFor(call.target.scope, roleGuid),
    principalId: p.principalId ?? '',
    requestType: p.requestType as ScheduleRequestRecord['requestType'],
    status: 'Provisioned',
    scheduleInfo: p.scheduleInfo,
    justification: p.justification,
    ticketInfo: p.ticketInfo,
    condition: p.condition,
    conditionVersion: p.condition ? (p.conditionVersion ?? '2.0') : undefined,
    createdOn: call.now,
    requestorId: call.caller.objectId,
  };
}

function adminAssign(call: ArmCall, request: ScheduleRequestRecord): EmulatorResponse {
  const refused = refuseUnlessGranted(call.ctx, {
    caller: call.caller,
    action: ACTIONS.assignmentWrite,
    scope: request.scope,
    request: { roleDefinitionId: request.roleDefinitionId, principalId: request.principalId },
  });
  if (refused) return refused;
  // PIM takes no principalType, so a principal still replicating is not found.
  const principal = checkPrincipal(call, request.principalId, undefined);
  if ('response' in principal) return principal.response;
  const schedule = parseSchedule(request.scheduleInfo, call.now);
  if ('response' in schedule) return schedule.response;
  if (findSameGrant(call, request)) {
    return azureError(400, 'RoleAssignmentExists', 'The Role assignment already exists.');
  }

  const grant = {
    scope: request.scope,
    roleDefinitionId: request.roleDefinitionId,
    principalId: request.principalId,
    principalType: principal.principalType,
    description: request.justification,
    condition: request.condition,
    conditionVersion: request.conditionVersion,
  };
  const assignment = newRecord(call, randomUUID(), grant, 'pim');
  // Note: a start in the future is treated as starting now; the end still
  // counts from the requested start.
  assignment.endsAt = schedule.endsAt;
  call.ctx.state.roleAssignments.push(assignment);
  return saveRequest(call, { ...request, principalType: principal.principalType, assignment });
}

/** Ends the live assignment of the role to the principal at exactly this scope. */
function adminRemove(call: ArmCall, request: ScheduleRequestRecord): EmulatorResponse {
  const found = findSameGrant(call, request);
  const refused = refuseUnlessGranted(call.ctx, {
    caller: call.caller,
    action: ACTIONS.assignmentDelete,
    scope: request.scope,
    resource: found ? assignmentAttributes(found) : undefined,
    ignoreConditions: !found,
  });
  if (refused) return refused;
  if (!found) {
    return azureError(400, 'RoleAssignmentDoesNotExist', 'The Role assignment does not exist.');
  }
  // Note: PIM manages every active assignment, so this also ends one made
  // with a plain PUT, not only those PIM created.
  found.deletedAt = call.now;
  found.updatedBy = call.caller.objectId;
  const removed = { ...request, status: 'Revoked' as const, principalType: found.principalType };
  return saveRequest(call, { ...removed, assignment: found });
}

function saveRequest(call: ArmCall, request: ScheduleRequestRecord): EmulatorResponse {
  requestsOf(call.ctx.state).set(request.name.toLowerCase(), request);
  return json(201, requestToWire(call, request));
}

function expandedProperties(
  call: ArmCall,
  r: { scope: string; roleDefinitionId: string; principalId: string },
) {
  const principal = call.ctx.state.principals.get(r.principalId.toLowerCase());
  const scopeParts = r.scope.split('/').filter(Boolean);
  return {
    scope: {
      id: r.scope,
      displayName: scopeParts.at(-1) ?? '/',
      type:
        scopeParts.length <= 2
          ? 'subscription'
          : scopeParts.length <= 4
            ? 'resourcegroup'
            : 'resource',
    },
    roleDefinition: {
      id: r.roleDefinitionId,
      displayName: findRole(r.roleDefinitionId)?.roleName ?? null,
      type: 'BuiltInRole',
    },
    principal: {
      id: r.principalId,
      displayName: principal?.displayName ?? null,
      email: null,
      type: principal?.type ?? null,
    },
  };
}

function requestToWire(call: ArmCall, r: ScheduleRequestRecord) {
  const scopePrefix = r.scope === '/' ? '' : r.scope;
  return {
    id: `${scopePrefix}${PROVIDER}/roleAssignmentScheduleRequests/${r.name}`,
    name: r.name,
    type: 'Microsoft.Authorization/RoleAssignmentScheduleRequests',
    properties: {
      roleDefinitionId: r.roleDefinitionId,
      principalId: r.principalId,
      principalType: r.principalType ?? null,
      requestType: r.requestType,
      status: r.status,
      approvalId: null,
      scheduleInfo: r.scheduleInfo ?? null,
      targetRoleAssignmentScheduleId: `${scopePrefix}${PROVIDER}/roleAssignmentSchedules/${r.name}`,
      targetRoleAssignmentScheduleInstanceId: null,
      linkedRoleEligibilityScheduleId: null,
      justification: r.justification ?? null,
      ticketInfo: r.ticketInfo ?? null,
      condition: r.condition ?? null,
      conditionVersion: r.conditionVersion ?? null,
      createdOn: isoTime(r.createdOn),
      requestorId: r.requestorId,
      expandedProperties: expandedProperties(call, r),
      scope: r.scope,
    },
  };
}

function refuseRead(call: ArmCall): EmulatorResponse | undefined {
  return refuseUnlessGranted(call.ctx, {
    caller: call.caller,
    action: ACTIONS.assignmentRead,
    scope: call.target.scope,
  });
}

export function getScheduleRequest(call: ArmCall, name: string): EmulatorResponse {
  const refused = refuseRead(call);
  if (refused) return refused;
  const found = requestsOf(call.ctx.state).get(name.toLowerCase());
  if (!found || normalizeScope(found.scope) !== normalizeScope(call.target.scope)) {
    // Note: code and wording are the emulator's.
    return azureError(
      404,
      'RoleAssignmentScheduleRequestNotFound',
      `The role assignment schedule request '${name}' is not found.`,
    );
  }
  return json(200, requestToWire(call, found));
}

/** Requests at or below the scope; only `principalId eq` of PIM's filters is applied. */
export function listScheduleRequests(call: ArmCall): EmulatorResponse {
  const refused = refuseRead(call);
  if (refused) return refused;
  const principalId = /principalId\s+eq\s+'([^']+)'/i.exec(
    call.req.query.get('$filter') ?? '',
  )?.[1];
  const items = [...requestsOf(call.ctx.state).values()]
    .filter((r) => scopeContains(call.target.scope, r.scope))
    .filter((r) => !principalId || r.principalId.toLowerCase() === principalId.toLowerCase())
    .map((r) => requestToWire(call, r));
  return json(200, listPage(call, items));
}

/** Live PIM-made assignments with the request that made them. */
function activeSchedules(
  call: ArmCall,
): Array<{ request: ScheduleRequestRecord; assignment: RoleAssignmentRecord }> {
  const active = [];
  for (const request of requestsOf(call.ctx.state).values()) {
    const { assignment } = request;
    if (request.requestType !== 'AdminAssign' || !assignment) continue;
    if (isLiveInArm(assignment, call.now)) active.push({ request, assignment });
  }
  return active;
}

/** Properties a schedule and its instance share (REST API spec 2020-10-01). */
function scheduleCommon(call: ArmCall, a: RoleAssignmentRecord) {
  return {
    scope: a.scope,
    roleDefinitionId: a.roleDefinitionId,
    principalId: a.principalId,
    principalType: a.principalType,
    status: 'Provisioned',
    assignmentType: 'Assigned',
    memberType: 'Direct',
    startDateTime: isoTime(a.createdOn),
    endDateTime: isoTime(a.endsAt),
    condition: a.condition ?? null,
    conditionVersion: a.conditionVersion ?? null,
    createdOn: isoTime(a.createdOn),
    expandedProperties: expandedProperties(call, a),
  };
}

function scheduleToWire(
  call: ArmCall,
  request: ScheduleRequestRecord,
  a: RoleAssignmentRecord,
  instance: boolean,
) {
  const prefix = `${a.scope === '/' ? '' : a.scope}${PROVIDER}`;
  const scheduleId = `${prefix}/roleAssignmentSchedules/${request.name}`;
  if (!instance) {
    const properties = {
      ...scheduleCommon(call, a),
      roleAssignmentScheduleRequestId: requestToWire(call, request).id,
      updatedOn: isoTime(a.updatedOn),
    };
    const type = 'Microsoft.Authorization/roleAssignmentSchedules';
    return { id: scheduleId, name: request.name, type, properties };
  }
  const properties = {
    ...scheduleCommon(call, a),
    roleAssignmentScheduleId: scheduleId,
    originRoleAssignmentId: a.id,
  };
  const id = `${prefix}/roleAssignmentScheduleInstances/${a.name}`;
  const type = 'Microsoft.Authorization/roleAssignmentScheduleInstances';
  return { id, name: a.name, type, properties };
}

/** GET one or list (with the role assignment `$filter`) schedules or their instances. */
export function readSchedules(call: ArmCall, instance: boolean, name?: string): EmulatorResponse {
  const refused = refuseRead(call);
  if (refused) return refused;
  const filter = parseAssignmentFilter(call.req.query.get('$filter'));
  if ('response' in filter) return filter.response;
  const items = activeSchedules(call)
    .filter(({ assignment: a }) => matchesFilter(filter, call.target.scope, a.scope, a.principalId))
    .map(({ request, assignment }) => scheduleToWire(call, request, assignment, instance));
  if (name === undefined) return json(200, listPage(call, items));
  const found = items.find((item) => item.name.toLowerCase() === name.toLowerCase());
  if (found) return json(200, found);
  const what = instance ? 'role assignment schedule instance' : 'role assignment schedule';
  return azureError(404, 'ResourceNotFound', `The ${what} '${name}' is not found.`);
}
