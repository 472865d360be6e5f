// GitHub's OIDC tokens through the real @actions/core `getIDToken`, checked
// against the published JWKS, then exchanged with Entra ID by the real
// @azure/identity ClientAssertionCredential, including each way the federated
// credential match can fail.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as core from '@actions/core';
import { ClientAssertionCredential } from '@azure/identity';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { startEmulator, type Emulator, type GitHubJob } from '../emulator/index.js';
import { seedScenario, type Scenario } from '../emulator/scenario.js';
import { GITHUB_ISSUER } from '../emulator/tokens.js';

const AZURE_AUDIENCE = 'api://AzureADTokenExchange';
const ARM_SCOPE = 'https://management.azure.com/.default';
const REQUEST_VARIABLES = ['ACTIONS_ID_TOKEN_REQUEST_URL', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN'];

/** Points @actions/core at a job, as the runner does with these two variables. */
function useJob(job: GitHubJob): void {
  process.env.ACTIONS_ID_TOKEN_REQUEST_URL = job.requestUrl;
  process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = job.requestToken;
}

const saved = Object.fromEntries(REQUEST_VARIABLES.map((name) => [name, process.env[name]]));

function restoreEnvironment(): void {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
}

// getIDToken masks the token with `::add-mask::`; keep those lines out of the output.
beforeAll(() => {
  const write = process.stdout.write.bind(process.stdout);
  vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: unknown, ...rest: never[]) =>
    String(chunk).startsWith('::') ? true : write(chunk as string, ...rest)) as never);
});
afterEach(restoreEnvironment);
afterAll(() => vi.restoreAllMocks());

function credential(
  emulator: Emulator,
  tenantId: string,
  clientId: string,
  getAssertion = () => core.getIDToken(AZURE_AUDIENCE),
): ClientAssertionCredential {
  return new ClientAssertionCredential(tenantId, clientId, getAssertion, {
    authorityHost: emulator.endpoints.authorityHost,
    disableInstanceDiscovery: true,
  });
}

/** The error message @azure/identity gives, which carries Entra's AADSTS code. */
async function exchangeError(cred: ClientAssertionCredential): Promise<string> {
  const err = await cred.getToken(ARM_SCOPE).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(Error);
  return (err as Error).message;
}

describe('GitHub OIDC tokens from @actions/core', () => {
  let emulator: Emulator;
  let scenario: Scenario;
  beforeAll(async () => {
    emulator = await startEmulator();
    scenario = seedScenario(emulator);
  });
  afterAll(() => emulator.close());

  it('issues a token whose claims verify against the published JWKS', async () => {
    useJob(scenario.job);
    const token = await core.getIDToken(AZURE_AUDIENCE);

    const jwks = createRemoteJWKSet(
      new URL(`${emulator.endpoints.baseUrl}/_github/oidc/.well-known/jwks`),
    );
    const { payload, protectedHeader } = await jwtVerify(token, jwks, {
      issuer: GITHUB_ISSUER,
      audience: AZURE_AUDIENCE,
    });
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload).toMatchObject({
      iss: 'https://token.actions.githubusercontent.com',
      aud: AZURE_AUDIENCE,
      sub: 'repo:octo-org/octo-repo:environment:secret-rotation',
      repository: 'octo-org/octo-repo',
      run_id: scenario.job.claims.run_id,
      environment: 'secret-rotation',
    });
    const lifetime = (payload.exp ?? 0) - (payload.iat ?? 0);
    expect(lifetime).toBeGreaterThanOrEqual(290);
    expect(lifetime).toBeLessThanOrEqual(310);
    expect(Math.abs((payload.exp ?? 0) - Date.now() / 1000 - 300)).toBeLessThan(30);
  });

  it('refuses a request token it does not know', async () => {
    useJob({ ...scenario.job, requestToken: 'not-a-job' });
    await expect(core.getIDToken(AZURE_AUDIENCE)).rejects.toThrow(/401/);
  });

  it('exchanges the token for an Azure access token', async () => {
    useJob(scenario.job);
    const token = await credential(emulator, scenario.tenantId, scenario.clientId).getToken(
      ARM_SCOPE,
    );
    expect(token.token.split('.')).toHaveLength(3);
    expect(token.expiresOnTimestamp).toBeGreaterThan(Date.now());
  });

  const refusals: Array<{ name: string; code: string; arrange: () => ClientAssertionCredential }> =
    [
      {
        name: 'a subject the federated credential does not trust',
        code: 'AADSTS700213',
        arrange: () => {
          useJob(emulator.createJob({ repository: 'octo-org/octo-repo', environment: 'prod' }));
          return credential(emulator, scenario.tenantId, scenario.clientId);
        },
      },
      {
        name: 'a subject that differs only in case',
        code: 'AADSTS7002138',
        arrange: () => {
          useJob(
            emulator.createJob({
              repository: 'Octo-Org/octo-repo',
              environment: 'secret-rotation',
            }),
          );
          return credential(emulator, scenario.tenantId, scenario.clientId);
        },
      },
      {
        name: 'a credential that trusts another issuer',
        code: 'AADSTS700211',
        arrange: () => {
          const app = emulator.state.addApp({
            tenantId: scenario.tenantId,
            clientId: '55555555-5555-4555-8555-555555555555',
            displayName: 'enterprise-issuer',
            federatedCredentials: [
              {
                name: 'enterprise',
                issuer: `${GITHUB_ISSUER}/octo-enterprise`,
                subject: scenario.job.claims.sub,
                audiences: [AZURE_AUDIENCE],
              },
            ],
          });
          useJob(scenario.job);
          return credential(emulator, scenario.tenantId, app.clientId);
        },
      },
      {
        name: 'a token for another audience',
        code: 'AADSTS700212',
        arrange: () => {
          useJob(scenario.job);
          return credential(emulator, scenario.tenantId, scenario.clientId, () =>
            core.getIDToken('api://SomeOtherAudience'),
          );
        },
      },
      {
        name: 'an unknown client id',
        code: 'AADSTS700016',
        arrange: () => {
          useJob(scenario.job);
          return credential(emulator, scenario.tenantId, '66666666-6666-4666-8666-666666666666');
        },
      },
    ];

  for (const refusal of refusals) {
    it(`refuses ${refusal.name} with ${refusal.code}`, async () => {
      const message = await exchangeError(refusal.arrange());
      expect(message).toContain(`${refusal.code}:`);
    });
  }

  // Entra answers the discovery GET for an unknown tenant with 400 invalid_tenant
  // AADSTS90002; MSAL reports only that it could not resolve the endpoints
  // (Azure/azure-sdk-for-js#21137), so the code never reaches the caller.
  it('refuses an unknown tenant at discovery, where the AADSTS90002 code is lost', async () => {
    useJob(scenario.job);
    const tenant = '77777777-7777-4777-8777-777777777777';
    const message = await exchangeError(credential(emulator, tenant, scenario.clientId));
    expect(message).toContain('endpoints_resolution_error');
    expect(message).not.toContain('AADSTS');

    const discovery = emulator.state.log.find((e) => e.path.startsWith(`/${tenant}/`));
    expect(discovery).toMatchObject({ method: 'GET', status: 400, code: 'AADSTS90002' });
    const answer = await fetch(
      `${emulator.endpoints.authorityHost}/${tenant}/v2.0/.well-known/openid-configuration`,
    );
    expect(await answer.json()).toMatchObject({
      error: 'invalid_tenant',
      error_codes: [90002],
      error_description: expect.stringMatching(/^AADSTS90002: Tenant '77777777-/),
    });
  });

  it('logs the refusals with their codes', () => {
    const codes = emulator.state.log.filter((e) => e.service === 'entra').map((e) => e.code);
    expect(codes).toEqual(expect.arrayContaining(['AADSTS700213', 'AADSTS7002138']));
  });
});

describe('an expired GitHub token', () => {
  let emulator: Emulator;
  let scenario: Scenario;
  beforeAll(async () => {
    emulator = await startEmulator();
    scenario = seedScenario(emulator);
  });
  afterAll(() => emulator.close());

  it('is refused with AADSTS700024', async () => {
    emulator.state.knobs.oidcTokenLifetimeSeconds = 60;
    useJob(scenario.job);
    // The token is fetched, then Azure's time moves past its expiry before the exchange.
    const stale = credential(emulator, scenario.tenantId, scenario.clientId, async () => {
      const token = await core.getIDToken(AZURE_AUDIENCE);
      emulator.clock.advance(10 * 60_000);
      return token;
    });
    const message = await exchangeError(stale);
    expect(message).toContain('AADSTS700024:');
  });
});
