/**
 * The few runner commands the entry needs before @actions/core is loaded:
 * save a state value, and fail the step with a message. They follow the
 * runner's file-command and workflow-command formats, as @actions/core does.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { EOL } from 'node:os';
import { Inputs } from './names.js';

/** Required inputs, each with how to fill it in. */
const REQUIRED: Record<string, string> = {
  [Inputs.TenantId]: 'Give the GUID from the Azure portal or `az account show`.',
  [Inputs.ClientId]:
    'Give the application (client) ID of the app whose federated credential trusts this workflow.',
  [Inputs.SubscriptionId]: 'Give the GUID from the Azure portal or `az account show`.',
  [Inputs.ResourceIds]:
    'Give the Key Vault resource IDs: a JSON array of strings or one entry per line.',
};

/** The runner passes input `a-b` as `INPUT_A-B`. */
function inputValue(env: NodeJS.ProcessEnv, name: string): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/** The message for the first required input that is blank, if any. */
export function missingRequiredInput(env: NodeJS.ProcessEnv): string | undefined {
  const name = Object.keys(REQUIRED).find((n) => !inputValue(env, n));
  if (!name) return undefined;
  return `Input '${name}': is required. ${REQUIRED[name]}`;
}

export function saveStateEarly(name: string, value: string): void {
  const file = process.env.GITHUB_STATE;
  if (!file) return;
  const delimiter = `ghadelimiter_${randomUUID()}`;
  appendFileSync(file, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`, 'utf8');
}

/** `::error::` with the runner's escaping, and a failing exit code. */
export function failEarly(message: string): void {
  const escaped = message.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  process.stdout.write(`::error::${escaped}${EOL}`);
  process.exitCode = 1;
}
