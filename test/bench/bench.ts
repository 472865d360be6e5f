/**
 * `npm run bench`: the action's performance figures, each beside its bound, in
 * one run. Every bound is a ratio against a baseline measured in the same run,
 * because the machine is shared and noisy; nothing here is a timed assertion.
 * A missed target is reported as MISSED and the exit code stays 0; only a
 * benchmark that could not measure (the action crashed) exits 1.
 *
 *   cold start    the bundle failing on a missing input, vs `node -e 0`
 *   throughput    rotating 10,000 secrets, vs Key Vault's throttle (400/s)
 *   propagation   the first secret write, vs the moment the grant took effect
 *   peak RSS      of the main step during the 10,000-secret run
 *
 * Options (after `npm run bench --`):
 *   --secrets N            secrets in the throughput vault (10000)
 *   --runs N               cold start samples of each command (7)
 *   --only a,b             cold, throughput, propagation (all)
 *   --input name=value     an action input for the throughput runs (repeatable)
 *   --latency-ms N         Key Vault's added latency per request (20)
 *   --sweep name=v1,v2     throughput once per value of one input, as a table
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { PROBE_SECRET_NAME } from '../../src/access.js';
import { startEmulator, type Emulator } from '../emulator/index.js';
import { demoSecrets, seedScenario, seedSecret, type Scenario } from '../emulator/scenario.js';
import type { RequestLogEntry } from '../emulator/state.js';
import { BUNDLE, runStep, scenarioInputs, type RunOptions, type StepResult } from '../harness.js';

const RSS_PROBE = join(dirname(fileURLToPath(import.meta.url)), 'rss-probe.cjs');
/** Key Vault's documented limit, 4,000 secret transactions per vault per 10 s. */
const THROTTLE_PER_SECOND = 400;
const GRANT_PROPAGATION_MS = 3000;
const PROPAGATION_RUNS = 3;

const TARGETS = { coldStart: 2, throughput: 1.15, overshootMs: 1000, peakRssMb: 150 };

interface Figure {
  name: string;
  measured: string;
  bound: string;
  met: boolean;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

const figure = (name: string, value: number, bound: number, unit: string): Figure => ({
  name,
  measured: `${value.toFixed(unit === 'x' ? 2 : 0)}${unit === 'x' ? 'x' : ` ${unit}`}`,
  bound: `<= ${bound}${unit === 'x' ? 'x' : ` ${unit}`}`,
  met: value <= bound,
});

async function withEmulator<T>(fn: (emulator: Emulator) => Promise<T>): Promise<T> {
  const emulator = await startEmulator();
  try {
    return await fn(emulator);
  } finally {
    await emulator.close();
  }
}

function actionInputs(emulator: Emulator, scenario: Scenario, extra: Record<string, string>) {
  return scenarioInputs(emulator, scenario, {
    justification: 'Benchmark rotation on the local emulator',
    ...extra,
  });
}

/** The action's `result` output, or an error that shows how the step ended. */
function resultOf(step: StepResult): RunResultJson {
  const text = step.outputs.result;
  if (text) return JSON.parse(text) as RunResultJson;
  const tail = step.stdout.split('\n').slice(-15).join('\n');
  throw new Error(`The main step set no result (exit ${step.code}); its log ends:\n${tail}`);
}

interface RunResultJson {
  outcome: string;
  counts: { rotated: number; failed: number; skipped: number };
  timings: { rotationStartedAt?: string; rotationFinishedAt?: string; rotationSeconds?: number };
}

// ----- cold start -----

function timeNode(args: string[]): Promise<{ code: number | null; stdout: string; ms: number }> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    // A bare environment: no INPUT_*, no GITHUB_*, no NODE_OPTIONS hooks.
    const child = spawn(process.execPath, args, {
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code, stdout, ms: Number(process.hrtime.bigint() - started) / 1e6 }),
    );
  });
}

async function coldStart(runs: number): Promise<Figure> {
  const bundle: number[] = [];
  const baseline: number[] = [];

  // One untimed run of each warms the page cache; then the two alternate, so
  // a burst of noise from the neighbours hits both series alike.
  await timeNode(['-e', '0']);
  await timeNode([BUNDLE]);
  for (let i = 0; i < runs; i++) {
    baseline.push((await timeNode(['-e', '0'])).ms);
    const run = await timeNode([BUNDLE]);
    if (run.code !== 1 || !run.stdout.includes("Input '"))
      throw new Error(
        `With no inputs the bundle should fail on one (exit 1, "Input '"); it exited ${run.code}:\n${run.stdout}`,
      );
    bundle.push(run.ms);
  }

  const ratio = median(bundle) / median(baseline);
  console.log(
    `cold start: bundle median ${median(bundle).toFixed(0)} ms, node -e 0 median ${median(baseline).toFixed(0)} ms (${runs} runs each)`,
  );
  return figure('cold start: bundle / node -e 0', ratio, TARGETS.coldStart, 'x');
}

// ----- throughput and peak RSS -----

interface ThroughputRun {
  secrets: number;
  latencyMs: number;
  inputs: Record<string, string>;
  rotationSeconds: number;
  mainSeconds: number;
  /** Admitted Key Vault requests (not the 401 challenges, not the 429s). */
  requests: number;
  rotationRequests: number;
  kinds: Record<string, number>;
  throttled: number;
  /** Most requests admitted in any 10-second window. */
  busiestWindow: number;
  rotated: number;
  failed: number;
  peakRssMb?: number;
  /** Sizes of the step outputs, in kB: GitHub caps a job's outputs at 1 MB. */
  outputKb: Record<string, number>;
}

function requestKind(e: RequestLogEntry): string {
  if (e.method === 'GET' && /^\/secrets\/?$/i.test(e.path)) return 'list pages';
  if (e.method === 'GET' && e.path.toLowerCase().includes(PROBE_SECRET_NAME)) return 'probes';
  if (e.method === 'GET') return 'reads';
  if (e.method === 'PUT') return 'writes';
  return e.method;
}

function busiestWindow(times: number[], windowMs: number): number {
  let most = 0;
  for (let first = 0, last = 0; last < times.length; last++) {
    while ((times[first] ?? 0) <= (times[last] ?? 0) - windowMs) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

function seedVault(emulator: Emulator, secrets: number, latencyMs: number): Scenario {
  const scenario = seedScenario(emulator);
  for (let i = 0; i < secrets; i++)
    seedSecret(emulator, scenario.vaultName, {
      name: `bench-${String(i).padStart(5, '0')}`,
      contentType: 'text/plain',
      tags: { app: i % 2 ? 'orders' : 'billing' },
    });
  // The throttle stays at its default, 4,000 per vault per 10 s.
  emulator.state.knobs.keyVault.latencyMs = latencyMs;
  return scenario;
}

/** Main step under the RSS probe, then the post step, as the runner does. */
async function runMeasured(o: RunOptions): Promise<{ main: StepResult; peakRssMb?: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'jit-bench-'));
  const rssFile = join(dir, 'main-max-rss-kb');
  const main = await runStep(
    'main',
    { ...o, nodeOptions: [`--require=${RSS_PROBE}`], env: { JIT_BENCH_RSS_FILE: rssFile } },
    dir,
  );
  const post = await runStep('post', o, dir, main.state);
  if (post.code !== 0) console.log(`Note: the post step exited ${post.code}.`);
  const peakRssMb = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) / 1024 : undefined;
  return { main, peakRssMb };
}

async function throughputRun(secrets: number, latencyMs: number, extra: Record<string, string>) {
  return withEmulator(async (emulator): Promise<ThroughputRun> => {
    const scenario = seedVault(emulator, secrets, latencyMs);
    const inputs = actionInputs(emulator, scenario, extra);
    const { main, peakRssMb } = await runMeasured({ emulator, job: scenario.job, inputs });
    const result = resultOf(main);

    const admitted = emulator.state.log.filter(
      (e) => e.service === 'keyvault' && e.status !== 401 && e.status !== 429,
    );
    const start = Date.parse(result.timings.rotationStartedAt ?? '');
    const end = Date.parse(result.timings.rotationFinishedAt ?? '');
    const kinds: Record<string, number> = {};
    for (const e of admitted) kinds[requestKind(e)] = (kinds[requestKind(e)] ?? 0) + 1;
    return {
      secrets,
      latencyMs,
      inputs: extra,
      rotationSeconds: result.timings.rotationSeconds ?? NaN,
      mainSeconds: main.durationMs / 1000,
      requests: admitted.length,
      rotationRequests: admitted.filter((e) => e.time >= start && e.time <= end).length,
      kinds,
      throttled: emulator.state.log.filter((e) => e.service === 'keyvault' && e.status === 429)
        .length,
      busiestWindow: busiestWindow(
        admitted.map((e) => e.time),
        10_000,
      ),
      rotated: result.counts.rotated,
      failed: result.counts.failed,
      peakRssMb,
      outputKb: Object.fromEntries(
        Object.entries(main.outputs).map(([name, v]) => [name, Buffer.byteLength(v) / 1024]),
      ),
    };
  });
}

function throughputFigures(r: ThroughputRun): Figure[] {
  const rotationBound = r.rotationRequests / THROTTLE_PER_SECOND;
  const mainBound = r.requests / THROTTLE_PER_SECOND;
  const kinds = Object.entries(r.kinds)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
  console.log(
    [
      `throughput: ${r.secrets} secrets at ${r.latencyMs} ms latency, ${r.rotated} rotated, ${r.failed} failed; inputs ${JSON.stringify(r.inputs)}`,
      `  Key Vault requests admitted (401 challenges and 429s not counted): ${r.requests} (${kinds})`,
      `  rotation phase: ${r.rotationSeconds.toFixed(1)} s for ${r.rotationRequests} requests; bound ${rotationBound.toFixed(1)} s at ${THROTTLE_PER_SECOND}/s`,
      `  main step wall: ${r.mainSeconds.toFixed(1)} s (sign-in, grant, access, rotation, revoke, linger); bound ${mainBound.toFixed(1)} s`,
      `  429s received: ${r.throttled}; busiest 10 s window: ${r.busiestWindow} admitted (limit 4000)`,
      `  main step peak RSS: ${r.peakRssMb?.toFixed(0) ?? 'not recorded'} MB`,
      `  step outputs (kB): ${Object.entries(r.outputKb)
        .map(([name, kb]) => `${name} ${kb.toFixed(0)}`)
        .join(', ')}`,
    ].join('\n'),
  );
  const figures = [
    figure(
      'rotation phase / throttle bound',
      r.rotationSeconds / rotationBound,
      TARGETS.throughput,
      'x',
    ),
    figure('main step wall / throttle bound', r.mainSeconds / mainBound, TARGETS.throughput, 'x'),
    { name: 'failed secrets', measured: String(r.failed), bound: '0', met: r.failed === 0 },
    { name: '429s received', measured: String(r.throttled), bound: '0', met: r.throttled === 0 },
  ];
  if (r.peakRssMb !== undefined)
    figures.push(figure('main step peak RSS', r.peakRssMb, TARGETS.peakRssMb, 'MB'));
  return figures;
}

// ----- propagation overshoot -----

interface Overshoot {
  /** From the grant taking effect to the first 200 on a secret write. */
  writeMs: number;
  /** From the grant taking effect to the first probe let through (404). */
  accessMs: number;
}

async function propagationRun(latencyMs: number): Promise<Overshoot> {
  return withEmulator(async (emulator) => {
    emulator.state.knobs.propagation = { grantMs: GRANT_PROPAGATION_MS, revokeMs: 0 };
    emulator.state.knobs.keyVault.latencyMs = latencyMs;
    const scenario = seedScenario(emulator, { secrets: demoSecrets(40) });
    const inputs = actionInputs(emulator, scenario, {});
    resultOf((await runMeasured({ emulator, job: scenario.job, inputs })).main);

    const grant = emulator.state.roleAssignments.find((a) => a.origin !== 'seed');
    const vault = emulator.state.log.filter(
      (e) => e.service === 'keyvault' && e.host.startsWith(`${scenario.vaultName}.`),
    );
    const access = vault.find((e) => requestKind(e) === 'probes' && e.status === 404);
    const write = vault.find((e) => e.method === 'PUT' && e.status === 200);
    if (!grant || !access || !write) throw new Error('No grant, access or write in the log');
    const effective = grant.createdOn + GRANT_PROPAGATION_MS;
    return { writeMs: write.time - effective, accessMs: access.time - effective };
  });
}

async function propagation(latencyMs: number): Promise<Figure> {
  const runs: Overshoot[] = [];
  for (let i = 0; i < PROPAGATION_RUNS; i++) runs.push(await propagationRun(latencyMs));
  const shown = (ms: number[]) => ms.map((m) => m.toFixed(0)).join(', ');
  console.log(
    [
      `propagation: grant effective ${GRANT_PROPAGATION_MS} ms after createdOn; ${PROPAGATION_RUNS} runs of 40 secrets`,
      `  to first probe let through: ${shown(runs.map((r) => r.accessMs))} ms`,
      `  to first secret write (200): ${shown(runs.map((r) => r.writeMs))} ms`,
    ].join('\n'),
  );
  const writeMs = median(runs.map((r) => r.writeMs));
  return figure('propagation overshoot (median)', writeMs, TARGETS.overshootMs, 'ms');
}

// ----- report -----

function printTable(figures: Figure[]): void {
  const rows = [
    ['figure', 'measured', 'bound', 'verdict'],
    ...figures.map((f) => [f.name, f.measured, f.bound, f.met ? 'met' : 'MISSED']),
  ];
  const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) =>
    `| ${r.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join(' | ')} |`;
  console.log(['', line(rows[0] ?? []), line(widths.map((w) => '-'.repeat(w)))].join('\n'));
  for (const r of rows.slice(1)) console.log(line(r));
  const missed = figures.filter((f) => !f.met).length;
  console.log(missed ? `\nMISSED: ${missed} of ${figures.length} targets.` : '\nAll targets met.');
}

function printSweep(name: string, runs: ThroughputRun[]): void {
  console.log(
    `\n| ${name} | rotation s | bound s | ratio | main s | 429s | failed | peak RSS MB |`,
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of runs) {
    const bound = r.rotationRequests / THROTTLE_PER_SECOND;
    const cells = [r.inputs[name], r.rotationSeconds.toFixed(1), bound.toFixed(1)];
    cells.push((r.rotationSeconds / bound).toFixed(2), r.mainSeconds.toFixed(1));
    cells.push(String(r.throttled), String(r.failed), r.peakRssMb?.toFixed(0) ?? '-');
    console.log(`| ${cells.join(' | ')} |`);
  }
}

function pairs(values: string[]): Record<string, string> {
  return Object.fromEntries(
    values.map((v) => [v.slice(0, v.indexOf('=')).trim(), v.slice(v.indexOf('=') + 1).trim()]),
  );
}

async function bench(): Promise<void> {
  const { values } = parseArgs({
    options: {
      secrets: { type: 'string', default: '10000' },
      runs: { type: 'string', default: '7' },
      only: { type: 'string', default: 'cold,throughput,propagation' },
      input: { type: 'string', multiple: true, default: [] },
      sweep: { type: 'string' },
      'latency-ms': { type: 'string', default: '20' },
    },
  });
  const secrets = Number(values.secrets);
  // Others rebuild dist/ while working: name the bundle these figures are for.
  const digest = createHash('sha256').update(readFileSync(BUNDLE)).digest('hex').slice(0, 12);
  console.log(
    `Bundle ${BUNDLE}: sha256 ${digest}…, built ${statSync(BUNDLE).mtime.toISOString()}; Node ${process.version}\n`,
  );
  const inputs = pairs(values.input ?? []);
  const latencyMs = Number(values['latency-ms']);

  if (values.sweep) {
    const [name = '', list = ''] = values.sweep.split('=');
    const runs: ThroughputRun[] = [];
    for (const value of list.split(','))
      runs.push(await throughputRun(secrets, latencyMs, { ...inputs, [name]: value }));
    printSweep(name, runs);
  } else {
    const only = values.only.split(',');
    const figures: Figure[] = [];
    if (only.includes('cold')) figures.push(await coldStart(Number(values.runs)));
    if (only.includes('throughput'))
      figures.push(...throughputFigures(await throughputRun(secrets, latencyMs, inputs)));
    if (only.includes('propagation')) figures.push(await propagation(latencyMs));
    printTable(figures);
  }

  const given = process.argv.slice(2).join(' ');
  console.log(`\nRe-run: npm run bench${given ? ` -- ${given}` : ''}`);
}

bench().catch((err: unknown) => {
  console.error(
    `The benchmark could not measure: ${err instanceof Error ? err.stack : String(err)}`,
  );
  process.exitCode = 1;
});
