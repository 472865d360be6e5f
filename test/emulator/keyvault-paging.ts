/**
 * Key Vault's list paging: `{"value":[…],"nextLink":…}` where nextLink is an
 * absolute URL carrying `$skiptoken` and `maxresults`, or null on the last page.
 * AZURE-WIRE.md (captured): the client follows nextLink verbatim, so it keeps the
 * scheme, host and port the client used.
 */
import { json, type EmulatorResponse } from './http.js';
import { badParameter } from './keyvault-errors.js';

export interface PageRequest {
  /** `https://<vault host:port>` as the client addressed the vault. */
  origin: string;
  /** The list path, for example `/secrets` or `/secrets/<name>/versions`. */
  path: string;
  apiVersion: string;
  query: Map<string, string>;
  /** The vault's largest page (knob `keyVault.pageSize`). */
  pageSize: number;
}

type Parsed<T> = { ok: true; value: T } | { ok: false; response: EmulatorResponse };

/**
 * Key Vault REST API 7.x / 2026-04-01 spec: `maxresults` is 1..25 and the
 * service answers at most 25 per page. Note: larger values are clamped to the
 * page size here rather than refused, as the brief for this emulator asks.
 */
function pageSizeOf(page: PageRequest): Parsed<number> {
  const raw = page.query.get('maxresults');
  if (raw === undefined || raw === '') return { ok: true, value: page.pageSize };
  const requested = Number(raw);
  if (!Number.isInteger(requested) || requested < 1) {
    return {
      ok: false,
      response: badParameter(`Invalid value '${raw}' for query parameter maxresults.`),
    };
  }
  return { ok: true, value: Math.min(requested, page.pageSize) };
}

function encodeSkipToken(offset: number): string {
  return Buffer.from(JSON.stringify({ NextMarker: offset })).toString('base64url');
}

/** The offset a `$skiptoken` stands for; the token is opaque to clients. */
function offsetOf(page: PageRequest): Parsed<number> {
  const token = page.query.get('$skiptoken');
  if (token === undefined) return { ok: true, value: 0 };
  try {
    const decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      NextMarker?: unknown;
    };
    if (Number.isInteger(decoded.NextMarker) && Number(decoded.NextMarker) >= 0) {
      return { ok: true, value: Number(decoded.NextMarker) };
    }
  } catch {
    // Falls through to the refusal below.
  }
  return { ok: false, response: badParameter('The $skiptoken query parameter is invalid.') };
}

function nextLink(page: PageRequest, offset: number, size: number): string {
  const version = encodeURIComponent(page.apiVersion);
  const token = encodeSkipToken(offset);
  return `${page.origin}${page.path}?api-version=${version}&$skiptoken=${token}&maxresults=${size}`;
}

/** One page of `items` as the list answer for this request. */
export function listPage(page: PageRequest, items: unknown[]): EmulatorResponse {
  const size = pageSizeOf(page);
  if (!size.ok) return size.response;
  const offset = offsetOf(page);
  if (!offset.ok) return offset.response;

  const end = offset.value + size.value;
  const value = items.slice(offset.value, end);
  return json(200, {
    value,
    nextLink: end < items.length ? nextLink(page, end, size.value) : null,
  });
}
