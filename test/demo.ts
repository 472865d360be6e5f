/**
 * `npm run demo`: the whole lifecycle on a laptop, no Azure needed. Starts the
 * emulator with a vault of secrets (tagged, disabled, certificate-backed, more
 * than one page), runs the built bundle's main step and then its post step as
 * the runner does, and prints what a workflow would see.
 */
import { startEmulator } from './emulator/index.js';
import { demoSecrets, seedScenario } from './emulator/scenario.js';
import { runAction, scenarioInputs } from './harness.js';

const emulator = await startEmulator();
try {
  emulator.state.knobs.propagation = { grantMs: 2000, revokeMs: 1000 };
  const scenario = seedScenario(emulator, { secrets: demoSecrets(40) });
  console.log(
    `Emulator at ${emulator.endpoints.baseUrl}; vault ${scenario.vaultUrl} holds 40 secrets.`,
  );
  console.log(
    'Running the action (main step, then post step) with a 2 s grant propagation delay...\n',
  );

  const run = await runAction({
    emulator,
    job: scenario.job,
    inputs: scenarioInputs(emulator, scenario, {
      justification: 'Demo rotation on the local emulator',
    }),
  });

  const visible = (text: string) =>
    text
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::') && !l.startsWith('::debug::'))
      .join('\n');
  console.log('----- main step log -----\n' + visible(run.main.stdout));
  console.log('----- post step log -----\n' + visible(run.post.stdout));
  console.log('----- step summary (Markdown) -----\n' + run.main.summary);
  const result = JSON.parse(run.main.outputs.result ?? '{}') as {
    outcome?: string;
    counts?: unknown;
  };
  console.log('----- outputs -----');
  console.log(
    `result.outcome: ${result.outcome}\nresult.counts: ${JSON.stringify(result.counts)}\naudit-file: ${run.main.outputs['audit-file']}`,
  );
  const live = emulator.state.liveAssignments().filter((a) => a.origin !== 'seed');
  console.log(`\nRole assignments left by the run: ${live.length}`);
  console.log(`Requests served by the emulator: ${emulator.state.log.length}`);
  process.exitCode = run.main.code === 0 && run.post.code === 0 && live.length === 0 ? 0 : 1;
} finally {
  await emulator.close();
}
