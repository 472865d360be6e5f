/**
 * What every command does first, reading only: sign in, check the job is the
 * one allowed to elevate, build the ARM client, pick the principal, and
 * resolve every role (a bad or privileged role fails here, before any grant).
 */
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { SecretClient } from '@azure/keyvault-secrets';
import { vaultUrl } from './cloud.js';
import { ActionError, InputError } from './errors.js';
import { signIn, type Identity } from './identity.js';
import { refusePrivileged, type Settings } from './inputs.js';
import type { ActionIO } from './io.js';
import { Inputs } from './names.js';
import { resolveRole, type ResolvedRole } from './roles.js';
import type { Runtime } from './runtime.js';

export interface Session {
  identity: Identity;
  arm: AuthorizationManagementClient;
  /** Who receives the temporary role. */
  principalId: string;
  /** Resolved roles, index for index with `settings.grants`. */
  roles: ResolvedRole[];
  secretClient(vaultName: string): SecretClient;
}

export async function openSession(io: ActionIO, rt: Runtime, s: Settings): Promise<Session> {
  for (const d of s.duplicateGrants)
    rt.log.warning(
      `Role ${d.roleId} on ${d.resourceId} was given more than once; it is granted once.`,
    );
  const { identity, arm } = await connect(io, s);
  checkEnvironment(s, identity);
  const principalId = s.assigneeObjectId ?? identity.objectId;
  if (principalId !== identity.objectId) {
    rt.log.warning(
      `${Inputs.AssigneeObjectId} (${principalId}) is not the action's own identity (${identity.objectId}); secrets are written as the action's identity, which must reach the vault through that grant (for example as a member of the group).`,
    );
  }
  const roles = await Promise.all(
    s.grants.map((g) => resolveRole(rt, arm, g.role, g.vault.id, g.vault.subscriptionId)),
  );
  roles.forEach((role, i) => checkPrivilege(s, role, i));
  return {
    identity,
    arm,
    principalId,
    roles,
    secretClient: (vaultName) =>
      new SecretClient(vaultUrl(s.cloud, vaultName), identity.credential, {
        retryOptions: { maxRetries: 0 },
      }),
  };
}

/**
 * Signs in with the job's OIDC token and builds the ARM client. The SDK's own
 * retries are off: azure-retry.ts decides, logs and paces every retry.
 */
export async function connect(
  io: ActionIO,
  s: Settings,
): Promise<{ identity: Identity; arm: AuthorizationManagementClient }> {
  const identity = await signIn({
    tenantId: s.tenantId,
    clientId: s.clientId,
    audience: s.audience,
    cloud: s.cloud,
    getIdToken: (a) => io.getIDToken(a),
  });
  const arm = new AuthorizationManagementClient(identity.credential, s.subscriptionId, {
    endpoint: s.cloud.resourceManagerEndpoint,
    credentialScopes: [s.cloud.resourceManagerScope],
    retryOptions: { maxRetries: 0 },
  });
  return { identity, arm };
}

/** With require-environment, only a job in that GitHub Environment may elevate. */
function checkEnvironment(s: Settings, identity: Identity): void {
  if (!s.requireEnvironment) return;
  const environment = identity.githubClaims.environment;
  if (environment !== s.requireEnvironment) {
    throw new ActionError(
      `Refusing to elevate: ${Inputs.RequireEnvironment} is '${s.requireEnvironment}' but this job's OIDC token ` +
        `has environment ${environment === undefined ? '(none)' : `'${String(environment)}'`}. Run this step in a job with ` +
        `'environment: ${s.requireEnvironment}', whose approval gate protects the elevation.`,
    );
  }
}

function checkPrivilege(s: Settings, role: ResolvedRole, index: number): void {
  if (!role.privileged || s.allowPrivilegedRoles) return;
  const given = s.grants[index]?.role;
  if (given) refusePrivileged({ kind: 'name', name: role.roleName, given: given.given });
  throw new InputError(
    Inputs.RoleIds,
    `'${given?.given}' (${role.roleName}) can write role assignments, so it could grant anything. Use a data-plane role such as Key Vault Secrets Officer, or set ${Inputs.AllowPrivilegedRoles}: true.`,
  );
}
