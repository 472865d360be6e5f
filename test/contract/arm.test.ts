// The ARM Microsoft.Authorization emulation, driven by the real
// AuthorizationManagementClient with a real federated ClientAssertionCredential.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { emulatorCredential } from '../fixtures/credential.js';
import { startEmulator, type Emulator } from '../emulator/index.js';
import {
  DELETE_ONLY_SECRETS_OFFICER_CONDITION,
  KEY_VAULT_SECRETS_OFFICER,
  RBAC_ADMINISTRATOR,
  USER_ACCESS_ADMINISTRATOR,
  seedScenario,
  type Scenario,
} from '../emulator/scenario.js';
import { defaultKnobs } from '../emulator/state.js';

const OWNER = '8e3af657-a8ff-443c-a75c-2fe8c4bcb635';
const SECRETS_USER = '4633458b-17de-408a-b874-0445c86b69e6';
const READER = 'acdd72a7-3385-48ef-bd42-f606fba81ae7';

/** An ARM client signed in as `clientId` through the scenario's GitHub job. */
function armClient(
  e: Emulator,
  s: Scenario,
  clientId = s.clientId,
  options: { maxRetries?: number } = {},
): AuthorizationManagementClient {
  return new AuthorizationManagementClient(emulatorCredential(e, s, clientId), s.subscriptionId, {
    endpoint: e.endpoints.resourceManagerEndpoint,
    credentialScopes: ['https://management.azure.com/.default'],
    retryOptions: { maxRetries: options.maxRetries ?? 3 },
  });
}

/** A second app trusting the same GitHub job, with its own service principal. */
function addApp(e: Emulator, s: Scenario, displayName: string): string {
  const app = e.state.addApp({
    tenantId: s.tenantId,
    clientId: randomUUID(),
    displayName,
    federatedCredentials: [
      {
        name: 'github',
        issuer: 'https://token.actions.githubusercontent.com',
        subject: s.job.claims.sub,
        audiences: ['api://AzureADTokenExchange'],
      },
    ],
  });
  return app.clientId;
}

function addPrincipal(e: Emulator, s: Scenario, displayName = 'rotator'): string {
  const objectId = randomUUID();
  e.state.addPrincipal({ objectId, tenantId: s.tenantId, displayName, type: 'ServicePrincipal' });
  return objectId;
}

function roleId(s: Scenario, guid: string): string {
  return `/subscriptions/${s.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
}

interface ArmFailure {
  statusCode?: number;
  code?: string;
  message: string;
}

async function failure(call: Promise<unknown>): Promise<ArmFailure> {
  try {
    await call;
  } catch (err) {
    return err as ArmFailure;
  }
  throw new Error('Expected the ARM call to fail, and it succeeded');
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

describe('ARM role assignments', () => {
  let emulator: Emulator;
  let scenario: Scenario;
  let admin: AuthorizationManagementClient;
  let adminPrincipalId: string;
  let adminClientId: string;
  let infra: AuthorizationManagementClient;
  let subscriptionScope: string;
  let groupScope: string;

  beforeAll(async () => {
    emulator = await startEmulator();
    scenario = seedScenario(emulator);
    subscriptionScope = `/subscriptions/${scenario.subscriptionId}`;
    groupScope = `${subscriptionScope}/resourceGroups/${scenario.resourceGroup}`;
    adminClientId = addApp(emulator, scenario, 'platform-admin');
    adminPrincipalId = emulator.state.apps.get(adminClientId)?.servicePrincipalId ?? '';
    emulator.state.addRoleAssignment({
      scope: subscriptionScope,
      roleDefinitionGuid: USER_ACCESS_ADMINISTRATOR,
      principalId: adminPrincipalId,
    });
    admin = armClient(emulator, scenario, adminClientId);
    infra = armClient(emulator, scenario);
  });
  afterAll(() => emulator.close());
  afterEach(() => {
    emulator.state.knobs = defaultKnobs();
  });

  function assign(scope: string, role: string, principalId: string, name = randomUUID()) {
    return admin.roleAssignments.create(scope, name, {
      roleDefinitionId: roleId(scenario, role),
      principalId,
      principalType: 'ServicePrincipal',
    });
  }

  it('creates, reads, lists and deletes an assignment', async () => {
    const principalId = addPrincipal(emulator, scenario);
    const name = randomUUID();
    const created = await assign(scenario.vaultId, KEY_VAULT_SECRETS_OFFICER, principalId, name);
    expect(created).toMatchObject({
      id: `${scenario.vaultId}/providers/Microsoft.Authorization/roleAssignments/${name}`,
      name,
      type: 'Microsoft.Authorization/roleAssignments',
      scope: scenario.vaultId,
      roleDefinitionId: roleId(scenario, KEY_VAULT_SECRETS_OFFICER),
      principalType: 'ServicePrincipal',
      createdBy: adminPrincipalId,
    });
    expect(created.createdOn).toBeInstanceOf(Date);

    const read = await admin.roleAssignments.getById(created.id ?? '');
    expect(read.principalId).toBe(principalId);
    const filter = `principalId eq '${principalId}'`;
    const listed = await collect(admin.roleAssignments.listForScope(scenario.vaultId, { filter }));
    expect(listed.map((a) => a.name)).toEqual([name]);

    const deleted = await admin.roleAssignments.delete(scenario.vaultId, name);
    expect(deleted.name).toBe(name);
    const missing = await failure(admin.roleAssignments.get(scenario.vaultId, name));
    expect(missing).toMatchObject({ statusCode: 404, code: 'RoleAssignmentNotFound' });
    // The record stays, marked deleted, for the data plane's revoke propagation.
    expect(emulator.state.roleAssignments.find((a) => a.name === name)?.deletedAt).toBeDefined();
    await admin.roleAssignments.deleteById(created.id ?? '');
    expect(emulator.state.log.at(-1)).toMatchObject({ method: 'DELETE', status: 204 });
  });

  it('lists at and above the scope with atScope(), and below it too without', async () => {
    const principalId = addPrincipal(emulator, scenario);
    await assign(subscriptionScope, READER, principalId);
    await assign(groupScope, READER, principalId);
    await assign(scenario.vaultId, SECRETS_USER, principalId);

    const scopesOf = async (filter: string) =>
      (await collect(admin.roleAssignments.listForScope(groupScope, { filter })))
        .map((a) => a.scope)
        .sort();
    const atScope = await scopesOf(`atScope() and principalId eq '${principalId}'`);
    expect(atScope).toEqual([groupScope, subscriptionScope].sort());
    const all = await scopesOf(`assignedTo('${principalId}')`);
    expect(all).toEqual([groupScope, scenario.vaultId, subscriptionScope].sort());
  });

  it('follows nextLink over more than two pages', async () => {
    for (let i = 0; i < 7; i++)
      await assign(groupScope, SECRETS_USER, addPrincipal(emulator, scenario));
    emulator.state.knobs.arm.pageSize = 3;
    const pages = await collect(admin.roleAssignments.listForScope(groupScope).byPage());
    const live = emulator.state
      .liveAssignments()
      .filter((a) => a.scope.startsWith(subscriptionScope));
    expect(pages.length).toBeGreaterThan(2);
    expect(pages.flat()).toHaveLength(live.length);
    expect(new Set(pages.flat().map((a) => a.name)).size).toBe(live.length);
  });

  it('refuses the same grant under another name, and repeats the same PUT', async () => {
    const principalId = addPrincipal(emulator, scenario);
    const name = randomUUID();
    const first = await assign(scenario.vaultId, SECRETS_USER, principalId, name);
    const again = await assign(scenario.vaultId, SECRETS_USER, principalId, name);
    expect(again.id).toBe(first.id);

    const duplicate = await failure(assign(scenario.vaultId, SECRETS_USER, principalId));
    expect(duplicate).toMatchObject({ statusCode: 409, code: 'RoleAssignmentExists' });
    const changed = await failure(assign(scenario.vaultId, READER, principalId, name));
    expect(changed).toMatchObject({ statusCode: 409, code: 'RoleAssignmentUpdateNotPermitted' });
  });

  it('refuses an unknown role definition', async () => {
    const principalId = addPrincipal(emulator, scenario);
    const unknown = await failure(assign(scenario.vaultId, randomUUID(), principalId));
    expect(unknown).toMatchObject({ statusCode: 400, code: 'RoleDefinitionDoesNotExist' });
  });

  it('refuses a caller without roleAssignments/write', async () => {
    const nobody = armClient(emulator, scenario, addApp(emulator, scenario, 'nobody'));
    const refused = await failure(
      nobody.roleAssignments.create(scenario.vaultId, randomUUID(), {
        roleDefinitionId: roleId(scenario, SECRETS_USER),
        principalId: addPrincipal(emulator, scenario),
      }),
    );
    expect(refused).toMatchObject({ statusCode: 403, code: 'AuthorizationFailed' });
    expect(refused.message).toContain("'Microsoft.Authorization/roleAssignments/write'");
    expect(refused.message).toContain(`over scope '${scenario.vaultId}'`);
  });

  it('honours the delegation condition: Secrets Officer only', async () => {
    const principalId = addPrincipal(emulator, scenario);
    const create = (role: string, scope = scenario.vaultId) =>
      infra.roleAssignments.create(scope, randomUUID(), {
        roleDefinitionId: roleId(scenario, role),
        principalId,
        principalType: 'ServicePrincipal',
      });
    const officer = await create(KEY_VAULT_SECRETS_OFFICER);
    const owner = await failure(create(OWNER));
    expect(owner).toMatchObject({ statusCode: 403, code: 'AuthorizationFailed' });
    expect(owner.message).toContain('condition');
    const above = await failure(create(KEY_VAULT_SECRETS_OFFICER, groupScope));
    expect(above).toMatchObject({ statusCode: 403, code: 'AuthorizationFailed' });

    await infra.roleAssignments.deleteById(officer.id ?? '');
    const ownerAssignment = await assign(scenario.vaultId, OWNER, principalId);
    const refused = await failure(infra.roleAssignments.deleteById(ownerAssignment.id ?? ''));
    expect(refused).toMatchObject({ statusCode: 403, code: 'AuthorizationFailed' });
  });

  it('honours the sweeper condition: delete Secrets Officer only, write nothing', async () => {
    const sweeperClientId = addApp(emulator, scenario, 'sweeper');
    emulator.state.addRoleAssignment({
      scope: scenario.vaultId,
      roleDefinitionGuid: RBAC_ADMINISTRATOR,
      principalId: emulator.state.apps.get(sweeperClientId)?.servicePrincipalId ?? '',
      condition: DELETE_ONLY_SECRETS_OFFICER_CONDITION,
    });
    const sweeper = armClient(emulator, scenario, sweeperClientId);
    const principalId = addPrincipal(emulator, scenario);

    const write = await failure(
      sweeper.roleAssignments.create(scenario.vaultId, randomUUID(), {
        roleDefinitionId: roleId(scenario, KEY_VAULT_SECRETS_OFFICER),
        principalId,
        principalType: 'ServicePrincipal',
      }),
    );
    expect(write).toMatchObject({ statusCode: 403, code: 'AuthorizationFailed' });
    const officer = await assign(scenario.vaultId, KEY_VAULT_SECRETS_OFFICER, principalId);
    await sweeper.roleAssignments.deleteById(officer.id ?? '');
    const reader = await assign(scenario.vaultId, SECRETS_USER, principalId);
    const refused = await failure(sweeper.roleAssignments.deleteById(reader.id ?? ''));
    expect(refused).toMatchObject({ statusCode: 403, code: 'AuthorizationFailed' });
  });

  it('answers PrincipalNotFound while a principal replicates, unless principalType is set', async () => {
    emulator.state.knobs.principalReplicationMs = 60_000;
    const principalId = addPrincipal(emulator, scenario, 'just-created');
    const body = { roleDefinitionId: roleId(scenario, SECRETS_USER), principalId };
    const name = randomUUID();
    const early = await failure(admin.roleAssignments.create(scenario.vaultId, name, body));
    expect(early).toMatchObject({ statusCode: 400, code: 'PrincipalNotFound' });
    expect(early.message).toContain(`Principal ${principalId} does not exist in the directory`);

    emulator.state.knobs.arm.principalNotFoundRegardlessOfType = 1;
    const typed = { ...body, principalType: 'ServicePrincipal' };
    const forced = await failure(admin.roleAssignments.create(scenario.vaultId, name, typed));
    expect(forced).toMatchObject({ code: 'PrincipalNotFound' });
    const created = await admin.roleAssignments.create(scenario.vaultId, name, typed);
    expect(created.principalType).toBe('ServicePrincipal');
  });

  it('fails DELETEs while the deleteFailures knob counts down', async () => {
    const principalId = addPrincipal(emulator, scenario);
    const created = await assign(scenario.vaultId, SECRETS_USER, principalId);
    const noRetry = armClient(emulator, scenario, adminClientId, { maxRetries: 0 });
    emulator.state.knobs.arm.deleteFailures = 1;

    const failed = await failure(noRetry.roleAssignments.deleteById(created.id ?? ''));
    expect(failed).toMatchObject({ statusCode: 500, code: 'InternalServerError' });
    expect(emulator.state.liveAssignments().some((a) => a.id === created.id)).toBe(true);
    await noRetry.roleAssignments.deleteById(created.id ?? '');
    expect(emulator.state.liveAssignments().some((a) => a.id === created.id)).toBe(false);

    const deletes = emulator.state.log.filter(
      (entry) => entry.method === 'DELETE' && entry.path.endsWith(created.name ?? '-'),
    );
    expect(deletes.map((entry) => [entry.service, entry.status, entry.code, entry.caller])).toEqual(
      [
        ['arm', 500, 'InternalServerError', adminPrincipalId],
        ['arm', 200, undefined, adminPrincipalId],
      ],
    );
  });

  it('answers 401 with a challenge and MissingApiVersionParameter for raw calls', async () => {
    const url = `${emulator.endpoints.resourceManagerEndpoint}/${scenario.vaultId}/providers/Microsoft.Authorization/roleAssignments`;
    const anonymous = await fetch(`${url}?api-version=2022-04-01`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toContain(
      `authorization_uri="${emulator.endpoints.authorityHost}/${scenario.tenantId}"`,
    );
    expect(await anonymous.json()).toMatchObject({ error: { code: 'AuthenticationFailed' } });

    const token = await emulatorCredential(emulator, scenario).getToken(
      'https://management.azure.com/.default',
    );
    const noVersion = await fetch(url, { headers: { authorization: `Bearer ${token.token}` } });
    expect(noVersion.status).toBe(400);
    expect(await noVersion.json()).toMatchObject({ error: { code: 'MissingApiVersionParameter' } });
  });
});

describe('ARM role definitions', () => {
  let emulator: Emulator;
  let scenario: Scenario;
  beforeAll(async () => {
    emulator = await startEmulator();
    scenario = seedScenario(emulator);
  });
  afterAll(() => emulator.close());

  it('gets a built-in role and finds it by name', async () => {
    const client = armClient(emulator, scenario);
    const officer = await client.roleDefinitions.get(scenario.vaultId, KEY_VAULT_SECRETS_OFFICER);
    expect(officer).toMatchObject({
      id: roleId(scenario, KEY_VAULT_SECRETS_OFFICER),
      roleName: 'Key Vault Secrets Officer',
      roleType: 'BuiltInRole',
      assignableScopes: ['/'],
    });
    expect(officer.permissions?.[0]?.dataActions).toContain('Microsoft.KeyVault/vaults/secrets/*');

    const filter = "roleName eq 'key vault secrets officer'";
    const found = await collect(client.roleDefinitions.list('/', { filter }));
    expect(found.map((r) => r.name)).toEqual([KEY_VAULT_SECRETS_OFFICER]);
    const missing = await failure(client.roleDefinitions.get(scenario.vaultId, randomUUID()));
    expect(missing).toMatchObject({ statusCode: 404, code: 'RoleDefinitionDoesNotExist' });
  });
});

describe('ARM PIM role assignment schedule requests', () => {
  let emulator: Emulator;
  let scenario: Scenario;
  let infra: AuthorizationManagementClient;
  beforeAll(async () => {
    emulator = await startEmulator();
    scenario = seedScenario(emulator);
    infra = armClient(emulator, scenario);
  });
  afterAll(() => emulator.close());
  afterEach(() => {
    emulator.state.knobs = defaultKnobs();
  });

  function request(requestType: string, principalId: string, role = KEY_VAULT_SECRETS_OFFICER) {
    return infra.roleAssignmentScheduleRequests.create(scenario.vaultId, randomUUID(), {
      roleDefinitionId: roleId(scenario, role),
      principalId,
      requestType,
      justification: 'Rotate secrets',
      ticketInfo: { ticketNumber: 'RUN-1', ticketSystem: 'GitHub Actions' },
      scheduleInfo: {
        startDateTime: new Date(emulator.clock.now()),
        expiration: { type: 'AfterDuration', duration: 'PT5M' },
      },
    });
  }

  async function liveFor(principalId: string) {
    const filter = `principalId eq '${principalId}'`;
    return collect(infra.roleAssignments.listForScope(scenario.vaultId, { filter }));
  }

  it('assigns for five minutes, after which Azure removes the assignment', async () => {
    const principalId = addPrincipal(emulator, scenario);
    const created = await request('AdminAssign', principalId);
    expect(created).toMatchObject({
      status: 'Provisioned',
      requestType: 'AdminAssign',
      requestorId: scenario.servicePrincipalId,
      principalType: 'ServicePrincipal',
    });
    expect(created.expandedProperties?.roleDefinition?.displayName).toBe(
      'Key Vault Secrets Officer',
    );
    expect(await liveFor(principalId)).toHaveLength(1);
    const schedules = await collect(
      infra.roleAssignmentSchedules.listForScope(scenario.vaultId, {
        filter: `principalId eq '${principalId}'`,
      }),
    );
    const start = created.scheduleInfo?.startDateTime?.getTime() ?? Number.NaN;
    expect(schedules[0]?.endDateTime?.getTime()).toBe(start + 5 * 60_000);

    const again = await infra.roleAssignmentScheduleRequests.get(
      scenario.vaultId,
      created.name ?? '',
    );
    expect(again.status).toBe('Provisioned');
    emulator.clock.advance(5 * 60_000 + 1000);
    expect(await liveFor(principalId)).toHaveLength(0);
  });

  it('refuses a second AdminAssign, removes with AdminRemove, and refuses removing twice', async () => {
    const principalId = addPrincipal(emulator, scenario);
    await request('AdminAssign', principalId);
    const twice = await failure(request('AdminAssign', principalId));
    expect(twice).toMatchObject({ statusCode: 400, code: 'RoleAssignmentExists' });

    const removed = await request('AdminRemove', principalId);
    expect(removed.status).toBe('Revoked');
    expect(await liveFor(principalId)).toHaveLength(0);
    const gone = await failure(request('AdminRemove', principalId));
    expect(gone).toMatchObject({ statusCode: 400, code: 'RoleAssignmentDoesNotExist' });
  });

  it('applies the delegation condition to PIM requests', async () => {
    const refused = await failure(request('AdminAssign', addPrincipal(emulator, scenario), OWNER));
    expect(refused).toMatchObject({ statusCode: 403, code: 'AuthorizationFailed' });
  });

  it('refuses PIM in a tenant without the licence', async () => {
    emulator.state.knobs.arm.pimDisabledTenants = [scenario.tenantId];
    const refused = await failure(request('AdminAssign', addPrincipal(emulator, scenario)));
    expect(refused).toMatchObject({ statusCode: 400, code: 'AadPremiumLicenseRequired' });
  });
});

describe('ARM token lifetime', () => {
  let emulator: Emulator;
  let scenario: Scenario;
  beforeAll(async () => {
    emulator = await startEmulator();
    scenario = seedScenario(emulator, { delegation: 'none' });
  });
  afterAll(() => emulator.close());

  it('refuses a caller without any role, then an expired token', async () => {
    const client = armClient(emulator, scenario);
    const refused = await failure(client.roleAssignments.listForScope(scenario.vaultId).next());
    expect(refused).toMatchObject({ statusCode: 403, code: 'AuthorizationFailed' });

    // The SDK keeps its cached token on real time while ARM's clock moves on.
    emulator.clock.advance((emulator.state.knobs.accessTokenLifetimeSeconds + 60) * 1000);
    const expired = await failure(client.roleAssignments.listForScope(scenario.vaultId).next());
    expect(expired).toMatchObject({ statusCode: 401, code: 'ExpiredAuthenticationToken' });
  });
});
