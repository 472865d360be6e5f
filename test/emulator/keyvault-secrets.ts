/**
 * The secret operations of Key Vault's data plane, on the emulator's state.
 * Shapes follow the Key Vault REST API 7.x / 2026-04-01 spec (SecretBundle,
 * SecretItem, DeletedSecretBundle) and AZURE-WIRE.md. Values leave only in the
 * bundle of a GET or PUT answer: never in messages or the request log.
 */
import { randomUUID } from 'node:crypto';
import { json, jsonBody, type EmulatorRequest, type EmulatorResponse } from './http.js';
import {
  badParameter,
  deletedButRecoverable,
  deletedSecretNotFound,
  managedSecretRefused,
  secretDisabled,
  secretNotFound,
  serverError,
} from './keyvault-errors.js';
import { secretFails } from './keyvault-faults.js';
import { listPage } from './keyvault-paging.js';
import type { EmulatorState, SecretItem, SecretVersion, Vault } from './state.js';

/** An authorised request for one vault, with the path's secret name and version. */
export interface SecretRequest {
  req: EmulatorRequest;
  state: EmulatorState;
  vault: Vault;
  /** `https://<vault host:port>` as the client addressed the vault. */
  origin: string;
  apiVersion: string;
  name: string;
  /** Empty for the latest version (`GET /secrets/{name}/`). */
  version: string;
}

/** Key Vault REST API 7.x: soft delete is always on, with 90 days' retention. */
const RECOVERY_LEVEL = 'Recoverable+Purgeable';
const RECOVERABLE_DAYS = 90;
/** Azure docs, "Azure Key Vault service limits": a secret value holds at most 25 KB. */
const MAX_VALUE_BYTES = 25 * 1024;

function nowSeconds(r: SecretRequest): number {
  return Math.floor(r.state.clock.now() / 1000);
}

function attributesOf(v: SecretVersion) {
  return {
    enabled: v.enabled,
    nbf: v.nbf,
    exp: v.exp,
    created: v.created,
    updated: v.updated,
    recoveryLevel: RECOVERY_LEVEL,
    recoverableDays: RECOVERABLE_DAYS,
  };
}

/** SecretBundle; `value` only when the caller read or wrote it. */
function bundleOf(r: SecretRequest, item: SecretItem, v: SecretVersion, withValue: boolean) {
  return {
    value: withValue ? v.value : undefined,
    id: `${r.origin}/secrets/${item.name}/${v.version}`,
    contentType: v.contentType,
    attributes: attributesOf(v),
    tags: v.tags,
    kid: item.managed ? v.kid : undefined,
    managed: item.managed ? true : undefined,
  };
}

/**
 * SecretItem: no value, and an id with or without the version.
 * Note: the spec's SecretItem has no `kid`; `managed: true` marks a
 * certificate's secret in lists.
 */
function itemOf(r: SecretRequest, item: SecretItem, v: SecretVersion, withVersion: boolean) {
  return {
    id: `${r.origin}/secrets/${item.name}${withVersion ? `/${v.version}` : ''}`,
    attributes: attributesOf(v),
    tags: v.tags,
    contentType: v.contentType,
    managed: item.managed ? true : undefined,
  };
}

function latest(item: SecretItem): SecretVersion {
  const last = item.versions.at(-1);
  if (!last) throw new Error(`Secret ${item.name} has no versions`);
  return last;
}

function byName(items: Iterable<SecretItem>): SecretItem[] {
  return [...items].sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
}

function page(r: SecretRequest, path: string, items: unknown[]): EmulatorResponse {
  const { origin, apiVersion } = r;
  const pageSize = r.state.knobs.keyVault.pageSize;
  return listPage({ origin, path, apiVersion, query: r.req.query, pageSize }, items);
}

export function listSecrets(r: SecretRequest): EmulatorResponse {
  const items = byName(r.vault.secrets.values()).map((s) => itemOf(r, s, latest(s), false));
  return page(r, '/secrets', items);
}

export function listSecretVersions(r: SecretRequest): EmulatorResponse {
  const item = r.vault.secrets.get(r.name.toLowerCase());
  if (!item) return secretNotFound(r.name);
  const items = item.versions.map((v) => itemOf(r, item, v, true));
  return page(r, `/secrets/${item.name}/versions`, items);
}

export function getSecret(r: SecretRequest): EmulatorResponse {
  const item = r.vault.secrets.get(r.name.toLowerCase());
  const version = item && findVersion(item, r.version);
  if (!item || !version) return secretNotFound(r.version ? `${r.name}/${r.version}` : r.name);
  if (secretFails(r.state.knobs.keyVault, item.name, false)) return serverError(500);
  if (!version.enabled) return secretDisabled();
  return json(200, bundleOf(r, item, version, true));
}

function findVersion(item: SecretItem, version: string): SecretVersion | undefined {
  if (!version) return latest(item);
  return item.versions.find((v) => v.version.toLowerCase() === version.toLowerCase());
}

interface SetBody {
  value?: unknown;
  contentType?: unknown;
  tags?: unknown;
  attributes?: { enabled?: unknown; nbf?: unknown; exp?: unknown };
}

/** A PUT body as a new version, or the 400 Key Vault answers for it. */
function parseSetBody(
  r: SecretRequest,
): { ok: true; version: SecretVersion } | { ok: false; response: EmulatorResponse } {
  const body = jsonBody<SetBody>(r.req);
  if (!body || typeof body.value !== 'string') {
    return { ok: false, response: badParameter('The parameter value must be a string.') };
  }
  if (Buffer.byteLength(body.value, 'utf8') > MAX_VALUE_BYTES) {
    return { ok: false, response: badParameter('The secret value exceeds 25 KB.') };
  }
  const now = nowSeconds(r);
  const attributes = body.attributes ?? {};
  // AZURE-WIRE.md: a new version inherits no tags, contentType or expiry.
  const version: SecretVersion = {
    version: randomUUID().replace(/-/g, ''),
    value: body.value,
    contentType: typeof body.contentType === 'string' ? body.contentType : undefined,
    tags: isTags(body.tags) ? { ...body.tags } : undefined,
    enabled: attributes.enabled !== false,
    nbf: typeof attributes.nbf === 'number' ? attributes.nbf : undefined,
    exp: typeof attributes.exp === 'number' ? attributes.exp : undefined,
    created: now,
    updated: now,
  };
  return { ok: true, version };
}

function isTags(tags: unknown): tags is Record<string, string> {
  return typeof tags === 'object' && tags !== null && !Array.isArray(tags);
}

/** PUT: a new current version, or a new secret. */
export function setSecret(r: SecretRequest): EmulatorResponse {
  const key = r.name.toLowerCase();
  if (r.vault.deletedSecrets.has(key)) return deletedButRecoverable(r.name);
  const existing = r.vault.secrets.get(key);
  if (existing?.managed) return managedSecretRefused('set', existing.name);
  if (secretFails(r.state.knobs.keyVault, r.name, true)) return serverError(500);

  const parsed = parseSetBody(r);
  if (!parsed.ok) return parsed.response;
  const item = existing ?? { name: r.name, managed: false, versions: [] };
  item.versions.push(parsed.version);
  r.vault.secrets.set(key, item);
  return json(200, bundleOf(r, item, parsed.version, true));
}

/** PATCH: attributes, tags and content type of one version; the value never changes. */
export function updateSecret(r: SecretRequest): EmulatorResponse {
  const item = r.vault.secrets.get(r.name.toLowerCase());
  const version = item && findVersion(item, r.version);
  if (!item || !version) return secretNotFound(r.version ? `${r.name}/${r.version}` : r.name);
  if (item.managed) return managedSecretRefused('update', item.name);
  if (secretFails(r.state.knobs.keyVault, item.name, true)) return serverError(500);

  applyUpdate(version, jsonBody<SetBody>(r.req) ?? {}, nowSeconds(r));
  return json(200, bundleOf(r, item, version, false));
}

/** Key Vault REST API 7.x: attributes not in the request are left unchanged. */
function applyUpdate(version: SecretVersion, body: SetBody, now: number): void {
  if (typeof body.contentType === 'string') version.contentType = body.contentType;
  if (isTags(body.tags)) version.tags = { ...body.tags };
  const attributes = body.attributes ?? {};
  if (typeof attributes.enabled === 'boolean') version.enabled = attributes.enabled;
  if (typeof attributes.nbf === 'number') version.nbf = attributes.nbf;
  if (typeof attributes.exp === 'number') version.exp = attributes.exp;
  version.updated = now;
}

/** DeletedSecretBundle: the latest version's bundle without value, plus recovery data. */
function deletedBundleOf(r: SecretRequest, item: SecretItem, deletedDate: number) {
  return {
    ...bundleOf(r, item, latest(item), false),
    recoveryId: `${r.origin}/deletedsecrets/${item.name}`,
    deletedDate,
    scheduledPurgeDate: deletedDate + RECOVERABLE_DAYS * 86_400,
  };
}

/**
 * DELETE: soft delete, the only kind on a vault with soft delete.
 * Note: the deletion time is not stored in the state; answers use the current
 * emulator time for `deletedDate`.
 */
export function deleteSecret(r: SecretRequest): EmulatorResponse {
  const key = r.name.toLowerCase();
  const item = r.vault.secrets.get(key);
  if (!item) return secretNotFound(r.name);
  if (item.managed) return managedSecretRefused('delete', item.name);

  r.vault.secrets.delete(key);
  r.vault.deletedSecrets.set(key, item);
  return json(200, deletedBundleOf(r, item, nowSeconds(r)));
}

export function getDeletedSecret(r: SecretRequest): EmulatorResponse {
  const item = r.vault.deletedSecrets.get(r.name.toLowerCase());
  if (!item) return deletedSecretNotFound(r.name);
  return json(200, deletedBundleOf(r, item, nowSeconds(r)));
}

/** DeletedSecretItem: the list shape, without value or version in the id. */
function deletedItemOf(r: SecretRequest, item: SecretItem, deletedDate: number) {
  return {
    ...itemOf(r, item, latest(item), false),
    recoveryId: `${r.origin}/deletedsecrets/${item.name}`,
    deletedDate,
    scheduledPurgeDate: deletedDate + RECOVERABLE_DAYS * 86_400,
  };
}

export function listDeletedSecrets(r: SecretRequest): EmulatorResponse {
  const now = nowSeconds(r);
  const items = byName(r.vault.deletedSecrets.values()).map((s) => deletedItemOf(r, s, now));
  return page(r, '/deletedsecrets', items);
}

/** Purge: 204, and the name is free again. */
export function purgeDeletedSecret(r: SecretRequest): EmulatorResponse {
  const key = r.name.toLowerCase();
  if (!r.vault.deletedSecrets.delete(key)) return deletedSecretNotFound(r.name);
  return { status: 204 };
}

/** Recover: done at once here; Azure finishes it asynchronously within seconds. */
export function recoverDeletedSecret(r: SecretRequest): EmulatorResponse {
  const key = r.name.toLowerCase();
  const item = r.vault.deletedSecrets.get(key);
  if (!item) return deletedSecretNotFound(r.name);

  r.vault.deletedSecrets.delete(key);
  r.vault.secrets.set(key, item);
  return json(200, bundleOf(r, item, latest(item), false));
}
