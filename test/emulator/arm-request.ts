/**
 * What every ARM handler works with: the parsed target of a
 * `Microsoft.Authorization` path, the authenticated caller, and list paging.
 */
import type { EmulatorRequest, ServiceContext } from './http.js';

export const AUTHORIZATION_PROVIDER = '/providers/Microsoft.Authorization/';

export type ArmResourceType =
  | 'roleAssignments'
  | 'roleDefinitions'
  | 'roleAssignmentScheduleRequests'
  | 'roleAssignmentSchedules'
  | 'roleAssignmentScheduleInstances';

const RESOURCE_TYPES: readonly ArmResourceType[] = [
  'roleAssignments',
  'roleDefinitions',
  'roleAssignmentScheduleRequests',
  'roleAssignmentSchedules',
  'roleAssignmentScheduleInstances',
];

export interface ArmTarget {
  /** `/subscriptions/…` with one leading slash, or `/` for the root scope. */
  scope: string;
  resourceType: ArmResourceType;
  /** The resource name (a GUID); absent for a list. */
  name?: string;
}

/** The token claims the handlers need. */
export interface Caller {
  objectId: string;
  /** The app (client) id for an app token; ARM names it in AuthorizationFailed. */
  clientId: string;
  tenantId: string;
}

export interface ArmCall {
  req: EmulatorRequest;
  ctx: ServiceContext;
  caller: Caller;
  target: ArmTarget;
  now: number;
}

export const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The client sends `/{scope}/…` with a scope that itself starts with a slash,
 * so paths arrive as `//subscriptions/…` (AZURE-WIRE.md, captured). Collapse
 * the leading slashes; never resolve the path against a base URL, which would
 * read `//subscriptions` as a host name.
 */
export function normalizeArmPath(path: string): string {
  return '/' + path.replace(/^\/+/, '');
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Splits `/{scope}/providers/Microsoft.Authorization/{type}[/{name}]`. */
export function parseArmPath(path: string): ArmTarget | undefined {
  const normalized = normalizeArmPath(path);
  const at = normalized.toLowerCase().lastIndexOf(AUTHORIZATION_PROVIDER.toLowerCase());
  if (at < 0) return undefined;
  const scope = normalized.slice(0, at) || '/';
  const [typeText = '', name, ...rest] = normalized
    .slice(at + AUTHORIZATION_PROVIDER.length)
    .split('/');
  const resourceType = RESOURCE_TYPES.find((t) => t.toLowerCase() === typeText.toLowerCase());
  if (!resourceType || rest.length > 0 || name === '') return undefined;
  return { scope, resourceType, name: name === undefined ? undefined : decodeSegment(name) };
}

export function subscriptionOf(scope: string): string | undefined {
  const match = /^\/subscriptions\/([^/]+)/i.exec(scope);
  return match?.[1];
}

/** The id ARM gives a built-in role definition seen from `scope`. */
export function roleDefinitionIdFor(scope: string, guid: string): string {
  const subscription = subscriptionOf(scope);
  const prefix = subscription ? `/subscriptions/${subscription}` : '';
  return `${prefix}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
}

export function isoTime(ms: number | undefined): string | null {
  return ms === undefined ? null : new Date(ms).toISOString();
}

/**
 * One page of a list, `{value, nextLink}`, with an absolute nextLink on the
 * request's own scheme, host and port: the SDK follows it verbatim
 * (REST API spec 2022-04-01, `RoleAssignmentListResult`). The page size is the
 * `arm.pageSize` knob; the skip token is the offset.
 */
export function listPage<T>(call: ArmCall, items: T[]): { value: T[]; nextLink?: string } {
  const size = Math.max(1, call.ctx.state.knobs.arm.pageSize);
  const offset = Number.parseInt(call.req.query.get('$skipToken') ?? '0', 10) || 0;
  const value = items.slice(offset, offset + size);
  if (offset + size >= items.length) return { value };
  return { value, nextLink: nextLinkFor(call, offset + size) };
}

function nextLinkFor(call: ArmCall, offset: number): string {
  const query = new URLSearchParams();
  for (const [key, value] of call.req.query) {
    if (key !== '$skipToken') query.set(key, value);
  }
  query.set('$skipToken', String(offset));
  const host = call.req.headers.host ?? `localhost:${call.ctx.endpoints.port}`;
  return `https://${host}${normalizeArmPath(call.req.path)}?${query.toString().replace(/\+/g, '%20')}`;
}
