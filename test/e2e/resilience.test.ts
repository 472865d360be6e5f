import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KEY_VAULT_SECRETS_OFFICER } from '../emulator/scenario.js';
import { runStep, type StepResult } from '../harness.js';
import {
  createWorld,
  expectNoLeaks,
  leftoverGrants,
  resultOf,
  rotationsOf,
  writtenSecrets,
  type World,
} from '../fixtures/rotation-world.js';

/** The main step alone, killed once rotation is under way: the runner died too, so no post step. */
async function killedMidRotation(
  world: World,
  inputs: Record<string, string>,
): Promise<StepResult> {
  const dir = mkdtempSync(join(tmpdir(), 'jit-killed-'));
  return runStep(
    'main',
    {
      emulator: world.emulator,
      job: world.scenario.job,
      inputs: world.inputs({ 'max-concurrency': '4', ...inputs }),
      interrupt: {
        signal: 'SIGKILL',
        when: (out) => out.includes('::group::Rotate secrets'),
        delayMs: 600,
      },
    },
    dir,
  );
}

function canWrite(world: World): boolean {
  const vault = world.emulator.state.requireVault(world.scenario.vaultName);
  return world.emulator.state.dataActionPermitted(
    world.scenario.servicePrincipalId,
    vault,
    'Microsoft.KeyVault/vaults/secrets/setSecret/action',
  );
}

describe('access that ends even if the runner dies; resume and rollback', () => {
  let world: World;
  afterEach(() => world?.close());

  it('pim mode grants through a schedule request with an expiry and revokes with AdminRemove', async () => {
    world = await createWorld({ secretCount: 6 });
    const run = await world.run({ 'assignment-mode': 'pim', 'grant-duration': 'PT30M' });

    expect(run.main.code, run.main.stdout).toBe(0);
    const pim = world.emulator.state.roleAssignments.filter((a) => a.origin === 'pim');
    expect(pim).toHaveLength(1);
    expect(pim[0]!.endsAt! - pim[0]!.createdOn).toBeGreaterThan(29 * 60_000);
    expect(pim[0]!.deletedAt).toBeDefined();
    expect(resultOf(run).grants[0]).toMatchObject({
      mode: 'pim',
      verifiedGone: true,
      id: pim[0]!.id,
    });
    expect(leftoverGrants(world)).toEqual([]);
    expectNoLeaks(world, run);
  });

  it('pim mode, runner killed mid-rotation: access ends at the expiry by itself, and a resumed run finishes the rest', async () => {
    world = await createWorld({ secretCount: 80 });
    world.emulator.state.knobs.keyVault.latencyMs = 40;
    const killed = await killedMidRotation(world, {
      'assignment-mode': 'pim',
      'grant-duration': 'PT10M',
    });
    expect(killed.signal).toBe('SIGKILL');
    expect(leftoverGrants(world)).toHaveLength(1);

    world.emulator.clock.advance(10 * 60_000 + 1000);
    expect(leftoverGrants(world)).toEqual([]);
    expect(canWrite(world)).toBe(false);

    // What was done is recoverable from the journal, and a resumed run does only the rest.
    const journal = readFileSync(killed.state.journal!, 'utf8');
    const rotatedBefore = new Set(
      journal
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { secret: string; status: string })
        .filter((r) => r.status === 'rotated')
        .map((r) => r.secret),
    );
    expect(rotatedBefore.size).toBeGreaterThan(0);
    world.emulator.state.knobs.keyVault.latencyMs = 0;
    const resumed = await world.run({ 'assignment-mode': 'pim', 'resume-from': journal });
    expect(resumed.main.code, resumed.main.stdout).toBe(0);
    const again = rotationsOf(resumed)
      .filter((r) => r.status === 'rotated')
      .map((r) => r.secret);
    expect(again.some((n) => rotatedBefore.has(n))).toBe(false);
    expect(new Set([...rotatedBefore, ...again]).size).toBe(78);
    expect(writtenSecrets(world)).toHaveLength(78);
  });

  it("rbac mode, runner killed: a later sweep removes the expired grant, but not standing access or a running job's grant", async () => {
    world = await createWorld({ secretCount: 80 });
    world.emulator.state.knobs.keyVault.latencyMs = 40;
    const standing = world.emulator.state.addRoleAssignment({
      scope: world.scenario.vaultId,
      roleDefinitionGuid: '4633458b-17de-408a-b874-0445c86b69e6',
      principalId: world.scenario.servicePrincipalId,
      description: 'Standing reader for the app',
    });
    const killed = await killedMidRotation(world, { 'grant-duration': '20s' });
    expect(killed.signal).toBe('SIGKILL');
    const leaked = leftoverGrants(world);
    expect(leaked).toHaveLength(1);
    // sweep judges deadlines on the runner's clock, so this one waits for real.
    const deadline = new Date(/deadline=(\S+)/.exec(leaked[0]!.description!)![1]!).getTime();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - Date.now() + 500)));

    // A grant of a job still running (its deadline is ahead) must survive the sweep.
    const running = world.emulator.state.addRoleAssignment({
      scope: world.scenario.vaultId,
      roleDefinitionGuid: KEY_VAULT_SECRETS_OFFICER,
      principalId: '55555555-5555-4555-8555-555555555555',
      origin: 'rbac',
      description: `[jit-rbac-action] run=octo-org/other/9 attempt=1 deadline=${new Date(world.emulator.clock.now() + 3_600_000).toISOString()}`,
    });

    world.emulator.state.knobs.keyVault.latencyMs = 0;
    const sweep = await world.run({ command: 'sweep' });

    expect(sweep.main.code, sweep.main.stdout).toBe(0);
    expect(leaked[0]!.deletedAt).toBeDefined();
    expect(running.deletedAt).toBeUndefined();
    expect(standing.deletedAt).toBeUndefined();
    expect(world.emulator.state.liveAssignments()).toEqual(
      expect.arrayContaining([standing, running]),
    );
    const result = JSON.parse(sweep.main.outputs.result!) as { removed: number };
    expect(result.removed).toBe(1);
    expect(sweep.main.summary).toContain('kept: deadline not reached');
  });

  it("stops starting writes when the grant's deadline nears, revokes in time, reports the rest skipped, fails", async () => {
    world = await createWorld({ secretCount: 200 });
    world.emulator.state.knobs.keyVault.latencyMs = 50;
    const run = await world.run({ 'grant-duration': '20s', 'max-concurrency': '1' });

    expect(run.main.code).toBe(1);
    const late = rotationsOf(run).filter((r) => r.reason?.startsWith('not started'));
    expect(late.length).toBeGreaterThan(0);
    expect(run.main.stdout).toMatch(/were not started because the grant's deadline/);
    const grant = resultOf(run).grants[0] as {
      removedAt: string;
      endsAt: string;
      verifiedGone: boolean;
    };
    expect(grant.verifiedGone).toBe(true);
    expect(new Date(grant.removedAt).getTime()).toBeLessThan(new Date(grant.endsAt).getTime());
    expect(leftoverGrants(world)).toEqual([]);
  });

  it("rollback writes back every rotated secret's previous value as a new version and leaves the rest alone", async () => {
    world = await createWorld({ secretCount: 8 });
    const vault = world.emulator.state.requireVault(world.scenario.vaultName);
    const original = new Map(
      [...vault.secrets.values()].map((s) => [s.name, s.versions[0]!.value]),
    );
    const rotation = await world.run({ 'secret-exclude': 'service-00[67]-secret' });
    expect(rotation.main.code, rotation.main.stdout).toBe(0);

    const rollback = await world.run({
      command: 'rollback',
      'rollback-from': rotation.main.outputs.rotations!,
    });
    expect(rollback.main.code, rollback.main.stdout).toBe(0);
    const restored = rotationsOf(rollback).filter((r) => r.status === 'restored');
    expect(restored).toHaveLength(4);
    for (const r of restored) {
      const versions = vault.secrets.get(r.secret)!.versions;
      expect(versions).toHaveLength(3);
      expect(versions[2]!.value).toBe(original.get(r.secret));
    }
    expect(vault.secrets.get('db-password')!.versions[2]).toMatchObject({
      contentType: 'text/plain',
      tags: { app: 'orders', rotate: 'true' },
    });
    expect(vault.secrets.get('service-006-secret')!.versions).toHaveLength(1);
    expect(leftoverGrants(world)).toEqual([]);
    const visible =
      rollback.main.stdout.replace(/^::add-mask::.*$/gm, '') +
      rollback.main.summary +
      JSON.stringify(rollback.main.outputs);
    for (const value of original.values()) expect(visible.includes(value)).toBe(false);
  });

  it('pim mode in a tenant without PIM fails with a clear error that suggests rbac, leaving nothing behind', async () => {
    world = await createWorld({ secretCount: 4 });
    world.emulator.state.knobs.arm.pimDisabledTenants = [world.scenario.tenantId];
    const run = await world.run({ 'assignment-mode': 'pim' });

    expect(run.main.code).toBe(1);
    expect(run.main.stdout).toMatch(
      /PIM for Azure resources is not available\. Use 'assignment-mode: rbac'/,
    );
    expect(leftoverGrants(world)).toEqual([]);
  });
});
