/**
 * Key Vault's error answers: `{"error":{"code","message","innererror":{"code"}}}`
 * with the messages the service writes (AZURE-WIRE.md; Key Vault REST API 7.x /
 * 2026-04-01 spec, KeyVaultError). Messages name secrets, never their values.
 */
import { azureError, type EmulatorResponse, type ServiceContext } from './http.js';
import type { Vault } from './state.js';

/** Who called, from the access token: what Key Vault prints in its 403 messages. */
export interface KeyVaultCaller {
  oid: string;
  appid: string;
  tid: string;
}

/** Azure's region for every emulated vault, as the 403 messages name it. */
export const VAULT_LOCATION = 'westeurope';

function keyVaultError(
  status: number,
  code: string,
  message: string,
  innerCode?: string,
): EmulatorResponse {
  const inner = innerCode ? { innererror: { code: innerCode } } : undefined;
  return { ...azureError(status, code, message, inner), code: innerCode ?? code };
}

/**
 * AZURE-WIRE.md (captured): the challenge names the vault's tenant in the
 * authorization URL and the resource to ask a token for.
 */
export function challengeHeader(ctx: ServiceContext, vault: Vault): Record<string, string> {
  const authorization = `${ctx.endpoints.authorityHost}/${vault.tenantId}`;
  return {
    'www-authenticate': `Bearer authorization="${authorization}", resource="${ctx.endpoints.keyVaultResource}"`,
  };
}

export function unauthorized(ctx: ServiceContext, vault: Vault, message: string): EmulatorResponse {
  const answer = keyVaultError(401, 'Unauthorized', message);
  return { ...answer, headers: challengeHeader(ctx, vault) };
}

export function badParameter(message: string): EmulatorResponse {
  return keyVaultError(400, 'BadParameter', message);
}

function callerText(caller: KeyVaultCaller): string {
  return `appid=${caller.appid};oid=${caller.oid};iss=https://sts.windows.net/${caller.tid}/`;
}

/** AZURE-WIRE.md: names the caller, the action, `Assignment: (not found)`, propagation time. */
export function forbiddenByRbac(
  caller: KeyVaultCaller,
  action: string,
  resource: string,
  vaultName: string,
): EmulatorResponse {
  const message = [
    'Caller is not authorized to perform action on resource.',
    'If role assignments, deny assignments or role definitions were changed recently, please observe propagation time.',
    `Caller: ${callerText(caller)}`,
    `Action: '${action}'`,
    `Resource: '${resource.toLowerCase()}'`,
    'Assignment: (not found)',
    'DenyAssignmentId: null',
    'DecisionReason: null ',
    `Vault: ${vaultName};location=${VAULT_LOCATION}`,
    '',
  ].join('\r\n');
  return keyVaultError(403, 'Forbidden', message, 'ForbiddenByRbac');
}

/** AZURE-WIRE.md: a firewall refusal is not a propagation problem and never heals. */
export function forbiddenByFirewall(caller: KeyVaultCaller, vaultName: string): EmulatorResponse {
  const message = [
    'Client address is not authorized and caller is not a trusted service.',
    'Client address: 127.0.0.1',
    `Caller: appid=${caller.appid};oid=${caller.oid}`,
    `Vault: ${vaultName};location=${VAULT_LOCATION}`,
  ].join('\r\n');
  return keyVaultError(403, 'Forbidden', message, 'ForbiddenByFirewall');
}

export function secretNotFound(nameOrId: string): EmulatorResponse {
  return keyVaultError(
    404,
    'SecretNotFound',
    `A secret with (name/id) ${nameOrId} was not found in this key vault. If you recently deleted this secret you may be able to recover it using the correct recovery command. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182`,
  );
}

export function deletedSecretNotFound(name: string): EmulatorResponse {
  return keyVaultError(404, 'SecretNotFound', `Deleted Secret not found: ${name}`);
}

export function deletedButRecoverable(name: string): EmulatorResponse {
  return keyVaultError(
    409,
    'Conflict',
    `Secret ${name} is currently in a deleted but recoverable state, and its name cannot be reused; in this state, the secret can only be recovered or purged.`,
    'ObjectIsDeletedButRecoverable',
  );
}

/** Key Vault REST API 7.x: a disabled secret keeps its metadata but refuses `get`. */
export function secretDisabled(): EmulatorResponse {
  return keyVaultError(
    403,
    'Forbidden',
    'Operation get is not allowed on a disabled secret.',
    'SecretDisabled',
  );
}

/**
 * Key Vault REST API 7.x: a certificate's secret is changed through the
 * certificate. Note: the emulator's wording and 403 are its own choice; the
 * point is that writing a managed secret fails and never heals.
 */
export function managedSecretRefused(operation: string, name: string): EmulatorResponse {
  return keyVaultError(
    403,
    'Forbidden',
    `Operation ${operation} is not allowed on a managed secret. Secret ${name} backs a certificate; update the certificate instead.`,
  );
}

/** Azure docs, "Key Vault throttling guidance": 429 with Retry-After in seconds. */
export function throttled(retryAfterSeconds: number): EmulatorResponse {
  const answer = keyVaultError(
    429,
    'Throttled',
    'Request was not processed because too many requests were received. Reason: VaultRequestTypeLimitReached',
  );
  return { ...answer, headers: { 'retry-after': String(retryAfterSeconds) } };
}

export function serverError(status: 500 | 503): EmulatorResponse {
  if (status === 503) {
    return keyVaultError(503, 'ServiceUnavailable', 'The service is temporarily unavailable.');
  }
  return keyVaultError(
    500,
    'InternalServerError',
    'The server encountered an internal error. Please retry the request.',
  );
}

export function notFoundPath(method: string, path: string): EmulatorResponse {
  return keyVaultError(404, 'NotFound', `The requested path ${method} ${path} was not found.`);
}

export function methodNotAllowed(method: string, path: string): EmulatorResponse {
  return keyVaultError(
    405,
    'MethodNotAllowed',
    `The requested method ${method} is not allowed on ${path}.`,
  );
}
