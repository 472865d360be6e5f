/**
 * Ready-made worlds for tests, the demo and the benchmark: a tenant, an app
 * whose federated credential trusts a GitHub environment, a vault with secrets,
 * and the app's standing permission to assign roles at the vault.
 */
import type { Emulator, GitHubJob } from './index.js';
import type { RoleAssignmentRecord } from './state.js';

export const KEY_VAULT_SECRETS_OFFICER = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7';
export const RBAC_ADMINISTRATOR = 'f58310d9-a9f6-439a-9e8d-f62e7b41a168';
export const USER_ACCESS_ADMINISTRATOR = '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9';

/**
 * The constrained-delegation condition from Azure's "Delegate Azure role
 * assignment management using conditions" docs: the holder may only assign or
 * remove Key Vault Secrets Officer.
 */
export const ONLY_SECRETS_OFFICER_CONDITION = [
  "((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'}))",
  ` OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${KEY_VAULT_SECRETS_OFFICER}}))`,
  " AND ((!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'}))",
  ` OR (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${KEY_VAULT_SECRETS_OFFICER}}))`,
].join('');

/**
 * The sweeper's condition: it may never write a role assignment, and may
 * delete only Key Vault Secrets Officer assignments (infra/main.bicep).
 */
export const DELETE_ONLY_SECRETS_OFFICER_CONDITION = [
  "((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})))",
  " AND ((!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'}))",
  ` OR (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${KEY_VAULT_SECRETS_OFFICER}}))`,
].join('');

export interface SecretSeed {
  name: string;
  value?: string;
  contentType?: string;
  tags?: Record<string, string>;
  enabled?: boolean;
  /** Seconds from now. */
  expiresIn?: number;
  managed?: boolean;
}

export interface ScenarioOptions {
  tenantId?: string;
  subscriptionId?: string;
  resourceGroup?: string;
  clientId?: string;
  vaultName?: string;
  environment?: string;
  repository?: string;
  /** How the app may assign roles: constrained RBAC Administrator (default), UAA, or not at all. */
  delegation?: 'constrained' | 'user-access-administrator' | 'none';
  secrets?: SecretSeed[];
}

export interface Scenario {
  tenantId: string;
  subscriptionId: string;
  resourceGroup: string;
  clientId: string;
  servicePrincipalId: string;
  vaultName: string;
  vaultId: string;
  vaultUrl: string;
  job: GitHubJob;
  delegationAssignment?: RoleAssignmentRecord;
}

export function seedScenario(emulator: Emulator, options: ScenarioOptions = {}): Scenario {
  const tenantId = options.tenantId ?? '11111111-1111-4111-8111-111111111111';
  const subscriptionId = options.subscriptionId ?? '22222222-2222-4222-8222-222222222222';
  const resourceGroup = options.resourceGroup ?? 'rg-rotation';
  const clientId = options.clientId ?? '33333333-3333-4333-8333-333333333333';
  const vaultName = options.vaultName ?? 'kv-rotation';
  const environment = options.environment ?? 'secret-rotation';
  const repository = options.repository ?? 'octo-org/octo-repo';
  const { state } = emulator;

  const app =
    state.apps.get(clientId) ??
    state.addApp({
      tenantId,
      clientId,
      displayName: 'github-secret-rotation',
      servicePrincipalId: '44444444-4444-4444-8444-444444444444',
      federatedCredentials: [
        {
          name: 'github-environment',
          issuer: 'https://token.actions.githubusercontent.com',
          subject: `repo:${repository}:environment:${environment}`,
          audiences: ['api://AzureADTokenExchange'],
        },
      ],
    });
  const vault =
    state.vaults.get(vaultName) ??
    state.addVault({ name: vaultName, tenantId, subscriptionId, resourceGroup });
  for (const s of options.secrets ?? []) seedSecret(emulator, vaultName, s);

  const delegationAssignment = grantDelegation(
    emulator,
    options.delegation ?? 'constrained',
    vault.resourceId,
    app.servicePrincipalId,
  );
  return {
    tenantId,
    subscriptionId,
    resourceGroup,
    clientId,
    servicePrincipalId: app.servicePrincipalId,
    vaultName,
    vaultId: vault.resourceId,
    vaultUrl: emulator.vaultUrl(vaultName),
    job: emulator.createJob({ repository, environment }),
    delegationAssignment,
  };
}

function grantDelegation(
  emulator: Emulator,
  mode: ScenarioOptions['delegation'],
  scope: string,
  principalId: string,
) {
  if (mode === 'none') return undefined;
  return emulator.state.addRoleAssignment({
    scope,
    principalId,
    roleDefinitionGuid: mode === 'constrained' ? RBAC_ADMINISTRATOR : USER_ACCESS_ADMINISTRATOR,
    condition: mode === 'constrained' ? ONLY_SECRETS_OFFICER_CONDITION : undefined,
    description: 'Standing delegation for the rotation workflow',
  });
}

export function seedSecret(emulator: Emulator, vaultName: string, s: SecretSeed): void {
  const nowSeconds = Math.floor(emulator.clock.now() / 1000);
  emulator.state.addSecret(
    vaultName,
    s.name,
    [
      {
        value: s.value ?? `initial-${s.name}`,
        contentType: s.contentType,
        tags: s.tags,
        enabled: s.enabled ?? true,
        exp: s.expiresIn === undefined ? undefined : nowSeconds + s.expiresIn,
        kid: s.managed ? `https://${vaultName}.vault.azure.net/keys/${s.name}/0` : undefined,
      },
    ],
    { managed: s.managed },
  );
}

/** The demo's vault: plain, tagged, disabled, certificate-backed, and enough for several pages. */
export function demoSecrets(count = 40): SecretSeed[] {
  const secrets: SecretSeed[] = [
    {
      name: 'db-password',
      contentType: 'text/plain',
      tags: { app: 'orders', rotate: 'true' },
      expiresIn: 90 * 86400,
    },
    {
      name: 'api-key',
      contentType: 'application/x-api-key',
      tags: { app: 'billing', rotate: 'true' },
    },
    { name: 'legacy-token', enabled: false, tags: { app: 'legacy' } },
    { name: 'tls-frontend', managed: true, contentType: 'application/x-pkcs12' },
  ];
  for (let i = secrets.length; i < count; i++) {
    secrets.push({
      name: `service-${String(i).padStart(3, '0')}-secret`,
      tags: { app: i % 2 ? 'orders' : 'billing' },
    });
  }
  return secrets;
}
