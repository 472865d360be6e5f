import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index.js';
import {
  demoSecrets,
  KEY_VAULT_SECRETS_OFFICER,
  seedScenario,
  type Scenario,
} from '../emulator/scenario.js';
import { emulatorInputs, runAction } from '../harness.js';

describe('rotate (bundle against the emulator)', () => {
  let emulator: Emulator;
  let scenario: Scenario;
  beforeAll(async () => {
    emulator = await startEmulator();
    scenario = seedScenario(emulator, { secrets: demoSecrets(60) });
  });
  afterAll(() => emulator.close());

  it('rotates every selected secret over several pages and removes the grant', async () => {
    const run = await runAction({
      emulator,
      job: scenario.job,
      inputs: {
        ...emulatorInputs(emulator),
        'tenant-id': scenario.tenantId,
        'client-id': scenario.clientId,
        'subscription-id': scenario.subscriptionId,
        'role-ids': KEY_VAULT_SECRETS_OFFICER,
        'resource-ids': scenario.vaultId,
      },
    });
    console.log(run.main.stdout.slice(-3000), run.main.stderr.slice(-2000));
    console.log(run.post.stdout.slice(-1500));
    expect(run.main.code).toBe(0);
  });
});
