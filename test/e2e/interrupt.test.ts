import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runStep } from '../harness.js';
import { afterEach, describe, expect, it } from 'vitest';
import { KEY_VAULT_SECRETS_OFFICER } from '../emulator/scenario.js';
import {
  createWorld,
  leftoverGrants,
  resultOf,
  rotationsOf,
  writtenSecrets,
  type World,
} from '../fixtures/rotation-world.js';

describe('interruptions and existing access', () => {
  let world: World;
  afterEach(() => world?.close());

  it('SIGTERM mid-rotation: main stops writing, revokes; post finds nothing left; every secret is accounted for', async () => {
    world = await createWorld({ secretCount: 120 });
    world.emulator.state.knobs.keyVault.latencyMs = 40;
    const run = await world.run(
      { 'max-concurrency': '4' },
      {
        interrupt: {
          signal: 'SIGTERM',
          when: (out) => out.includes('::group::Rotate secrets'),
          delayMs: 700,
        },
      },
    );

    expect(run.main.code).toBe(1);
    expect(run.main.stdout).toMatch(/Received SIGTERM/);
    expect(leftoverGrants(world)).toEqual([]);
    expect(run.post.code).toBe(0);
    const rotations = rotationsOf(run);
    const rotated = rotations
      .filter((r) => r.status === 'rotated')
      .map((r) => r.secret)
      .sort();
    // Some were written, not all, and exactly the written ones are reported rotated.
    expect(rotated.length).toBeGreaterThan(0);
    expect(rotated.length).toBeLessThan(118);
    expect(rotated).toEqual(writtenSecrets(world));
    expect(resultOf(run).outcome).toBe('cancelled');
  });

  it('SIGKILL during the grant: the post step removes the assignment from saved state', async () => {
    world = await createWorld({ secretCount: 10 });
    world.emulator.state.knobs.propagation.grantMs = 60_000;
    const run = await world.run(
      {},
      { interrupt: { signal: 'SIGKILL', when: (out) => out.includes('::group::Wait for access') } },
    );

    expect(run.main.signal).toBe('SIGKILL');
    expect(run.post.code, run.post.stdout).toBe(0);
    expect(run.post.stdout).toMatch(/did not finish its revoke/);
    expect(run.post.stdout).toMatch(/Removed and verified gone/);
    expect(leftoverGrants(world)).toEqual([]);
    expect(run.post.summary).toContain('Post-step cleanup');
  });

  it('SIGKILL mid-rotation: the journal still tells which secrets were rotated', async () => {
    world = await createWorld({ secretCount: 120 });
    world.emulator.state.knobs.keyVault.latencyMs = 40;
    const run = await world.run(
      { 'max-concurrency': '4' },
      {
        interrupt: {
          signal: 'SIGKILL',
          when: (out) => out.includes('::group::Rotate secrets'),
          delayMs: 700,
        },
      },
    );

    expect(run.main.signal).toBe('SIGKILL');
    expect(leftoverGrants(world)).toEqual([]);
    const journal = readFileSync(run.main.state.journal!, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { secret: string; status: string });
    const done = journal.filter((r) => r.status === 'rotated').map((r) => r.secret);
    const started = new Set(journal.filter((r) => r.status === 'started').map((r) => r.secret));
    const written = writtenSecrets(world);
    // Every secret with a new version is in the journal: rotated, or started when the kill came.
    for (const name of written) expect(done.includes(name) || started.has(name)).toBe(true);
    expect(done.length).toBeGreaterThan(0);
    expect(run.post.stdout).toMatch(/Rotation journal .*: \d+ rotated/);
  });

  it('uses a standing assignment of the same role as it is, and leaves it in place', async () => {
    world = await createWorld({ secretCount: 6 });
    const standing = world.emulator.state.addRoleAssignment({
      scope: world.scenario.vaultId,
      roleDefinitionGuid: KEY_VAULT_SECRETS_OFFICER,
      principalId: world.scenario.servicePrincipalId,
      description: 'Standing access owned by the platform team',
    });
    const run = await world.run();

    expect(run.main.code, run.main.stdout).toBe(0);
    expect(standing.deletedAt).toBeUndefined();
    expect(world.emulator.state.liveAssignments()).toContain(standing);
    expect(resultOf(run).grants[0]).toMatchObject({
      owned: false,
      status: 'pre-existing',
      id: standing.id,
    });
    expect(
      world.emulator.state.log.filter((e) => e.service === 'arm' && e.method === 'DELETE'),
    ).toEqual([]);
    expect(run.main.stdout).toMatch(/not by this run/);
  });

  it('a re-run of the same run adopts and removes the assignment an earlier attempt left behind', async () => {
    world = await createWorld({ secretCount: 4 });
    world.emulator.state.knobs.propagation.grantMs = 60_000;
    // The runner itself dies with the main step, so no post step runs.
    const dir = mkdtempSync(join(tmpdir(), 'jit-attempt-1-'));
    const first = await runStep(
      'main',
      {
        emulator: world.emulator,
        job: world.scenario.job,
        inputs: world.inputs(),
        interrupt: { signal: 'SIGKILL', when: (out) => out.includes('::group::Wait for access') },
      },
      dir,
    );
    expect(first.signal).toBe('SIGKILL');
    const left = leftoverGrants(world);
    expect(left).toHaveLength(1);

    world.emulator.state.knobs.propagation.grantMs = 0;
    const job = world.emulator.createJob({ ...world.scenario.job.claims, run_attempt: '2' });
    const second = await world.run({}, { job, env: { GITHUB_RUN_ATTEMPT: '2' } });
    expect(second.main.code, second.main.stdout).toBe(0);
    expect(second.main.stdout).toMatch(/Adopting/);
    expect(leftoverGrants(world)).toEqual([]);
  });
});
