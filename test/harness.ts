/**
 * Runs the built bundle the way the GitHub runner does: INPUT_* variables with
 * action.yml's defaults, real GITHUB_OUTPUT / GITHUB_STATE / GITHUB_STEP_SUMMARY
 * files, STATE_* variables for the post step, the GITHUB_* context, RUNNER_TEMP,
 * the OIDC request variables, and the emulator's CA. It can send SIGTERM or
 * SIGKILL to the main step at a chosen moment.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { Emulator, GitHubJob } from './emulator/index.js';
import { KEY_VAULT_SECRETS_OFFICER, type Scenario } from './emulator/scenario.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const BUNDLE = join(ROOT, 'dist', 'index.js');
const DNS_HOOK = join(ROOT, 'test', 'emulator', 'dns-hook.cjs');

export interface StepResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  state: Record<string, string>;
  summary: string;
  durationMs: number;
}

export interface Interrupt {
  signal: 'SIGTERM' | 'SIGKILL' | 'SIGINT';
  /** Sent when this returns true for the stdout so far. */
  when: (stdout: string) => boolean;
  /** Extra wait after `when` matched. */
  delayMs?: number;
}

export interface RunOptions {
  emulator: Emulator;
  job: GitHubJob;
  inputs: Record<string, string>;
  env?: Record<string, string>;
  interrupt?: Interrupt;
  /** Run directory; a new temp folder by default. */
  workDir?: string;
  /** The triggering event, written to GITHUB_EVENT_PATH as the runner does. */
  event?: { name: string; payload: Record<string, unknown> };
  /** Node binary; the current one by default. */
  node?: string;
  /** More NODE_OPTIONS flags, after the DNS hook's (the benchmark's RSS probe). */
  nodeOptions?: string[];
}

/** The inputs that point the action at the emulator: the same ones a user has. */
export function emulatorInputs(emulator: Emulator): Record<string, string> {
  return {
    'authority-host': emulator.endpoints.authorityHost,
    'resource-manager-endpoint': emulator.endpoints.resourceManagerEndpoint,
    'key-vault-dns-suffix': emulator.endpoints.keyVaultDnsSuffix,
  };
}

/** Inputs for a rotation of a seeded scenario's vault, as a workflow would give them. */
export function scenarioInputs(
  emulator: Emulator,
  scenario: Scenario,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    ...emulatorInputs(emulator),
    'tenant-id': scenario.tenantId,
    'client-id': scenario.clientId,
    'subscription-id': scenario.subscriptionId,
    'role-ids': KEY_VAULT_SECRETS_OFFICER,
    'resource-ids': scenario.vaultId,
    ...extra,
  };
}

function actionDefaults(): Record<string, string> {
  const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string }>;
  };
  const defaults: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs)) defaults[name] = spec.default ?? '';
  return defaults;
}

/** The runner's file command format: `name<<DELIM\nvalue\nDELIM` or `name=value`. */
export function parseFileCommands(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  const lines = readFileSync(path, 'utf8').split('\n');
  const values: Record<string, string> = {};
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name = '', delimiter] = heredoc;
      const body: string[] = [];
      while (++i < lines.length && lines[i] !== delimiter) body.push(lines[i] ?? '');
      values[name] = body.join('\n');
    } else if (line.includes('=')) {
      values[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return values;
}

function baseEnv(o: RunOptions, dir: string): Record<string, string> {
  const claims = o.job.claims;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    NODE_EXTRA_CA_CERTS: o.emulator.endpoints.caPath,
    NODE_OPTIONS: [`--require=${DNS_HOOK}`, ...(o.nodeOptions ?? [])].join(' '),
    ACTIONS_ID_TOKEN_REQUEST_URL: o.job.requestUrl,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: o.job.requestToken,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_REPOSITORY: String(claims.repository),
    GITHUB_REPOSITORY_OWNER: String(claims.repository_owner),
    GITHUB_RUN_ID: String(claims.run_id),
    GITHUB_RUN_ATTEMPT: String(claims.run_attempt),
    GITHUB_RUN_NUMBER: String(claims.run_number),
    GITHUB_ACTOR: String(claims.actor),
    GITHUB_SHA: String(claims.sha),
    GITHUB_REF: String(claims.ref),
    GITHUB_EVENT_NAME: String(claims.event_name),
    GITHUB_WORKFLOW: String(claims.workflow),
    GITHUB_JOB: 'rotate',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: o.emulator.endpoints.githubApiUrl,
    GITHUB_WORKSPACE: dir,
    RUNNER_TEMP: join(dir, 'runner-temp'),
    RUNNER_OS: 'Linux',
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STATE: join(dir, 'state'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
  };
  if (o.event) {
    const eventPath = join(dir, 'event.json');
    writeFileSync(eventPath, JSON.stringify(o.event.payload));
    Object.assign(env, { GITHUB_EVENT_NAME: o.event.name, GITHUB_EVENT_PATH: eventPath });
  }
  const inputs = { ...actionDefaults(), ...o.inputs };
  for (const [name, value] of Object.entries(inputs))
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  return { ...env, ...o.env };
}

function runNode(
  o: RunOptions,
  env: Record<string, string>,
  interrupt?: Interrupt,
): Promise<Omit<StepResult, 'outputs' | 'state' | 'summary'>> {
  const started = Date.now();
  return new Promise((resolvePromise) => {
    const child = spawn(o.node ?? process.execPath, [BUNDLE], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let sent = false;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (interrupt && !sent && interrupt.when(stdout)) {
        sent = true;
        setTimeout(() => child.kill(interrupt.signal), interrupt.delayMs ?? 0);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code, signal) =>
      resolvePromise({ code, signal, stdout, stderr, durationMs: Date.now() - started }),
    );
  });
}

/** Runs one step; for `post`, `state` carries what the main step saved. */
export async function runStep(
  step: 'main' | 'post',
  o: RunOptions,
  dir: string,
  state: Record<string, string> = {},
): Promise<StepResult> {
  const env = baseEnv(o, dir);
  // The runner creates these files empty before each step.
  for (const file of ['output', 'state', 'summary.md']) writeFileSync(join(dir, file), '');
  if (step === 'post')
    for (const [name, value] of Object.entries(state)) env[`STATE_${name}`] = value;
  const run = await runNode(o, env, step === 'main' ? o.interrupt : undefined);
  return {
    ...run,
    outputs: parseFileCommands(env.GITHUB_OUTPUT as string),
    state: parseFileCommands(env.GITHUB_STATE as string),
    summary: existsSync(env.GITHUB_STEP_SUMMARY as string)
      ? readFileSync(env.GITHUB_STEP_SUMMARY as string, 'utf8')
      : '',
  };
}

export interface ActionRun {
  main: StepResult;
  post: StepResult;
  dir: string;
}

/** The main step, then the post step with the state the main step saved, as the runner does. */
export async function runAction(o: RunOptions): Promise<ActionRun> {
  const dir = o.workDir ?? mkdtempSync(join(tmpdir(), 'jit-run-'));
  const main = await runStep('main', o, dir);
  const post = await runStep('post', o, dir, main.state);
  return { main, post, dir };
}
