/**
 * `Microsoft.Authorization/roleDefinitions` (REST API spec 2022-04-01): GET by
 * GUID (or full id) and list with `$filter=roleName eq '…'` or
 * `type eq 'BuiltInRole'`, for the built-in roles in roles.ts.
 */
import { ACTIONS, refuseUnlessGranted } from './arm-access.js';
import { listPage, roleDefinitionIdFor, type ArmCall } from './arm-request.js';
import { azureError, json, type EmulatorResponse } from './http.js';
import { BUILT_IN_ROLES, findRole, type RoleDefinition } from './roles.js';

// Built-in roles carry Microsoft's own dates; one fixed date stands in for them.
const BUILT_IN_DATE = '2015-02-02T21:55:09.880Z';

export function definitionToWire(scope: string, role: RoleDefinition) {
  return {
    id: roleDefinitionIdFor(scope, role.name),
    name: role.name,
    type: 'Microsoft.Authorization/roleDefinitions',
    properties: {
      roleName: role.roleName,
      type: 'BuiltInRole',
      description: role.description,
      assignableScopes: ['/'],
      permissions: [
        {
          actions: role.actions,
          notActions: role.notActions,
          dataActions: role.dataActions,
          notDataActions: role.notDataActions,
        },
      ],
      createdOn: BUILT_IN_DATE,
      updatedOn: BUILT_IN_DATE,
      createdBy: null,
      updatedBy: null,
    },
  };
}

/**
 * Note: any signed-in principal may read built-in definitions at the root
 * scope `/`; below it the emulator asks for roleDefinitions/read, which
 * `*\/read` and `Microsoft.Authorization/*\/read` grant.
 */
function refuseRead(call: ArmCall): EmulatorResponse | undefined {
  if (call.target.scope === '/') return undefined;
  return refuseUnlessGranted(call.ctx, {
    caller: call.caller,
    action: ACTIONS.definitionRead,
    scope: call.target.scope,
  });
}

export function getDefinition(call: ArmCall, id: string): EmulatorResponse {
  const refused = refuseRead(call);
  if (refused) return refused;
  const role = findRole(id);
  if (!role) {
    return azureError(
      404,
      'RoleDefinitionDoesNotExist',
      `The specified role definition with ID '${id}' does not exist.`,
    );
  }
  return json(200, definitionToWire(call.target.scope, role));
}

const FILTERS: Array<[RegExp, (role: RoleDefinition, value: string) => boolean]> = [
  // OData doubles a quote inside a string literal: 'O''Brien'.
  [
    /^roleName\s+eq\s+'(.*)'$/i,
    (r, v) => r.roleName.toLowerCase() === v.replace(/''/g, "'").toLowerCase(),
  ],
  [/^type\s+eq\s+'(.*)'$/i, (_r, v) => v.toLowerCase() === 'builtinrole'],
];

export function listDefinitions(call: ArmCall): EmulatorResponse {
  const refused = refuseRead(call);
  if (refused) return refused;
  const text = call.req.query.get('$filter')?.trim() ?? '';
  const tests: Array<(role: RoleDefinition) => boolean> = [];
  for (const clause of text ? text.split(/\s+and\s+/i) : []) {
    const known = FILTERS.find(([pattern]) => pattern.test(clause.trim()));
    const value = known?.[0].exec(clause.trim())?.[1];
    if (!known || value === undefined) {
      // Note: code and wording are the emulator's.
      return azureError(400, 'UnsupportedQuery', `The filter '${text}' is not supported.`);
    }
    tests.push((role) => known[1](role, value));
  }
  const roles = BUILT_IN_ROLES.filter((role) => tests.every((t) => t(role)));
  return json(
    200,
    listPage(
      call,
      roles.map((r) => definitionToWire(call.target.scope, r)),
    ),
  );
}
