/**
 * `npm run test:faults`: the built bundle against every fault the emulator can
 * inject, several runs each, in one Markdown table. Each run is the main step
 * and then the post step, as the runner does, in a fresh emulator world, and
 * is judged only from what the emulator holds afterwards and what the run
 * wrote (log, outputs, state, summary, audit file, journal):
 *
 *   assignments left   role assignments still live after main and post that
 *                      were not seeded
 *   secrets lost       secrets with a new version that no record of the run
 *                      says were rotated, and selected secrets that no record
 *                      mentions at all in a run that was not killed
 *   values leaked      generated values found anywhere a person or a later
 *                      step can read them, or never masked
 *   passed             the run ended as the fault should make it end, and all
 *                      three counts are 0
 *
 * The exit code is 1 when any run did not pass, so CI can use it.
 *
 * Options (after `npm run test:faults --`):
 *   --runs N       runs per fault (3)
 *   --seed N       Key Vault fault seed of the first run; run i uses N + i (1)
 *   --only a,b     fault keys to run (all): none, propagation, throttle-storm,
 *                  server-errors, resets, principal-not-found, delete-failure,
 *                  failing-secret, sigterm, sigkill
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readJournal } from '../../src/journal.js';
import type { Knobs, RequestLogEntry } from '../emulator/state.js';
import type { ActionRun, Interrupt } from '../harness.js';
import {
  createWorld,
  generatedValues,
  leftoverGrants,
  rotationsOf,
  type Rotation,
  type World,
} from '../fixtures/rotation-world.js';

/** How a run should end when the action handles the fault as it promises. */
type Ending = 'success' | 'failed-secret' | 'terminated' | 'killed';

interface Fault {
  key: string;
  label: string;
  ending: Ending;
  secretCount: number;
  /** Sets the world's knobs; `seed` varies per run. */
  arrange: (knobs: Knobs, seed: number) => void;
  /** Whether the emulator's request log shows the fault happened; a run where it did not is noted. */
  fired?: (log: RequestLogEntry[]) => boolean;
  inputs?: Record<string, string>;
  interrupt?: Interrupt;
}

const SECRETS = 24;
const INTERRUPT_SECRETS = 60;
/** Names of the world's rotatable secrets (see demoSecrets) a failing secret is drawn from. */
const serviceSecret = (i: number) => `service-${String(i).padStart(3, '0')}-secret`;

/** Interrupts the main step 700 ms into the rotation, as test/e2e/interrupt.test.ts does. */
const midRotation = (signal: 'SIGTERM' | 'SIGKILL'): Interrupt => ({
  signal,
  when: (out) => out.includes('::group::Rotate secrets'),
  delayMs: 700,
});

const FAULTS: Fault[] = [
  {
    key: 'none',
    label: 'none (baseline)',
    ending: 'success',
    secretCount: SECRETS,
    arrange: () => {},
  },
  {
    key: 'propagation',
    label: 'propagation delay (grant 2 s, revoke 1 s)',
    ending: 'success',
    secretCount: SECRETS,
    arrange: (knobs) => (knobs.propagation = { grantMs: 2000, revokeMs: 1000 }),
    fired: (log) => log.some((e) => e.code === 'ForbiddenByRbac'),
  },
  {
    key: 'throttle-storm',
    label: '429 storm (8 answers, Retry-After 1 s)',
    ending: 'success',
    secretCount: SECRETS,
    arrange: (knobs) => (knobs.keyVault.throttleStorm = 8),
    fired: (log) => log.filter((e) => e.status === 429).length === 8,
  },
  {
    key: 'server-errors',
    label: '5xx (10% of Key Vault requests)',
    ending: 'success',
    secretCount: SECRETS,
    arrange: (knobs, seed) =>
      Object.assign(knobs.keyVault, {
        serverErrorRate: 0.1,
        serverErrorStatus: seed % 2 ? 500 : 503,
      }),
    fired: (log) => log.some((e) => e.service === 'keyvault' && e.status >= 500),
  },
  {
    key: 'resets',
    label: 'connection resets (5% of Key Vault requests)',
    ending: 'success',
    secretCount: SECRETS,
    arrange: (knobs) => (knobs.keyVault.resetRate = 0.05),
    fired: (log) => log.some((e) => e.service === 'keyvault' && e.status === 0),
  },
  {
    key: 'principal-not-found',
    label: 'PrincipalNotFound (first 2 creations)',
    ending: 'success',
    secretCount: SECRETS,
    arrange: (knobs) => (knobs.arm.principalNotFoundRegardlessOfType = 2),
    fired: (log) => log.filter((e) => e.code === 'PrincipalNotFound').length === 2,
  },
  {
    key: 'delete-failure',
    label: 'role assignment delete fails once',
    ending: 'success',
    secretCount: SECRETS,
    arrange: (knobs) => (knobs.arm.deleteFailures = 1),
    fired: (log) =>
      log.some((e) => e.service === 'arm' && e.method === 'DELETE' && e.status === 500),
  },
  {
    key: 'failing-secret',
    label: 'a secret fails for good (expect a clean failure)',
    ending: 'failed-secret',
    secretCount: SECRETS,
    // A different rotatable secret each run: seeded secrets 4.. are plain ones.
    arrange: (knobs, seed) => (knobs.keyVault.failingSecrets = [serviceSecret(4 + (seed % 20))]),
  },
  {
    key: 'sigterm',
    label: 'SIGTERM mid-rotation',
    ending: 'terminated',
    secretCount: INTERRUPT_SECRETS,
    arrange: (knobs) => (knobs.keyVault.latencyMs = 40),
    inputs: { 'max-concurrency': '4' },
    interrupt: midRotation('SIGTERM'),
  },
  {
    key: 'sigkill',
    label: 'SIGKILL mid-rotation (post step cleans up)',
    ending: 'killed',
    secretCount: INTERRUPT_SECRETS,
    arrange: (knobs) => (knobs.keyVault.latencyMs = 40),
    inputs: { 'max-concurrency': '4' },
    interrupt: midRotation('SIGKILL'),
  },
];

/** A seeded secret as it was before the run. */
interface SeededSecret {
  name: string;
  /** Whether the action should write it: enabled and not certificate-backed. */
  rotatable: boolean;
}

interface Verdict {
  passed: boolean;
  assignmentsLeft: number;
  secretsLost: number;
  valuesLeaked: number;
  /** Why the run did not pass, or what made it less than a clean test of the fault. */
  notes: string[];
}

function seededSecrets(world: World): SeededSecret[] {
  const vault = world.emulator.state.requireVault(world.scenario.vaultName);
  return [...vault.secrets.values()].map((s) => ({
    name: s.name,
    rotatable: !s.managed && s.versions.at(-1)?.enabled !== false,
  }));
}

/** The journal's records, read as the post step reads them. */
function journalOf(run: ActionRun): Rotation[] {
  const path = run.main.state.journal;
  return path ? readJournal(path) : [];
}

/** Secrets with a new version that no record claims, plus selected secrets no record names. */
function lostSecrets(world: World, run: ActionRun, seeded: SeededSecret[]): string[] {
  const vault = world.emulator.state.requireVault(world.scenario.vaultName);
  const output = run.main.outputs.rotations === undefined ? undefined : rotationsOf(run);
  const journal = journalOf(run);
  const claimed = new Set(
    (output ?? journal)
      .filter((r) => r.status === 'rotated' || (!output && r.status === 'started'))
      .map((r) => r.secret.toLowerCase()),
  );
  const mentioned = new Set([...(output ?? []), ...journal].map((r) => r.secret.toLowerCase()));
  const lost = new Set<string>();

  for (const secret of vault.secrets.values()) {
    if (secret.versions.length > 1 && !claimed.has(secret.name.toLowerCase()))
      lost.add(secret.name);
  }
  if (run.main.code !== null) {
    for (const s of seeded) if (!mentioned.has(s.name.toLowerCase())) lost.add(s.name);
  }
  return [...lost].sort();
}

/** Every file under a folder: the run's temp files, audit file and journal included. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** What `::add-mask::` registered, unescaped as the runner unescapes command data. */
function maskedValues(stdout: string): Set<string> {
  const masked = new Set<string>();
  for (const [, data = ''] of stdout.matchAll(/^::add-mask::(.*)$/gm))
    masked.add(data.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%'));
  return masked;
}

/** Generated values a person or a later step could read, or that were never masked. */
function leakedValues(world: World, run: ActionRun): number {
  const masked = maskedValues(run.main.stdout);
  const files = [
    run.main.outputs['audit-file'],
    run.main.state.journal,
    ...filesUnder(run.dir),
  ].filter((path): path is string => !!path && existsSync(path));
  const visible = [
    ...[run.main, run.post].flatMap((step) => [
      step.stdout.replace(/^::add-mask::.*$/gm, ''),
      step.stderr,
      ...Object.values(step.outputs),
      ...Object.values(step.state),
      step.summary,
    ]),
    ...files.map((path) => readFileSync(path, 'utf8')),
  ].join('\n');
  const generated = new Set(generatedValues(world));
  return [...generated].filter((value) => !masked.has(value) || visible.includes(value)).length;
}

/** Whether the steps ended as the fault should make them end, and why not. */
function endingProblems(
  fault: Fault,
  run: ActionRun,
  seeded: SeededSecret[],
  failing: string[],
): string[] {
  const { main, post } = run;
  const problems: string[] = [];
  if (post.code !== 0) problems.push(`post step exited ${post.code ?? post.signal}`);
  if (fault.ending === 'success' && main.code !== 0)
    problems.push(`main step exited ${main.code ?? main.signal}, expected 0`);
  if ((fault.ending === 'failed-secret' || fault.ending === 'terminated') && !main.code)
    problems.push(`main step exited ${main.code ?? main.signal}, expected a failure`);
  if (fault.ending === 'killed' && main.signal !== 'SIGKILL')
    problems.push(`main step exited ${main.code}, expected to be killed`);
  if (fault.ending === 'failed-secret')
    problems.push(...failedSecretProblems(run, seeded, failing));
  return problems;
}

/** A failing secret must be the only one reported failed; the rest rotated or rightly skipped. */
function failedSecretProblems(run: ActionRun, seeded: SeededSecret[], failing: string[]): string[] {
  const records = new Map(rotationsOf(run).map((r) => [r.secret.toLowerCase(), r]));
  const wrong = seeded.filter((s) => {
    const status = records.get(s.name.toLowerCase())?.status;
    if (failing.includes(s.name)) return status !== 'failed';
    return status !== (s.rotatable ? 'rotated' : 'skipped');
  });
  return wrong.map((s) => `${s.name} reported ${records.get(s.name.toLowerCase())?.status}`);
}

/** For interrupts: whether the signal landed while secrets were being written. */
function interruptNote(fault: Fault, world: World, seeded: SeededSecret[]): string[] {
  if (!fault.interrupt) return [];
  const vault = world.emulator.state.requireVault(world.scenario.vaultName);
  const written = [...vault.secrets.values()].filter((s) => s.versions.length > 1).length;
  const rotatable = seeded.filter((s) => s.rotatable).length;
  return written > 0 && written < rotatable
    ? []
    : [
        `the ${fault.interrupt.signal} did not land mid-rotation (${written} of ${rotatable} written)`,
      ];
}

async function runOnce(fault: Fault, seed: number): Promise<Verdict> {
  const world = await createWorld({ secretCount: fault.secretCount });
  try {
    const { knobs } = world.emulator.state;
    knobs.keyVault.seed = seed;
    fault.arrange(knobs, seed);
    const seeded = seededSecrets(world);
    const run = await world.run(fault.inputs, { interrupt: fault.interrupt });

    const assignmentsLeft = leftoverGrants(world).length;
    const lost = lostSecrets(world, run, seeded);
    const valuesLeaked = leakedValues(world, run);
    const notes = [
      ...endingProblems(fault, run, seeded, knobs.keyVault.failingSecrets),
      ...(assignmentsLeft ? [`${assignmentsLeft} assignment(s) left`] : []),
      ...(lost.length ? [`lost: ${lost.join(', ')}`] : []),
      ...(valuesLeaked ? [`${valuesLeaked} value(s) leaked`] : []),
    ];
    const passed = notes.length === 0;
    notes.push(...interruptNote(fault, world, seeded));
    if (fault.fired && !fault.fired(world.emulator.state.log))
      notes.push('the emulator log shows no sign of the fault');
    if (!passed) notes.push(`run folder ${run.dir}`);
    return { passed, assignmentsLeft, secretsLost: lost.length, valuesLeaked, notes };
  } catch (err) {
    const reason = err instanceof Error ? (err.stack ?? err.message) : String(err);
    return { passed: false, assignmentsLeft: 0, secretsLost: 0, valuesLeaked: 0, notes: [reason] };
  } finally {
    await world.close();
  }
}

interface Row {
  fault: Fault;
  verdicts: Verdict[];
}

function printTable(rows: Row[]): void {
  const sum = (verdicts: Verdict[], pick: (v: Verdict) => number) =>
    verdicts.reduce((total, v) => total + pick(v), 0);
  console.log('| fault | runs | passed | assignments left | secrets lost | values leaked |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const { fault, verdicts } of rows) {
    const cells = [
      fault.label,
      verdicts.length,
      verdicts.filter((v) => v.passed).length,
      sum(verdicts, (v) => v.assignmentsLeft),
      sum(verdicts, (v) => v.secretsLost),
      sum(verdicts, (v) => v.valuesLeaked),
    ];
    console.log(`| ${cells.join(' | ')} |`);
  }
}

function printNotes(rows: Row[], firstSeed: number): void {
  const lines = rows.flatMap(({ fault, verdicts }) =>
    verdicts.flatMap((v, i) =>
      v.notes.length
        ? [
            `- ${fault.key}, seed ${firstSeed + i}: ${v.passed ? '' : 'FAILED: '}${v.notes.join('; ')}`,
          ]
        : [],
    ),
  );
  if (lines.length) console.log('\n' + lines.join('\n'));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '3' },
      seed: { type: 'string', default: '1' },
      only: { type: 'string' },
    },
  });
  const runs = Number(values.runs);
  const firstSeed = Number(values.seed);
  const only = values.only?.split(',').map((k) => k.trim());
  const unknown = only?.filter((k) => !FAULTS.some((f) => f.key === k)) ?? [];
  if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(firstSeed) || unknown.length)
    throw new Error(
      `Usage: --runs N (N >= 1), --seed N, --only ${FAULTS.map((f) => f.key).join(',')}` +
        (unknown.length ? `; unknown fault(s): ${unknown.join(', ')}` : ''),
    );

  const started = Date.now();
  const rows: Row[] = [];
  for (const fault of FAULTS.filter((f) => !only || only.includes(f.key))) {
    const verdicts: Verdict[] = [];
    for (let i = 0; i < runs; i++) {
      const runStarted = Date.now();
      const verdict = await runOnce(fault, firstSeed + i);
      verdicts.push(verdict);
      const seconds = ((Date.now() - runStarted) / 1000).toFixed(1);
      console.error(
        `${fault.key} ${i + 1}/${runs} (seed ${firstSeed + i}): ${verdict.passed ? 'passed' : 'FAILED'} in ${seconds} s`,
      );
    }
    rows.push({ fault, verdicts });
  }

  printTable(rows);
  printNotes(rows, firstSeed);
  console.log(`\nTotal time: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (rows.some((r) => r.verdicts.some((v) => !v.passed))) process.exitCode = 1;
}

await main();
