// Runs a command (the test runner) with the emulator's CA trusted and its host
// names resolved to loopback. NODE_EXTRA_CA_CERTS is read only at process
// start, so the CA is made here, before the runner and its workers exist.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const caDir = mkdtempSync(join(tmpdir(), 'jit-emulator-ca-'));
const { loadOrCreateAuthority } = await import('./emulator/ca.js');
const { caPath } = await loadOrCreateAuthority(caDir);

const hook = join(here, 'emulator', 'dns-hook.cjs');
const env = {
  ...process.env,
  JIT_EMULATOR_CA_DIR: caDir,
  NODE_EXTRA_CA_CERTS: caPath,
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require=${hook}`.trim(),
};
const [command = 'vitest', ...args] = process.argv.slice(2);
const child = spawn(command, args, { stdio: 'inherit', env, shell: process.platform === 'win32' });
child.on('exit', (code, signal) => {
  rmSync(caDir, { recursive: true, force: true });
  process.exitCode = code ?? (signal ? 1 : 0);
});
