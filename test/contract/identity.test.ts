import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulatorCredential } from '../fixtures/credential.js';
import { startEmulator, type Emulator } from '../emulator/index.js';
import { seedScenario, type Scenario } from '../emulator/scenario.js';

describe('Entra ID with a GitHub federated credential', () => {
  let emulator: Emulator;
  let scenario: Scenario;
  beforeAll(async () => {
    emulator = await startEmulator();
    scenario = seedScenario(emulator);
  });
  afterAll(() => emulator.close());

  it('exchanges a GitHub token for an ARM token', async () => {
    const credential = emulatorCredential(emulator, scenario);
    const token = await credential.getToken('https://management.azure.com/.default');
    expect(token.token.split('.')).toHaveLength(3);
  });
});
