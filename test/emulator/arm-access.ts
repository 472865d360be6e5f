/**
 * Who is calling ARM and what they may do: bearer token checks with ARM's 401
 * codes, and role-based authorization of control-plane actions, honouring ABAC
 * conditions on the caller's own role assignments.
 */
import { decodeJwt } from 'jose';
import { attributeKey, conditionPermits } from './arm-conditions.js';
import { subscriptionOf, type Caller } from './arm-request.js';
import { azureError, type EmulatorRequest, type EmulatorResponse } from './http.js';
import type { ServiceContext } from './http.js';
import { findRole, roleGrantsAction } from './roles.js';
import { scopeContains, type PrincipalType, type RoleAssignmentRecord } from './state.js';

export const ACTIONS = {
  assignmentRead: 'Microsoft.Authorization/roleAssignments/read',
  assignmentWrite: 'Microsoft.Authorization/roleAssignments/write',
  assignmentDelete: 'Microsoft.Authorization/roleAssignments/delete',
  definitionRead: 'Microsoft.Authorization/roleDefinitions/read',
} as const;

export type Authentication =
  { ok: true; caller: Caller } | { ok: false; response: EmulatorResponse };

/** ARM's 401 codes by failure (Azure docs: "Troubleshoot common Azure deployment errors"). */
const UNAUTHENTICATED: Record<string, { code: string; message: string }> = {
  missing: {
    code: 'AuthenticationFailed',
    message: "Authentication failed. The 'Authorization' header is missing.",
  },
  invalid: { code: 'InvalidAuthenticationToken', message: 'The access token is invalid.' },
};

export async function authenticate(
  req: EmulatorRequest,
  ctx: ServiceContext,
  scope: string,
): Promise<Authentication> {
  const check = await ctx.tokens.verifyAccessToken(
    req.headers.authorization,
    ctx.endpoints.resourceManagerAudience,
  );
  if (check.ok) {
    const claims = check.claims;
    const objectId = String(claims.oid ?? claims.sub ?? '');
    const caller = {
      objectId,
      clientId: String(claims.appid ?? objectId),
      tenantId: String(claims.tid ?? ''),
    };
    return { ok: true, caller };
  }
  const failure = describeFailure(check.reason, check.detail, req, ctx);
  return { ok: false, response: unauthenticated(ctx, scope, failure.code, failure.message) };
}

function describeFailure(
  reason: string,
  detail: string,
  req: EmulatorRequest,
  ctx: ServiceContext,
): { code: string; message: string } {
  const known = UNAUTHENTICATED[reason];
  if (known) return known;
  if (reason === 'expired') return expiredToken(req, ctx);
  // A token minted for another resource.
  return {
    code: 'InvalidAuthenticationTokenAudience',
    message: `The access token has been obtained for wrong audience or resource. ${detail}. It should exactly match one of the allowed audiences '${ctx.endpoints.resourceManagerAudience}'.`,
  };
}

/** ARM names both times (Azure docs: "ExpiredAuthenticationToken"); ISO here. */
function expiredToken(req: EmulatorRequest, ctx: ServiceContext) {
  const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
  const expiry = new Date((decodeJwt(token).exp ?? 0) * 1000).toISOString();
  const now = new Date(ctx.state.clock.now()).toISOString();
  return {
    code: 'ExpiredAuthenticationToken',
    message: `The access token expiry UTC time '${expiry}' is earlier than current UTC time '${now}'.`,
  };
}

/**
 * 401 with ARM's challenge. Azure docs ("Find tenant ID" via ARM): the
 * `authorization_uri` names the tenant that owns the subscription in the path,
 * which the emulator knows from its vaults; elsewhere it says `common`.
 */
function unauthenticated(
  ctx: ServiceContext,
  scope: string,
  code: string,
  message: string,
): EmulatorResponse {
  const subscription = subscriptionOf(scope)?.toLowerCase();
  const vault = [...ctx.state.vaults.values()].find(
    (v) => v.subscriptionId.toLowerCase() === subscription,
  );
  const tenant = vault?.tenantId ?? 'common';
  const challenge = `Bearer authorization_uri="${ctx.endpoints.authorityHost}/${tenant}", error="invalid_token", error_description="${message.replace(/"/g, "'")}"`;
  return { ...azureError(401, code, message), headers: { 'WWW-Authenticate': challenge } };
}

/** What the request and the resource say about the role assignment being changed. */
export interface AssignmentAttributes {
  roleDefinitionId: string;
  principalId: string;
  principalType?: PrincipalType;
}

export interface AccessQuestion {
  caller: Caller;
  action: string;
  scope: string;
  request?: AssignmentAttributes;
  resource?: AssignmentAttributes;
  /** Judge on roles alone: there is no resource whose attributes a condition could test. */
  ignoreConditions?: boolean;
}

export type AccessAnswer = { granted: true } | { granted: false; conditionFailed: boolean };

/**
 * Azure RBAC: the caller needs a live assignment at or above the scope whose
 * role grants the action (Azure docs: "Understand scope for Azure RBAC").
 * An assignment with a condition grants only when the condition holds (Azure
 * docs: "Delegate Azure role assignment management to others with
 * conditions"); an unparseable condition never grants.
 * Note: control-plane changes take effect at once here; Azure can take minutes.
 */
export function checkAccess(ctx: ServiceContext, question: AccessQuestion): AccessAnswer {
  const candidates = ctx.state.liveAssignments().filter((a) => grantsAction(a, question));
  if (candidates.length === 0) return { granted: false, conditionFailed: false };
  const context = { action: question.action, attributes: attributeMap(question) };
  const granted = candidates.some(
    (a) =>
      !a.condition || question.ignoreConditions || conditionPermits(a.condition, context).permitted,
  );
  return granted ? { granted: true } : { granted: false, conditionFailed: true };
}

function grantsAction(a: RoleAssignmentRecord, question: AccessQuestion): boolean {
  if (a.principalId.toLowerCase() !== question.caller.objectId.toLowerCase()) return false;
  if (!scopeContains(a.scope, question.scope)) return false;
  const role = findRole(a.roleDefinitionId);
  return role !== undefined && roleGrantsAction(role, question.action);
}

function attributeMap(question: AccessQuestion): Map<string, string[]> {
  const map = new Map<string, string[]>();
  const add = (source: 'Request' | 'Resource', attributes?: AssignmentAttributes) => {
    if (!attributes) return;
    const name = (field: string) =>
      attributeKey(source, `Microsoft.Authorization/roleAssignments:${field}`);
    const roleGuid = attributes.roleDefinitionId.split('/').pop() ?? '';
    map.set(name('RoleDefinitionId'), [roleGuid]);
    map.set(name('PrincipalId'), [attributes.principalId]);
    if (attributes.principalType) map.set(name('PrincipalType'), [attributes.principalType]);
  };
  add('Request', question.request);
  add('Resource', question.resource);
  return map;
}

/** 403 AuthorizationFailed, worded as ARM words it. */
export function authorizationFailed(
  question: AccessQuestion,
  answer: { conditionFailed: boolean },
): EmulatorResponse {
  const { caller, action, scope } = question;
  const base = `The client '${caller.clientId}' with object id '${caller.objectId}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`;
  // Note: the hint for a failed condition is the emulator's wording.
  const hint = answer.conditionFailed ? ' The condition on the role assignment was not met.' : '';
  return azureError(403, 'AuthorizationFailed', base + hint);
}

/** Checks access and answers 403 when refused; undefined when granted. */
export function refuseUnlessGranted(
  ctx: ServiceContext,
  question: AccessQuestion,
): EmulatorResponse | undefined {
  const answer = checkAccess(ctx, question);
  return answer.granted ? undefined : authorizationFailed(question, answer);
}
