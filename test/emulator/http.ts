/**
 * The request and response shapes every emulated service works with, and the
 * parsing that the real clients' traffic needs (percent-encoded query keys,
 * double leading slashes in ARM paths).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { EmulatorState, RequestLogEntry } from './state.js';
import type { TokenService } from './tokens.js';

export interface EmulatorRequest {
  method: string;
  /** Host name, lower case, without port. */
  host: string;
  /** The path exactly as sent (ARM sends `//subscriptions/…`), without the query. */
  path: string;
  /** Query parameters with percent-decoded keys: Key Vault sends `api%2Dversion`. */
  query: Map<string, string>;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface EmulatorResponse {
  status: number;
  headers?: Record<string, string>;
  /** Sent as JSON. */
  json?: unknown;
  text?: string;
  /** Destroys the connection instead of answering (a connection reset fault). */
  reset?: boolean;
  /** For the request log. */
  caller?: string;
  code?: string;
}

export interface Endpoints {
  /** `https://localhost:<port>`: Entra ID, ARM, GitHub's OIDC and REST API, control. */
  baseUrl: string;
  port: number;
  authorityHost: string;
  resourceManagerEndpoint: string;
  /** Token audience ARM accepts, the public cloud's by default. */
  resourceManagerAudience: string;
  /** What the action's `key-vault-dns-suffix` input is set to (carries the port). */
  keyVaultDnsSuffix: string;
  /** Host name part of the suffix, without the port. */
  keyVaultHostSuffix: string;
  /** The resource Key Vault names in its challenge: `https://<suffix host>`. */
  keyVaultResource: string;
  /** `ACTIONS_ID_TOKEN_REQUEST_URL` (already carries `?api-version=2.0`, as GitHub's does). */
  oidcRequestUrl: string;
  /** `GITHUB_API_URL` for @actions/github. */
  githubApiUrl: string;
  caPath: string;
}

export interface ServiceContext {
  state: EmulatorState;
  tokens: TokenService;
  endpoints: Endpoints;
}

export interface Service {
  name: RequestLogEntry['service'];
  matches(req: EmulatorRequest, endpoints: Endpoints): boolean;
  handle(req: EmulatorRequest, ctx: ServiceContext): Promise<EmulatorResponse>;
}

export function parseQuery(rawQuery: string): Map<string, string> {
  const query = new Map<string, string>();
  for (const part of rawQuery.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    query.set(decode(key), decode(value));
  }
  return query;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

export function parseForm(body: string): Map<string, string> {
  return parseQuery(body);
}

export function jsonBody<T>(req: EmulatorRequest): T | undefined {
  if (!req.body) return undefined;
  try {
    return JSON.parse(req.body) as T;
  } catch {
    return undefined;
  }
}

export function json(
  status: number,
  body: unknown,
  headers?: Record<string, string>,
): EmulatorResponse {
  return { status, json: body, headers };
}

/** Azure's common error envelope: `{"error":{"code","message"}}`. */
export function azureError(
  status: number,
  code: string,
  message: string,
  extra?: Record<string, unknown>,
): EmulatorResponse {
  return { status, json: { error: { code, message, ...extra } }, code };
}
