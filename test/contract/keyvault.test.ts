// Contract tests: the real SecretClient and ClientAssertionCredential against the
// emulated Key Vault data plane. Nothing is mocked: every call crosses HTTPS.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ClientAssertionCredential } from '@azure/identity';
import { emulatorCredential } from '../fixtures/credential.js';
import { SecretClient } from '@azure/keyvault-secrets';
import { startEmulator, type Emulator } from '../emulator/index.js';
import { KEY_VAULT_SECRETS_OFFICER, seedScenario, type Scenario } from '../emulator/scenario.js';
import { defaultKnobs, type KeyVaultKnobs } from '../emulator/state.js';

const API_VERSION = '2026-04-01';

interface ObservedError {
  statusCode?: number;
  code?: string;
  message: string;
  details?: { error?: { code?: string; innerError?: { code?: string } } };
  response?: { headers: { get(name: string): string | undefined } };
}

/** The error a call fails with; fails the test if the call succeeds. */
async function failure(call: Promise<unknown>): Promise<ObservedError> {
  try {
    await call;
  } catch (err) {
    return err as ObservedError;
  }
  throw new Error('Expected the call to fail');
}

/** The innererror code, as the SDK deserialises it into `details`. */
function innerCode(err: ObservedError): string | undefined {
  return err.details?.error?.innerError?.code;
}

describe('Key Vault secrets data plane', () => {
  let emulator: Emulator;
  let scenario: Scenario;
  let credential: ClientAssertionCredential;

  /** A client that surfaces raw errors (no retries) unless told otherwise. */
  function client(vaultName = scenario.vaultName, maxRetries = 0): SecretClient {
    return new SecretClient(emulator.vaultUrl(vaultName), credential, {
      retryOptions: { maxRetries },
    });
  }

  function setKnobs(patch: Partial<KeyVaultKnobs>): void {
    Object.assign(emulator.state.knobs.keyVault, patch);
  }

  /** A further vault in the same tenant, with or without the Secrets Officer role. */
  function extraVault(vaultName: string, withRole: boolean) {
    const extra = seedScenario(emulator, {
      vaultName,
      secrets: [{ name: 'app-secret', value: 'v1' }],
    });
    const assignment = withRole
      ? emulator.state.addRoleAssignment({
          scope: extra.vaultId,
          roleDefinitionGuid: KEY_VAULT_SECRETS_OFFICER,
          principalId: extra.servicePrincipalId,
        })
      : undefined;
    return { extra, assignment };
  }

  async function accessToken(): Promise<string> {
    const token = await credential.getToken(`${emulator.endpoints.keyVaultResource}/.default`);
    return token.token;
  }

  beforeAll(async () => {
    emulator = await startEmulator();
    const many = Array.from({ length: 55 }, (_, i) => ({
      name: `bulk-${String(i).padStart(3, '0')}`,
    }));
    scenario = seedScenario(emulator, {
      secrets: [
        {
          name: 'db-password',
          value: 'first',
          contentType: 'text/plain',
          tags: { app: 'orders', rotate: 'true' },
          expiresIn: 86_400,
        },
        { name: 'legacy-token', enabled: false },
        { name: 'tls-frontend', managed: true, contentType: 'application/x-pkcs12' },
        { name: 'doomed' },
        { name: 'fragile' },
        ...many,
      ],
    });
    emulator.state.addRoleAssignment({
      scope: scenario.vaultId,
      roleDefinitionGuid: KEY_VAULT_SECRETS_OFFICER,
      principalId: scenario.servicePrincipalId,
    });
    credential = emulatorCredential(emulator, scenario);
  });
  afterAll(() => emulator.close());
  afterEach(() => {
    emulator.state.knobs = defaultKnobs();
  });

  describe('authentication', () => {
    it('answers a request without a token with the challenge', async () => {
      const res = await fetch(`${scenario.vaultUrl}/secrets?api-version=${API_VERSION}`);

      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe(
        `Bearer authorization="${emulator.endpoints.authorityHost}/${scenario.tenantId}", resource="https://vault.emulator.test"`,
      );
      expect(await res.json()).toEqual({
        error: {
          code: 'Unauthorized',
          message: 'AKV10000: Request is missing a Bearer or PoP token.',
        },
      });
    });

    it('completes the challenge end to end with the real client', async () => {
      const secret = await client().getSecret('db-password');

      expect(secret.value).toBe('first');
      const calls = emulator.state.log.filter((e) => e.path === '/secrets/db-password/');
      expect(calls.map((e) => e.status)).toEqual([401, 200]);
      expect(calls[1]?.caller).toBe(scenario.servicePrincipalId);
    });

    it('refuses a token for another audience or tenant, with the challenge', async () => {
      const cases = [
        {
          claims: { aud: 'https://management.azure.com/', tid: scenario.tenantId },
          want: 'AKV10022',
        },
        { claims: { aud: 'https://vault.emulator.test', tid: 'other-tenant' }, want: 'AKV10032' },
      ];
      for (const c of cases) {
        const token = await emulator.tokens.signAccessToken({ ...c.claims, oid: 'x' }, 600);
        const res = await fetch(`${scenario.vaultUrl}/secrets?api-version=${API_VERSION}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        const body = (await res.json()) as { error: { code: string; message: string } };
        expect(res.status).toBe(401);
        expect(res.headers.get('www-authenticate')).toContain(
          'resource="https://vault.emulator.test"',
        );
        expect(body.error.message.startsWith(c.want)).toBe(true);
      }
    });

    it('requires an api-version', async () => {
      const res = await fetch(`${scenario.vaultUrl}/secrets`, {
        headers: { authorization: `Bearer ${await accessToken()}` },
      });

      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('BadParameter');
    });

    it('resets the connection for a vault that does not exist, like a failed DNS lookup', async () => {
      const call = fetch(
        `${emulator.vaultUrl('no-such-vault')}/secrets?api-version=${API_VERSION}`,
      );

      await expect(call).rejects.toThrow();
    });
  });

  describe('listing', () => {
    it('pages through more than two pages with the real client', async () => {
      const pages: string[][] = [];
      for await (const page of client().listPropertiesOfSecrets().byPage({ maxPageSize: 10 })) {
        pages.push(page.map((p) => p.name));
      }

      expect(pages.length).toBe(6);
      expect(pages.slice(0, 5).every((p) => p.length === 10)).toBe(true);
      expect(pages.flat()).toHaveLength(60);
      expect(new Set(pages.flat()).size).toBe(60);
    });

    it('gives a nextLink on the same scheme, host and port, items without values', async () => {
      const res = await fetch(
        `${scenario.vaultUrl}/secrets?api%2Dversion=${API_VERSION}&maxresults=25`,
        { headers: { authorization: `Bearer ${await accessToken()}` } },
      );
      const body = (await res.json()) as {
        value: Array<Record<string, unknown>>;
        nextLink: string | null;
      };

      expect(body.value).toHaveLength(25);
      expect(body.nextLink?.startsWith(`${scenario.vaultUrl}/secrets?`)).toBe(true);
      expect(body.nextLink).toContain(`:${emulator.endpoints.port}/`);
      expect(body.nextLink).toContain('$skiptoken=');
      expect(body.value.every((i) => !('value' in i))).toBe(true);
      expect(body.value[0]?.id).toBe(`${scenario.vaultUrl}/secrets/bulk-000`);
    });

    it('clamps a page to the pageSize knob and ends with a null nextLink', async () => {
      setKnobs({ pageSize: 30 });
      const sizes: number[] = [];
      for await (const page of client().listPropertiesOfSecrets().byPage({ maxPageSize: 100 })) {
        sizes.push(page.length);
      }

      expect(sizes).toEqual([30, 30]);
    });

    it('lists disabled and managed secrets with their flags', async () => {
      const all = new Map<string, { enabled?: boolean; managed?: boolean }>();
      for await (const p of client().listPropertiesOfSecrets()) all.set(p.name, p);

      expect(all.get('legacy-token')?.enabled).toBe(false);
      expect(all.get('tls-frontend')?.managed).toBe(true);
      expect(all.get('db-password')?.managed).toBeUndefined();
    });
  });

  describe('reading and writing', () => {
    it('gets the latest version and a given version', async () => {
      const kv = client();
      const latest = await kv.getSecret('db-password');
      const same = await kv.getSecret('db-password', { version: latest.properties.version });

      expect(same.value).toBe(latest.value);
      expect(same.properties.id).toBe(latest.properties.id);
      expect(latest.properties.id).toMatch(
        new RegExp(`^${scenario.vaultUrl}/secrets/db-password/[0-9a-f]{32}$`),
      );
      expect(latest.properties.recoveryLevel).toBe('Recoverable+Purgeable');
    });

    it('answers SecretNotFound for a missing secret', async () => {
      const err = await failure(client().getSecret('never-was'));

      expect(err.statusCode).toBe(404);
      expect(err.code).toBe('SecretNotFound');
    });

    it('creates a new version that inherits no metadata, and lists versions', async () => {
      const kv = client();
      const before = await kv.getSecret('db-password');
      const written = await kv.setSecret('db-password', 'second');
      const versions = [];
      for await (const v of kv.listPropertiesOfSecretVersions('db-password')) versions.push(v);

      expect(written.properties.version).not.toBe(before.properties.version);
      expect(written.properties.tags).toBeUndefined();
      expect(written.properties.contentType).toBeUndefined();
      expect(written.properties.expiresOn).toBeUndefined();
      expect(before.properties.tags).toEqual({ app: 'orders', rotate: 'true' });
      expect(versions.map((v) => v.version).sort()).toEqual(
        [before.properties.version, written.properties.version].sort(),
      );
      expect((await kv.getSecret('db-password')).value).toBe('second');
    });

    it('updates the properties of a version without changing its value', async () => {
      const kv = client();
      const current = await kv.getSecret('db-password');
      const version = current.properties.version ?? '';
      await kv.updateSecretProperties('db-password', version, { tags: { rotated: 'yes' } });

      const after = await kv.getSecret('db-password', { version });
      expect(after.properties.tags).toEqual({ rotated: 'yes' });
      expect(after.value).toBe(current.value);
    });

    it('refuses the value of a disabled secret', async () => {
      const err = await failure(client().getSecret('legacy-token'));

      expect(err.statusCode).toBe(403);
      expect(innerCode(err)).toBe('SecretDisabled');
    });

    it('serves a managed secret with its key id but refuses to overwrite it', async () => {
      const kv = client();
      const secret = await kv.getSecret('tls-frontend');
      const err = await failure(kv.setSecret('tls-frontend', 'overwritten'));

      expect(secret.properties.managed).toBe(true);
      expect(secret.properties.certificateKeyId).toBeTruthy();
      expect(err.statusCode).toBe(403);
    });

    it('refuses to reuse the name of a soft-deleted secret', async () => {
      const kv = client();
      const poller = await kv.beginDeleteSecret('doomed', { intervalInMs: 10 });
      const deleted = await poller.pollUntilDone();
      const err = await failure(kv.setSecret('doomed', 'again'));

      expect(deleted.recoveryId).toBe(`${scenario.vaultUrl}/deletedsecrets/doomed`);
      expect(err.statusCode).toBe(409);
      expect(err.code).toBe('Conflict');
      expect(innerCode(err)).toBe('ObjectIsDeletedButRecoverable');
    });
  });

  describe('RBAC', () => {
    it('answers ForbiddenByRbac without a data-plane role', async () => {
      extraVault('kv-norole', false);
      const err = await failure(client('kv-norole').getSecret('app-secret'));

      expect(err.statusCode).toBe(403);
      expect(innerCode(err)).toBe('ForbiddenByRbac');
      expect(err.message).toContain("Action: 'Microsoft.KeyVault/vaults/secrets/getSecret/action'");
      expect(err.message).toContain('Assignment: (not found)');
    });

    it('honours a grant only after it propagates, and a revoke likewise', async () => {
      emulator.state.knobs.propagation = { grantMs: 5000, revokeMs: 5000 };
      const { assignment } = extraVault('kv-propagation', true);
      const kv = client('kv-propagation');

      expect(innerCode(await failure(kv.getSecret('app-secret')))).toBe('ForbiddenByRbac');
      emulator.clock.advance(5000);
      expect((await kv.getSecret('app-secret')).value).toBe('v1');

      if (assignment) assignment.deletedAt = emulator.clock.now();
      expect((await kv.getSecret('app-secret')).value).toBe('v1');
      emulator.clock.advance(5000);
      expect(innerCode(await failure(kv.getSecret('app-secret')))).toBe('ForbiddenByRbac');
    });

    it('counts an assignment scoped to one secret for that secret only', async () => {
      const { extra } = extraVault('kv-onesecret', false);
      emulator.state.addSecret('kv-onesecret', 'other-secret', [{ value: 'o' }]);
      emulator.state.addRoleAssignment({
        scope: `${extra.vaultId}/secrets/app-secret`,
        roleDefinitionGuid: KEY_VAULT_SECRETS_OFFICER,
        principalId: extra.servicePrincipalId,
      });
      const kv = client('kv-onesecret');

      expect((await kv.getSecret('app-secret')).value).toBe('v1');
      expect(innerCode(await failure(kv.getSecret('other-secret')))).toBe('ForbiddenByRbac');
    });
  });

  describe('limits and faults', () => {
    it('throttles past the limit with a Retry-After in whole seconds', async () => {
      extraVault('kv-throttle', true);
      setKnobs({ throttleLimit: 2, throttleWindowMs: 10_000 });
      const kv = client('kv-throttle');
      await kv.getSecret('app-secret');
      await kv.getSecret('app-secret');
      const err = await failure(kv.getSecret('app-secret'));

      expect(err.statusCode).toBe(429);
      expect(err.code).toBe('Throttled');
      expect(err.message).toContain('VaultRequestTypeLimitReached');
      const retryAfter = Number(err.response?.headers.get('retry-after'));
      expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 10).toBe(true);
    });

    it('lets the client retry after the Retry-After it was given', async () => {
      extraVault('kv-throttle-retry', true);
      setKnobs({ throttleLimit: 1, throttleWindowMs: 1000 });
      const kv = client('kv-throttle-retry', 3);
      await kv.getSecret('app-secret');
      const started = Date.now();
      const secret = await kv.getSecret('app-secret');

      expect(secret.value).toBe('v1');
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
      const statuses = emulator.state.log
        .filter((e) => e.host.startsWith('kv-throttle-retry.'))
        .map((e) => e.status);
      expect(statuses.slice(-2)).toEqual([429, 200]);
    });

    it('answers a throttle storm with its own Retry-After, then recovers', async () => {
      await client().getSecret('fragile');
      setKnobs({ throttleStorm: 1, throttleStormRetryAfterSeconds: 1 });
      const err = await failure(client().getSecret('fragile'));

      expect(err.statusCode).toBe(429);
      expect(err.response?.headers.get('retry-after')).toBe('1');
      expect((await client().getSecret('fragile')).value).toBe('initial-fragile');
    });

    it('answers 500 at serverErrorRate 1', async () => {
      await client().getSecret('fragile');
      setKnobs({ serverErrorRate: 1 });
      const err = await failure(client().getSecret('fragile'));

      expect(err.statusCode).toBe(500);
      expect(err.code).toBe('InternalServerError');
    });

    it('resets the connection at resetRate 1', async () => {
      const kv = client();
      await kv.getSecret('fragile');
      setKnobs({ resetRate: 1 });
      const err = await failure(kv.getSecret('fragile'));

      expect(err.statusCode).toBeUndefined();
      expect(err.code ?? err.message).toMatch(/ECONNRESET|socket hang up|REQUEST_SEND_ERROR/);
    });

    it('refuses every caller of a firewalled vault with ForbiddenByFirewall', async () => {
      setKnobs({ firewalledVaults: [scenario.vaultName] });
      const err = await failure(client().getSecret('fragile'));

      expect(err.statusCode).toBe(403);
      expect(innerCode(err)).toBe('ForbiddenByFirewall');
      expect(err.message).toContain(`Vault: ${scenario.vaultName};location=westeurope`);
    });

    it('fails writes to failingSecrets and reads of failSecretReads with 500', async () => {
      const kv = client();
      setKnobs({ failingSecrets: ['FRAGILE'] });
      expect((await failure(kv.setSecret('fragile', 'new'))).statusCode).toBe(500);
      expect((await kv.getSecret('fragile')).value).toBe('initial-fragile');

      setKnobs({ failingSecrets: [], failSecretReads: ['fragile'] });
      expect((await failure(kv.getSecret('fragile'))).statusCode).toBe(500);
    });

    it('never writes a secret value into the request log', async () => {
      const logged = JSON.stringify(emulator.state.log);

      expect(logged).not.toContain('initial-fragile');
      expect(logged).not.toContain('second');
    });
  });
});
