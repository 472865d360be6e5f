/**
 * Entra ID's v2.0 endpoints for the client-credentials flow with a federated
 * client assertion (workload identity federation):
 * - GET /<tenant>/v2.0/.well-known/openid-configuration, whose issuer must share
 *   scheme, host and port with the authority (MSAL checks; AZURE-WIRE.md, captured);
 * - GET /<tenant>/discovery/v2.0/keys;
 * - POST /<tenant>/oauth2/v2.0/token.
 * Error codes and matching rules are from Microsoft's "Workload identity
 * federation" docs and the AADSTS error reference: issuer exact (700211),
 * audience (700212), subject exact and case-sensitive (700213, 7002138 when only
 * the case differs), assertion lifetime (700024).
 */
import { randomUUID } from 'node:crypto';
import { decodeJwt } from 'jose';
import {
  json,
  parseForm,
  type EmulatorRequest,
  type EmulatorResponse,
  type Service,
  type ServiceContext,
} from './http.js';
import type { AppRegistration } from './state.js';
import { trimSlash } from './tokens.js';

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const GUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const CONFIG_PATH = new RegExp(`^/(${GUID}|[^/]+)/v2\\.0/\\.well-known/openid-configuration$`);
const TOKEN_PATH = new RegExp(`^/(${GUID}|[^/]+)/oauth2/v2\\.0/token$`);
const KEYS_PATH = new RegExp(`^/(${GUID}|[^/]+)/discovery/v2\\.0/keys$`);

/** Entra's error body: `error`, `error_description` starting with AADSTSnnnn, `error_codes`, ids. */
export function aadError(
  status: number,
  error: string,
  code: number,
  text: string,
): EmulatorResponse {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date()
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
  return {
    status,
    code: `AADSTS${code}`,
    json: {
      error,
      error_description: `AADSTS${code}: ${text} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    },
  };
}

function tenantKnown(ctx: ServiceContext, tenant: string): boolean {
  return [...ctx.state.apps.values()].some(
    (a) => a.tenantId.toLowerCase() === tenant.toLowerCase(),
  );
}

function openIdConfiguration(ctx: ServiceContext, tenant: string): EmulatorResponse {
  const base = `${ctx.endpoints.authorityHost}/${tenant}`;
  return json(200, {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: [
      'client_secret_post',
      'private_key_jwt',
      'client_secret_basic',
    ],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${base}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${ctx.endpoints.authorityHost}/oidc/userinfo`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    tenant_region_scope: 'EU',
    cloud_instance_name: 'emulator.test',
  });
}

/** Resources the emulator can issue tokens for: ARM and Key Vault. */
function knownResource(ctx: ServiceContext, resource: string): boolean {
  const r = trimSlash(resource);
  return (
    r === trimSlash(ctx.endpoints.resourceManagerAudience) ||
    r === trimSlash(ctx.endpoints.keyVaultResource)
  );
}

type AssertionResult = { ok: true } | { ok: false; response: EmulatorResponse };

/** Checks a GitHub-issued assertion against the app's federated credentials. */
async function checkAssertion(
  ctx: ServiceContext,
  app: AppRegistration,
  assertion: string,
): Promise<AssertionResult> {
  const fail = (code: number, text: string): AssertionResult => ({
    ok: false,
    response: aadError(401, 'invalid_client', code, text),
  });
  let claims: ReturnType<typeof decodeJwt>;
  try {
    claims = decodeJwt(assertion);
  } catch {
    return {
      ok: false,
      response: aadError(400, 'invalid_request', 50027, 'JWT token is invalid or malformed.'),
    };
  }

  const byIssuer = app.federatedCredentials.filter((f) => f.issuer === claims.iss);
  if (byIssuer.length === 0) {
    return fail(
      700211,
      `No matching federated identity record found for presented assertion issuer '${String(claims.iss)}'. Please note that the matching is done using a case-sensitive comparison. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion.`,
    );
  }
  if (!(await ctx.tokens.verifyGitHubSignature(assertion))) {
    return fail(50013, 'Assertion failed signature validation.');
  }
  const now = Math.floor(ctx.state.clock.now() / 1000);
  if ((claims.exp ?? 0) <= now || (claims.nbf ?? 0) > now + 300) {
    return fail(700024, 'Client assertion is not within its valid time range.');
  }
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  const byAudience = byIssuer.filter((f) => f.audiences.some((a) => audiences.includes(a)));
  if (byAudience.length === 0) {
    return fail(
      700212,
      `No matching federated identity record found for presented assertion audience '${audiences.join(',')}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion.`,
    );
  }
  if (byAudience.some((f) => f.subject === claims.sub)) return { ok: true };
  if (byAudience.some((f) => f.subject.toLowerCase() === String(claims.sub).toLowerCase())) {
    return fail(
      7002138,
      `No matching federated identity record found for presented assertion subject '${String(claims.sub)}'. The subject matches a federated identity credential only when compared case-insensitively; the comparison is case-sensitive.`,
    );
  }
  return fail(
    700213,
    `No matching federated identity record found for presented assertion subject '${String(claims.sub)}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://learn.microsoft.com/entra/workload-id/workload-identity-federation`,
  );
}

async function token(
  req: EmulatorRequest,
  ctx: ServiceContext,
  tenant: string,
): Promise<EmulatorResponse> {
  const form = parseForm(req.body);
  if (form.get('grant_type') !== 'client_credentials') {
    return aadError(
      400,
      'unsupported_grant_type',
      70003,
      'The app requested an unsupported grant type.',
    );
  }
  const clientId = form.get('client_id') ?? '';
  const app = ctx.state.apps.get(clientId.toLowerCase());
  if (!app || app.tenantId.toLowerCase() !== tenant.toLowerCase()) {
    return aadError(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`,
    );
  }
  const assertion = form.get('client_assertion');
  if (form.get('client_assertion_type') !== ASSERTION_TYPE || !assertion) {
    return aadError(
      401,
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    );
  }
  const checked = await checkAssertion(ctx, app, assertion);
  if (!checked.ok) return { ...checked.response, caller: app.clientId };

  const scope = (form.get('scope') ?? '').split(' ').find((s) => s.endsWith('/.default'));
  const resource = scope?.slice(0, -'/.default'.length) ?? '';
  if (!knownResource(ctx, resource)) {
    return aadError(
      400,
      'invalid_resource',
      500011,
      `The resource principal named ${resource} was not found in the tenant named ${tenant}.`,
    );
  }
  return issue(ctx, app, resource);
}

async function issue(
  ctx: ServiceContext,
  app: AppRegistration,
  resource: string,
): Promise<EmulatorResponse> {
  const lifetime = ctx.state.knobs.accessTokenLifetimeSeconds;
  const accessToken = await ctx.tokens.signAccessToken(
    {
      aud: resource,
      iss: `https://sts.windows.net/${app.tenantId}/`,
      appid: app.clientId,
      appidacr: '2',
      idp: `https://sts.windows.net/${app.tenantId}/`,
      idtyp: 'app',
      oid: app.servicePrincipalId,
      sub: app.servicePrincipalId,
      tid: app.tenantId,
      xms_cc: ['CP1'],
    },
    lifetime,
  );
  return {
    ...json(200, {
      token_type: 'Bearer',
      expires_in: lifetime,
      ext_expires_in: lifetime,
      access_token: accessToken,
    }),
    caller: app.servicePrincipalId,
  };
}

export const entraService: Service = {
  name: 'entra',
  matches: (req) =>
    req.host === 'localhost' &&
    (CONFIG_PATH.test(req.path) || TOKEN_PATH.test(req.path) || KEYS_PATH.test(req.path)),
  async handle(req, ctx) {
    const tenant =
      (CONFIG_PATH.exec(req.path) ?? TOKEN_PATH.exec(req.path) ?? KEYS_PATH.exec(req.path))?.[1] ??
      '';
    if (!tenantKnown(ctx, tenant)) {
      return aadError(
        400,
        'invalid_tenant',
        90002,
        `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
      );
    }
    if (CONFIG_PATH.test(req.path) && req.method === 'GET') return openIdConfiguration(ctx, tenant);
    if (KEYS_PATH.test(req.path) && req.method === 'GET') return json(200, ctx.tokens.entraJwks());
    if (TOKEN_PATH.test(req.path) && req.method === 'POST') return token(req, ctx, tenant);
    return aadError(405, 'invalid_request', 900561, 'The endpoint only accepts POST requests.');
  },
};
