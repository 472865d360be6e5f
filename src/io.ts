/**
 * The runner's protocol, behind one interface: inputs, outputs, saved state,
 * masking, the step summary and the OIDC token. The action uses @actions/core;
 * the interface keeps the lifecycle readable and lets unit tests look inside.
 */
import * as core from '@actions/core';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

export interface ActionIO {
  getInput(name: string): string;
  setOutput(name: string, value: string): void;
  saveState(name: string, value: string): void;
  getState(name: string): string;
  setSecret(value: string): void;
  getIDToken(audience: string): Promise<string>;
  appendSummary(markdown: string): Promise<void>;
  setFailed(message: string): void;
  /** Writes a file under RUNNER_TEMP and returns its path. */
  writeTempFile(name: string, content: string): string;
  env: NodeJS.ProcessEnv;
}

export function tempDir(env: NodeJS.ProcessEnv): string {
  return join(env.RUNNER_TEMP || tmpdir(), 'jit-rbac-action');
}

export const coreIO: ActionIO = {
  getInput: (name) => core.getInput(name),
  setOutput: (name, value) => core.setOutput(name, value),
  saveState: (name, value) => core.saveState(name, value),
  getState: (name) => core.getState(name),
  setSecret: (value) => core.setSecret(value),
  getIDToken: (audience) => core.getIDToken(audience),
  appendSummary: async (markdown) => {
    if (!process.env.GITHUB_STEP_SUMMARY) {
      core.info(markdown);
      return;
    }
    await core.summary.addRaw(markdown, true).write();
  },
  setFailed: (message) => core.setFailed(message),
  writeTempFile: (name, content) => {
    const dir = tempDir(process.env);
    mkdirSync(dir, { recursive: true });
    const path = join(dir, name);
    writeFileSync(path, content, { mode: 0o600 });
    return path;
  },
  env: process.env,
};
