/**
 * Azure Resource Manager's `Microsoft.Authorization` provider: role
 * assignments, role definitions and PIM schedule requests, as the real
 * `@azure/arm-authorization` client calls them. Every request needs an ARM
 * bearer token; changes need the matching Microsoft.Authorization action,
 * with ABAC conditions on the caller's own assignments honoured.
 */
import { authenticate } from './arm-access.js';
import {
  createAssignment,
  deleteAssignment,
  getAssignment,
  listAssignments,
} from './arm-assignments.js';
import { getDefinition, listDefinitions } from './arm-definitions.js';
import {
  createScheduleRequest,
  getScheduleRequest,
  listScheduleRequests,
  readSchedules,
} from './arm-pim.js';
import {
  AUTHORIZATION_PROVIDER,
  normalizeArmPath,
  parseArmPath,
  type ArmCall,
} from './arm-request.js';
import {
  azureError,
  type EmulatorRequest,
  type EmulatorResponse,
  type Service,
  type ServiceContext,
} from './http.js';

type Handler = (call: ArmCall, name: string) => EmulatorResponse;
type ListHandler = (call: ArmCall) => EmulatorResponse;

/** Routes by resource type and method; `name` routes take the last path segment. */
const ROUTES: Record<string, { byName: Record<string, Handler>; list?: ListHandler }> = {
  roleAssignments: {
    byName: { GET: getAssignment, PUT: createAssignment, DELETE: deleteAssignment },
    list: listAssignments,
  },
  roleDefinitions: { byName: { GET: getDefinition }, list: listDefinitions },
  roleAssignmentScheduleRequests: {
    byName: { GET: getScheduleRequest, PUT: createScheduleRequest },
    list: listScheduleRequests,
  },
  roleAssignmentSchedules: {
    byName: { GET: (call, name) => readSchedules(call, false, name) },
    list: (call) => readSchedules(call, false),
  },
  roleAssignmentScheduleInstances: {
    byName: { GET: (call, name) => readSchedules(call, true, name) },
    list: (call) => readSchedules(call, true),
  },
};

function route(call: ArmCall): EmulatorResponse {
  const routes = ROUTES[call.target.resourceType];
  const { name } = call.target;
  const handler =
    name === undefined
      ? call.req.method === 'GET'
        ? routes?.list
        : undefined
      : (routes?.byName[call.req.method] as Handler | undefined);
  if (!handler) {
    return azureError(
      405,
      'MethodNotAllowed',
      `The requested resource does not support http method '${call.req.method}'.`,
    );
  }
  return handler(call, name ?? '');
}

function unknownResourceType(req: EmulatorRequest): EmulatorResponse {
  const path = normalizeArmPath(req.path);
  const type = path.slice(path.toLowerCase().lastIndexOf('/microsoft.authorization/') + 1);
  return azureError(
    400,
    'InvalidResourceType',
    `The resource type '${type}' could not be found in the namespace 'Microsoft.Authorization' for api version '${req.query.get('api-version') ?? ''}'.`,
  );
}

async function handle(req: EmulatorRequest, ctx: ServiceContext): Promise<EmulatorResponse> {
  const { latencyMs } = ctx.state.knobs.arm;
  if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));

  const target = parseArmPath(req.path);
  const scope = target?.scope ?? '/';
  const auth = await authenticate(req, ctx, scope);
  if (!auth.ok) return auth.response;
  const caller = auth.caller.objectId;

  // ARM requires api-version on every request; any version the SDK sends is
  // accepted (REST API spec 2022-04-01 for assignments, 2020-10-01 for PIM).
  if (!req.query.get('api-version')) {
    return {
      ...azureError(
        400,
        'MissingApiVersionParameter',
        'The api-version query parameter (?api-version=) is required for all requests.',
      ),
      caller,
    };
  }
  if (!target) return { ...unknownResourceType(req), caller };
  const call: ArmCall = { req, ctx, caller: auth.caller, target, now: ctx.state.clock.now() };
  return { ...route(call), caller };
}

export const armService: Service = {
  name: 'arm',
  matches: (req) =>
    req.host === 'localhost' &&
    normalizeArmPath(req.path).toLowerCase().includes(AUTHORIZATION_PROVIDER.toLowerCase()),
  handle,
};
