import { runMain } from './lifecycle.js';
import { coreIO } from './io.js';
import { realRuntime } from './runtime.js';

/** The main step: wires the real runner, clock and cancellation to the lifecycle. */
export async function main(): Promise<void> {
  const cancel = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    realRuntime.log.warning(`Received ${signal}: no new secret writes will start; revoking now.`);
    cancel.abort(new Error(`Cancelled by ${signal}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  await runMain({ io: coreIO, rt: realRuntime, signal: cancel.signal });
}
