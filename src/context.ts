/**
 * What every command runs with: the runner's protocol, the runtime, the
 * cancellation signal, and which run this is.
 */
import type { RunIdentity } from './grants.js';
import type { ActionIO } from './io.js';
import type { Runtime } from './runtime.js';

export interface MainContext {
  io: ActionIO;
  rt: Runtime;
  /** Aborted when the runner cancels the job. */
  signal: AbortSignal;
}

export function runIdentity(env: NodeJS.ProcessEnv): RunIdentity {
  const repository = env.GITHUB_REPOSITORY ?? 'local/repository';
  const runId = env.GITHUB_RUN_ID ?? 'local';
  const server = env.GITHUB_SERVER_URL ?? 'https://github.com';
  return {
    repository,
    runId,
    runAttempt: env.GITHUB_RUN_ATTEMPT ?? '1',
    runUrl: `${server}/${repository}/actions/runs/${runId}`,
  };
}
