import { afterEach, describe, expect, it } from 'vitest';
import { addApproval, addComment, addGitHubToken, commentsOf } from '../emulator/github-api.js';
import { seedSecret } from '../emulator/scenario.js';
import { createWorld, leftoverGrants, resultOf, type World } from '../fixtures/rotation-world.js';

const KEY_VAULT_READER = '21090545-7ca7-4776-b22c-e363652d74d2';
const WRITES = ['PUT', 'PATCH', 'DELETE', 'POST'];

/** A world whose identity may read secret metadata without a grant, as a plan needs. */
async function planWorld(secretCount = 8): Promise<World> {
  const world = await createWorld({ secretCount, resourceGroup: 'rg_(prod).x' });
  world.emulator.state.addRoleAssignment({
    scope: world.scenario.vaultId,
    roleDefinitionGuid: KEY_VAULT_READER,
    principalId: world.scenario.servicePrincipalId,
  });
  return world;
}

function azureWrites(world: World, since = 0) {
  return world.emulator.state.log
    .slice(since)
    .filter((e) => (e.service === 'arm' || e.service === 'keyvault') && WRITES.includes(e.method));
}

describe('plan and approval binding', () => {
  let world: World;
  afterEach(() => world?.close());

  it('plan resolves names, renders an escaped table, and changes nothing in Azure', async () => {
    world = await planWorld();
    const run = await world.run({
      command: 'plan',
      'role-ids': 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7',
    });

    expect(run.main.code, run.main.stdout).toBe(0);
    expect(azureWrites(world)).toEqual([]);
    const plan = JSON.parse(run.main.outputs.plan!) as {
      grants: Array<{ roleName: string; resourceName: string }>;
      secrets: Record<string, string[]>;
    };
    expect(plan.grants).toEqual([
      expect.objectContaining({
        roleName: 'Key Vault Secrets Officer',
        resourceName: 'kv-rotation',
      }),
    ]);
    expect(plan.secrets['kv-rotation']).toHaveLength(6);
    expect(plan.secrets['kv-rotation']).not.toContain('tls-frontend');
    expect(run.main.outputs['plan-hash']).toMatch(/^[0-9a-f]{64}$/);
    const table = run.main.outputs['approval-table']!;
    expect(table).toContain(
      '| Key Vault Secrets Officer | b86a8fe4-44ce-4948-aee5-eccb2c155cd7 | kv-rotation |',
    );
    expect(table).toContain('rg\\_(prod).x');
    expect(run.main.summary).toContain(run.main.outputs['plan-hash']);
  });

  it('gives the same hash on every run, whatever the order of the inputs', async () => {
    world = await planWorld();
    const first = await world.run({ command: 'plan', 'secret-include': 'service-*\ndb-password' });
    const second = await world.run({ command: 'plan', 'secret-include': 'db-password\nservice-*' });

    expect(first.main.outputs['plan-hash']).toBe(second.main.outputs['plan-hash']);
    expect(first.main.outputs.plan).toBe(second.main.outputs.plan);
  });

  it('rotate with the approved hash runs, and rotates only the approved secrets', async () => {
    world = await planWorld();
    const plan = await world.run({ command: 'plan' });
    const run = await world.run({
      'expected-plan-hash': plan.main.outputs['plan-hash']!,
      'expected-plan': plan.main.outputs.plan!,
    });

    expect(run.main.code, run.main.stdout).toBe(0);
    expect(run.main.stdout).toMatch(/matches the approved plan/);
    expect(resultOf(run).counts.rotated).toBe(6);
    expect(leftoverGrants(world)).toEqual([]);
  });

  it('refuses before any grant when the vault gained a secret since approval, naming it', async () => {
    world = await planWorld();
    const plan = await world.run({ command: 'plan' });
    seedSecret(world.emulator, world.scenario.vaultName, { name: 'sneaky-new-secret' });
    const before = world.emulator.state.log.length;
    const run = await world.run({
      'expected-plan-hash': plan.main.outputs['plan-hash']!,
      'expected-plan': plan.main.outputs.plan!,
    });

    expect(run.main.code).toBe(1);
    expect(run.main.stdout).toMatch(/Refusing to elevate: the plan computed now .* differs/);
    expect(run.main.stdout).toMatch(/secret added: kv-rotation\/sneaky-new-secret/);
    expect(azureWrites(world, before)).toEqual([]);
    expect(leftoverGrants(world)).toEqual([]);
  });

  it('refuses a changed role against the approved hash', async () => {
    world = await planWorld();
    const plan = await world.run({ command: 'plan' });
    const run = await world.run({
      'role-ids': 'Key Vault Secrets User',
      'expected-plan-hash': plan.main.outputs['plan-hash']!,
      'expected-plan': plan.main.outputs.plan!,
    });

    expect(run.main.code).toBe(1);
    expect(run.main.stdout).toMatch(/grant added: Key Vault Secrets User/);
    expect(leftoverGrants(world)).toEqual([]);
  });

  it('records who approved the environment in the assignment, the result and the summary', async () => {
    world = await createWorld({ secretCount: 4 });
    const claims = world.scenario.job.claims;
    addApproval(world.emulator, String(claims.repository), String(claims.run_id), {
      state: 'approved',
      environments: ['secret-rotation'],
      user: 'alice',
    });
    const token = addGitHubToken(world.emulator, { actions: 'read' });
    const run = await world.run({ 'github-token': token });

    expect(run.main.code, run.main.stdout).toBe(0);
    const created = world.emulator.state.roleAssignments.find((a) => a.origin === 'rbac');
    expect(created?.description).toContain('Approved by: alice.');
    expect((resultOf(run) as unknown as { approvers: string[] }).approvers).toEqual(['alice']);
    expect(run.main.summary).toContain('Approved by alice');
    // The token is masked for the runner, and shown nowhere else.
    expect(run.main.stdout).toContain(`::add-mask::${token}`);
    expect(run.main.stdout.replace(/^::add-mask::.*$/gm, '')).not.toContain(token);
  });

  it('refuses to elevate outside the required environment', async () => {
    world = await createWorld({ secretCount: 4 });
    const app = world.emulator.state.apps.get(world.scenario.clientId)!;
    app.federatedCredentials.push({
      name: 'main-branch',
      issuer: 'https://token.actions.githubusercontent.com',
      subject: 'repo:octo-org/octo-repo:ref:refs/heads/main',
      audiences: ['api://AzureADTokenExchange'],
    });
    const job = world.emulator.createJob({ repository: 'octo-org/octo-repo' });
    const run = await world.run({ 'require-environment': 'secret-rotation' }, { job });

    expect(run.main.code).toBe(1);
    expect(run.main.stdout).toMatch(
      /Refusing to elevate: require-environment is 'secret-rotation' but this job's OIDC token has environment \(none\)/,
    );
    expect(azureWrites(world)).toEqual([]);
  });

  it('keeps one sticky plan comment on the pull request: created once, then updated', async () => {
    world = await planWorld();
    const repo = String(world.scenario.job.claims.repository);
    addComment(world.emulator, repo, 42, 'Looks good to me');
    const token = addGitHubToken(world.emulator, { 'pull-requests': 'write' });
    const event = { name: 'pull_request', payload: { number: 42, pull_request: { number: 42 } } };

    await world.run({ command: 'plan', 'github-token': token }, { event });
    seedSecret(world.emulator, world.scenario.vaultName, { name: 'added-later' });
    const second = await world.run({ command: 'plan', 'github-token': token }, { event });

    expect(second.main.code, second.main.stdout).toBe(0);
    const comments = commentsOf(world.emulator, repo, 42);
    expect(comments).toHaveLength(2);
    expect(comments[1]!.body).toContain('added-later');
    expect(comments[1]!.body).toContain(second.main.outputs['plan-hash']);
  });

  it('warns which permission to add when the token may not comment', async () => {
    world = await planWorld();
    const token = addGitHubToken(world.emulator, { contents: 'read' });
    const run = await world.run(
      { command: 'plan', 'github-token': token },
      { event: { name: 'pull_request', payload: { number: 7, pull_request: { number: 7 } } } },
    );

    expect(run.main.code, run.main.stdout).toBe(0);
    expect(run.main.stdout).toMatch(/::warning::.*pull-requests: write/);
  });
});
