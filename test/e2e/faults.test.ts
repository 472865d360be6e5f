import { afterEach, describe, expect, it } from 'vitest';
import {
  createWorld,
  expectNoLeaks,
  leftoverGrants,
  resultOf,
  rotationsOf,
  type World,
} from '../fixtures/rotation-world.js';

/** Advances the emulator's clock once the run's grant exists, so a long propagation takes no real time. */
function advanceAfterGrant(world: World, ms: number): () => void {
  const timer = setInterval(() => {
    if (world.emulator.state.roleAssignments.some((a) => a.origin === 'rbac')) {
      clearInterval(timer);
      world.emulator.clock.advance(ms);
    }
  }, 20);
  return () => clearInterval(timer);
}

function logOf(world: World, service: string, status: number) {
  return world.emulator.state.log.filter((e) => e.service === service && e.status === status);
}

describe('rotate under Azure faults', () => {
  let world: World;
  afterEach(() => world?.close());

  it('waits out a 20 s RBAC propagation (on the emulator clock), retrying ForbiddenByRbac', async () => {
    world = await createWorld({ secretCount: 8 });
    world.emulator.state.knobs.propagation.grantMs = 20_000;
    const stop = advanceAfterGrant(world, 20_000);
    const run = await world.run();
    stop();

    expect(run.main.code, run.main.stdout).toBe(0);
    expect(logOf(world, 'keyvault', 403).every((e) => e.code === 'ForbiddenByRbac')).toBe(true);
    expect(resultOf(run).counts.rotated).toBe(6);
    expect(leftoverGrants(world)).toEqual([]);
  });

  it('measures a short real propagation delay and the access that lingers after the revoke', async () => {
    world = await createWorld({ secretCount: 4 });
    world.emulator.state.knobs.propagation = { grantMs: 1500, revokeMs: 1000 };
    const run = await world.run();

    expect(run.main.code, run.main.stdout).toBe(0);
    const result = resultOf(run);
    expect(result.propagationSeconds!).toBeGreaterThanOrEqual(1.4);
    expect(result.propagationSeconds!).toBeLessThan(4);
    expect(result.lingerSeconds!).toBeGreaterThanOrEqual(0.9);
    expect(run.main.summary).toContain('Lingering data-plane access');
  });

  it('fails when access never comes within propagation-timeout, and still removes the grant', async () => {
    world = await createWorld({ secretCount: 4 });
    world.emulator.state.knobs.propagation.grantMs = 3_600_000;
    const run = await world.run({ 'propagation-timeout': '2' });

    expect(run.main.code).toBe(1);
    expect(run.main.stdout).toMatch(/within the propagation timeout/);
    expect(leftoverGrants(world)).toEqual([]);
  });

  it('rides out a 429 storm, honouring Retry-After, with no failed secret', async () => {
    world = await createWorld({ secretCount: 30 });
    world.emulator.state.knobs.keyVault.throttleStorm = 8;
    const run = await world.run();

    expect(run.main.code, run.main.stdout).toBe(0);
    expect(logOf(world, 'keyvault', 429).length).toBe(8);
    expect(resultOf(run).counts).toMatchObject({ rotated: 28, failed: 0 });
  });

  it('retries transient 5xx answers and dropped connections', async () => {
    world = await createWorld({ secretCount: 30 });
    Object.assign(world.emulator.state.knobs.keyVault, { serverErrorRate: 0.1, resetRate: 0.05 });
    const run = await world.run();

    expect(run.main.code, run.main.stdout).toBe(0);
    expect(
      logOf(world, 'keyvault', 500).length + logOf(world, 'keyvault', 0).length,
    ).toBeGreaterThan(0);
    expect(resultOf(run).counts).toMatchObject({ rotated: 28, failed: 0 });
    expectNoLeaks(world, run);
  });

  it('records a secret that fails for good, rotates the rest, fails the step, leaves nothing granted', async () => {
    world = await createWorld({ secretCount: 12 });
    world.emulator.state.knobs.keyVault.failingSecrets = ['service-007-secret'];
    const run = await world.run();

    expect(run.main.code).toBe(1);
    const failed = rotationsOf(run).filter((r) => r.status === 'failed');
    expect(failed.map((r) => r.secret)).toEqual(['service-007-secret']);
    expect(failed[0]!.reason).toMatch(/HTTP 500/);
    expect(resultOf(run).counts.rotated).toBe(9);
    expect(run.main.stdout).toMatch(/::error::.*1 secret\(s\) failed/);
    expect(leftoverGrants(world)).toEqual([]);
    expect(run.main.outputs.rotations).toBeDefined();
  });

  it('fails fast behind a vault firewall with a hint, and removes the grant', async () => {
    world = await createWorld({ secretCount: 4 });
    world.emulator.state.knobs.keyVault.firewalledVaults = [world.scenario.vaultName];
    const run = await world.run();

    expect(run.main.code).toBe(1);
    expect(run.main.stdout).toMatch(/firewall refuses this runner/);
    expect(run.main.durationMs).toBeLessThan(20_000);
    expect(leftoverGrants(world)).toEqual([]);
  });

  it('retries PrincipalNotFound while the principal replicates', async () => {
    world = await createWorld({ secretCount: 4 });
    world.emulator.state.knobs.arm.principalNotFoundRegardlessOfType = 2;
    const run = await world.run();

    expect(run.main.code, run.main.stdout).toBe(0);
    expect(world.emulator.state.log.filter((e) => e.code === 'PrincipalNotFound')).toHaveLength(2);
    expect(leftoverGrants(world)).toEqual([]);
  });

  it('retries a failed delete and verifies the assignment is gone', async () => {
    world = await createWorld({ secretCount: 4 });
    world.emulator.state.knobs.arm.deleteFailures = 1;
    const run = await world.run();

    expect(run.main.code, run.main.stdout).toBe(0);
    expect(
      world.emulator.state.log
        .filter((e) => e.service === 'arm' && e.method === 'DELETE')
        .map((e) => e.status),
    ).toEqual([500, 200]);
    expect(resultOf(run).grants[0]).toMatchObject({ verifiedGone: true, status: 'removed' });
    expect(leftoverGrants(world)).toEqual([]);
  });

  it('refuses a workflow whose subject the federated credential does not trust (AADSTS700213), before any write', async () => {
    world = await createWorld({ secretCount: 4 });
    const job = world.emulator.createJob({
      repository: 'octo-org/octo-repo',
      environment: 'Secret-Rotation',
    });
    const run = await world.run({}, { job });

    expect(run.main.code).toBe(1);
    expect(run.main.stdout).toMatch(/AADSTS7002138|AADSTS700213/);
    expect(run.main.stdout).toMatch(/federated credential subject must equal/);
    expect(
      world.emulator.state.log.filter((e) => e.service === 'arm' || e.service === 'keyvault'),
    ).toEqual([]);
  });

  it('refuses to grant when the identity may not assign that role (ABAC condition)', async () => {
    world = await createWorld({ secretCount: 4 });
    const run = await world.run({ 'role-ids': 'Key Vault Secrets User' });

    expect(run.main.code).toBe(1);
    expect(run.main.stdout).toMatch(/AuthorizationFailed/);
    expect(run.main.stdout).toMatch(/Hint: the action's identity needs/);
    expect(leftoverGrants(world)).toEqual([]);
  });

  it('keeps authenticating when the run outlives the GitHub token', async () => {
    world = await createWorld({ secretCount: 6 });
    Object.assign(world.emulator.state.knobs, {
      oidcTokenLifetimeSeconds: 3,
      accessTokenLifetimeSeconds: 4,
    });
    world.emulator.state.knobs.propagation.grantMs = 7000;
    const run = await world.run();

    expect(run.main.code, run.main.stdout).toBe(0);
    const oidc = world.emulator.state.log.filter(
      (e) => e.service === 'github-oidc' && e.status === 200,
    );
    expect(oidc.length).toBeGreaterThan(2);
    expect(world.emulator.state.log.filter((e) => e.code === 'AADSTS700024')).toEqual([]);
  });
});
