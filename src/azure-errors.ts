/**
 * What an Azure SDK error says, in one shape: HTTP status, every error code in
 * the body (Key Vault's inner codes such as ForbiddenByRbac included), and a
 * Retry-After the service asked for. Works on whatever was thrown.
 */
import { parseRetryAfter } from './retry.js';

export interface AzureFailure {
  status?: number;
  /** Error codes from the outside in: `Forbidden`, then `ForbiddenByRbac`. */
  codes: string[];
  retryAfterMs?: number;
  /** True when no answer arrived: reset, refused, timed out. */
  connection: boolean;
}

const CONNECTION_CODES = [
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'REQUEST_SEND_ERROR',
  'UND_ERR_SOCKET',
  'ECONNABORTED',
];

interface ErrorLike {
  statusCode?: number;
  code?: unknown;
  details?: unknown;
  response?: { headers?: { get?(name: string): string | undefined }; bodyAsText?: string | null };
  cause?: unknown;
}

export function inspectAzureError(err: unknown, nowMs = Date.now()): AzureFailure {
  const e = (typeof err === 'object' && err !== null ? err : {}) as ErrorLike;
  const codes: string[] = [];
  if (typeof e.code === 'string') codes.push(e.code);
  collectCodes(e.details, codes, 0);
  collectCodes(parseBody(e.response?.bodyAsText), codes, 0);
  const unique = [...new Set(codes)];
  const retryAfter = e.response?.headers?.get?.('retry-after');
  return {
    status: typeof e.statusCode === 'number' ? e.statusCode : undefined,
    codes: unique,
    retryAfterMs: parseRetryAfter(retryAfter, nowMs),
    connection: e.statusCode === undefined && unique.some((c) => CONNECTION_CODES.includes(c)),
  };
}

function parseBody(text: string | null | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Finds `code` fields in an error body, depth-first, outer codes first. */
function collectCodes(value: unknown, into: string[], depth: number): void {
  if (depth > 4 || typeof value !== 'object' || value === null) return;
  const record = value as Record<string, unknown>;
  if (typeof record.code === 'string') into.push(record.code);
  for (const [key, child] of Object.entries(record)) {
    if (key !== 'code') collectCodes(child, into, depth + 1);
  }
}

export function hasCode(failure: AzureFailure, code: string): boolean {
  return failure.codes.some((c) => c.toLowerCase() === code.toLowerCase());
}

/** AADSTS codes from an @azure/identity error message, e.g. `AADSTS700213`. */
export function aadstsCodes(err: unknown): string[] {
  const text =
    err instanceof Error ? `${err.message} ${String((err as ErrorLike).cause ?? '')}` : String(err);
  return [...new Set(text.match(/AADSTS\d+/g) ?? [])];
}
