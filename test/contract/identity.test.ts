import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientAssertionCredential } from '@azure/identity';
import { startEmulator, type Emulator } from '../emulator/index.js';
import { seedScenario, type Scenario } from '../emulator/scenario.js';

async function githubToken(e: Emulator, requestToken: string, audience: string): Promise<string> {
  const res = await fetch(
    `${e.endpoints.oidcRequestUrl}&audience=${encodeURIComponent(audience)}`,
    {
      headers: { authorization: `Bearer ${requestToken}` },
    },
  );
  return ((await res.json()) as { value: string }).value;
}

describe('Entra ID with a GitHub federated credential', () => {
  let emulator: Emulator;
  let scenario: Scenario;
  beforeAll(async () => {
    emulator = await startEmulator();
    scenario = seedScenario(emulator);
  });
  afterAll(() => emulator.close());

  it('exchanges a GitHub token for an ARM token', async () => {
    const credential = new ClientAssertionCredential(
      scenario.tenantId,
      scenario.clientId,
      () => githubToken(emulator, scenario.job.requestToken, 'api://AzureADTokenExchange'),
      { authorityHost: emulator.endpoints.authorityHost, disableInstanceDiscovery: true },
    );
    const token = await credential.getToken('https://management.azure.com/.default');
    expect(token.token.split('.')).toHaveLength(3);
  });
});
