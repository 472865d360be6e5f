/**
 * Key Vault's secrets data plane at `https://<vault>.<keyVaultHostSuffix>:<port>`:
 * routing by host and path, challenge authentication, the vault firewall,
 * throttling and faults, and RBAC per data action. The operations themselves
 * live in keyvault-secrets.ts, limits and faults in keyvault-faults.ts.
 */
import type { EmulatorRequest, EmulatorResponse, Service, ServiceContext } from './http.js';
import {
  badParameter,
  forbiddenByFirewall,
  forbiddenByRbac,
  methodNotAllowed,
  notFoundPath,
  unauthorized,
  type KeyVaultCaller,
} from './keyvault-errors.js';
import { addLatency, injectFault } from './keyvault-faults.js';
import {
  deleteSecret,
  getDeletedSecret,
  getSecret,
  listDeletedSecrets,
  listSecrets,
  listSecretVersions,
  purgeDeletedSecret,
  recoverDeletedSecret,
  setSecret,
  updateSecret,
  type SecretRequest,
} from './keyvault-secrets.js';
import type { Vault } from './state.js';

const SECRETS = 'Microsoft.KeyVault/vaults/secrets';

interface Route {
  method: string;
  /** Group 1: the secret name; group 2: the version (may be empty). */
  pattern: RegExp;
  /** The RBAC data action the operation needs. */
  dataAction: string;
  run(r: SecretRequest): EmulatorResponse;
}

/**
 * Paths as @azure/keyvault-secrets 4.12 sends them (its dist/esm/api/operations.js);
 * data actions from Azure's "Azure built-in roles" reference for Key Vault.
 * Note: reading deleted secrets is mapped to readMetadata, the closest data action.
 * Order matters: `/versions` is tried before `/{version}`.
 */
const ROUTES: Route[] = [
  route('GET', /^\/secrets\/?$/i, 'readMetadata/action', listSecrets),
  route('GET', /^\/secrets\/([^/]+)\/versions\/?$/i, 'readMetadata/action', listSecretVersions),
  route('GET', /^\/secrets\/([^/]+)(?:\/([^/]*))?$/i, 'getSecret/action', getSecret),
  route('PUT', /^\/secrets\/([^/]+)\/?$/i, 'setSecret/action', setSecret),
  route('PATCH', /^\/secrets\/([^/]+)(?:\/([^/]*))?$/i, 'update/action', updateSecret),
  route('DELETE', /^\/secrets\/([^/]+)\/?$/i, 'delete', deleteSecret),
  route('GET', /^\/deletedsecrets\/?$/i, 'readMetadata/action', listDeletedSecrets),
  route('GET', /^\/deletedsecrets\/([^/]+)\/?$/i, 'readMetadata/action', getDeletedSecret),
  route('DELETE', /^\/deletedsecrets\/([^/]+)\/?$/i, 'purge/action', purgeDeletedSecret),
  route('POST', /^\/deletedsecrets\/([^/]+)\/recover\/?$/i, 'recover/action', recoverDeletedSecret),
];

function route(
  method: string,
  pattern: RegExp,
  action: string,
  run: (r: SecretRequest) => EmulatorResponse,
): Route {
  return { method, pattern, dataAction: `${SECRETS}/${action}`, run };
}

/** The vault a host names: exactly one label before the suffix. */
function findVault(req: EmulatorRequest, ctx: ServiceContext): Vault | undefined {
  const suffix = '.' + ctx.endpoints.keyVaultHostSuffix;
  const name = req.host.slice(0, -suffix.length);
  if (!name || name.includes('.')) return undefined;
  return ctx.state.vaults.get(name);
}

type Authenticated =
  { ok: true; caller: KeyVaultCaller } | { ok: false; response: EmulatorResponse };

/**
 * AZURE-WIRE.md (captured): a request without a token gets the challenge.
 * Key Vault REST API 7.x: a bad token gets 401 with the same challenge; the
 * wording of the token errors is the emulator's best match of the service's.
 */
async function authenticate(
  req: EmulatorRequest,
  ctx: ServiceContext,
  vault: Vault,
): Promise<Authenticated> {
  const resource = ctx.endpoints.keyVaultResource;
  const check = await ctx.tokens.verifyAccessToken(req.headers.authorization, resource);
  if (!check.ok) {
    const messages = {
      missing: 'AKV10000: Request is missing a Bearer or PoP token.',
      invalid: "[BearerReadAccessTokenFailed] Error validating token: 'S2S12005'.",
      expired: "[TokenExpired] Error validating token: 'S2S12086'.",
      audience: `AKV10022: Invalid audience. Expected ${resource}, found: ${check.detail.replace(/^The audience '(.*)' is invalid$/, '$1')}.`,
    };
    return { ok: false, response: unauthorized(ctx, vault, messages[check.reason]) };
  }
  const caller = {
    oid: String(check.claims.oid ?? ''),
    appid: String(check.claims.appid ?? ''),
    tid: String(check.claims.tid ?? ''),
  };
  if (caller.tid.toLowerCase() !== vault.tenantId.toLowerCase()) {
    const message = `AKV10032: Invalid issuer. Expected one of https://sts.windows.net/${vault.tenantId}/, found https://sts.windows.net/${caller.tid}/.`;
    return { ok: false, response: unauthorized(ctx, vault, message) };
  }
  return { ok: true, caller };
}

/** The route for a path, or the 404/405 Key Vault answers for paths it does not serve. */
function findRoute(
  req: EmulatorRequest,
): { route: Route; match: RegExpExecArray } | EmulatorResponse {
  const candidates = ROUTES.filter((r) => r.pattern.test(req.path));
  if (candidates.length === 0) return notFoundPath(req.method, req.path);
  const found = candidates.find((r) => r.method === req.method);
  if (!found) return methodNotAllowed(req.method, req.path);
  return { route: found, match: found.pattern.exec(req.path) as RegExpExecArray };
}

function decodeSegment(segment: string | undefined): string {
  try {
    return decodeURIComponent(segment ?? '');
  } catch {
    return segment ?? '';
  }
}

/** Key Vault REST API 7.x: object names are 1-127 letters, digits and dashes. */
const SECRET_NAME = /^[0-9a-zA-Z-]{1,127}$/;

/**
 * RBAC on the secret's own resource id, so assignments at the vault (or above)
 * and at a single secret both count, as in Azure.
 */
function authorize(
  ctx: ServiceContext,
  r: SecretRequest,
  action: string,
  caller: KeyVaultCaller,
): EmulatorResponse | undefined {
  const resourceId = r.name ? `${r.vault.resourceId}/secrets/${r.name}` : r.vault.resourceId;
  const target = { ...r.vault, resourceId };
  if (ctx.state.dataActionPermitted(caller.oid, target, action)) return undefined;
  return forbiddenByRbac(caller, action, resourceId, r.vault.name);
}

async function authorizedOperation(
  req: EmulatorRequest,
  ctx: ServiceContext,
  vault: Vault,
  caller: KeyVaultCaller,
): Promise<EmulatorResponse> {
  const found = findRoute(req);
  if ('status' in found) return found;
  const name = decodeSegment(found.match[1]);
  if (found.match[1] !== undefined && !SECRET_NAME.test(name)) {
    return badParameter(`The request URI contains an invalid name: ${name}`);
  }

  const request: SecretRequest = {
    req,
    state: ctx.state,
    vault,
    origin: `https://${String(req.headers.host ?? req.host)}`,
    apiVersion: req.query.get('api-version') ?? '',
    name,
    version: decodeSegment(found.match[2]),
  };
  return authorize(ctx, request, found.route.dataAction, caller) ?? found.route.run(request);
}

/**
 * The checks in the order Key Vault applies them: authentication, the
 * api-version, the firewall (which names the caller, so it comes after the
 * token), limits and faults, then RBAC and the operation.
 */
async function handleVaultRequest(
  req: EmulatorRequest,
  ctx: ServiceContext,
  vault: Vault,
): Promise<EmulatorResponse> {
  const auth = await authenticate(req, ctx, vault);
  if (!auth.ok) return auth.response;
  const { caller } = auth;
  const answer = (response: EmulatorResponse) => ({ ...response, caller: caller.oid });

  // AZURE-WIRE.md (captured): the client sends `api%2Dversion`; parseQuery decodes keys.
  if (!req.query.get('api-version')) {
    return answer(badParameter("The 'api-version' query parameter is required."));
  }
  const knobs = ctx.state.knobs.keyVault;
  if (knobs.firewalledVaults.some((n) => n.toLowerCase() === vault.name.toLowerCase())) {
    return answer(forbiddenByFirewall(caller, vault.name));
  }
  const fault = injectFault(ctx.state, vault.name);
  if (fault) return answer(fault);
  return answer(await authorizedOperation(req, ctx, vault, caller));
}

export const keyVaultService: Service = {
  name: 'keyvault',
  matches: (req, endpoints) => req.host.endsWith('.' + endpoints.keyVaultHostSuffix),
  async handle(req, ctx) {
    await addLatency(ctx.state.knobs.keyVault);
    const vault = findVault(req, ctx);
    // A real unknown vault has no DNS name, so the client never gets an HTTP
    // answer. Note: the DNS hook resolves every emulated host, so the emulator
    // resets the connection instead, which the client sees as a network error.
    if (!vault) return { status: 0, reset: true };
    return handleVaultRequest(req, ctx, vault);
  },
};
