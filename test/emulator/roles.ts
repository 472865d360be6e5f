/**
 * Built-in role definitions the emulator knows, with their real GUIDs, actions
 * and data actions as published in Azure's "Azure built-in roles" reference
 * (General, Privileged and Security/Key Vault sections) and AZURE-WIRE.md.
 */
export interface RoleDefinition {
  /** The GUID, which is also the definition's `name`. */
  name: string;
  roleName: string;
  description: string;
  actions: string[];
  notActions: string[];
  dataActions: string[];
  notDataActions: string[];
}

const KEY_VAULT_MANAGEMENT_READS = [
  'Microsoft.Authorization/*/read',
  'Microsoft.Insights/alertRules/*',
  'Microsoft.Resources/deployments/*',
  'Microsoft.Resources/subscriptions/resourceGroups/read',
  'Microsoft.Support/*',
  'Microsoft.KeyVault/checkNameAvailability/read',
  'Microsoft.KeyVault/deletedVaults/read',
  'Microsoft.KeyVault/locations/*/read',
  'Microsoft.KeyVault/vaults/*/read',
  'Microsoft.KeyVault/operations/read',
];

function role(
  name: string,
  roleName: string,
  description: string,
  permissions: Partial<Pick<RoleDefinition, 'actions' | 'notActions' | 'dataActions'>>,
): RoleDefinition {
  return {
    name,
    roleName,
    description,
    actions: permissions.actions ?? [],
    notActions: permissions.notActions ?? [],
    dataActions: permissions.dataActions ?? [],
    notDataActions: [],
  };
}

export const BUILT_IN_ROLES: readonly RoleDefinition[] = [
  role(
    '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
    'Owner',
    'Grants full access to manage all resources, including the ability to assign roles in Azure RBAC.',
    {
      actions: ['*'],
    },
  ),
  role(
    'b24988ac-6180-42a0-ab88-3bd38f1c7a8c',
    'Contributor',
    'Grants full access to manage all resources, but does not allow you to assign roles in Azure RBAC.',
    {
      actions: ['*'],
      notActions: [
        'Microsoft.Authorization/*/Delete',
        'Microsoft.Authorization/*/Write',
        'Microsoft.Authorization/elevateAccess/Action',
      ],
    },
  ),
  role(
    'acdd72a7-3385-48ef-bd42-f606fba81ae7',
    'Reader',
    'View all resources, but does not allow you to make any changes.',
    {
      actions: ['*/read'],
    },
  ),
  role(
    '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9',
    'User Access Administrator',
    'Lets you manage user access to Azure resources.',
    {
      actions: ['*/read', 'Microsoft.Authorization/*', 'Microsoft.Support/*'],
    },
  ),
  role(
    'f58310d9-a9f6-439a-9e8d-f62e7b41a168',
    'Role Based Access Control Administrator',
    'Manage access to Azure resources by assigning roles using Azure RBAC.',
    {
      actions: [
        'Microsoft.Authorization/roleAssignments/write',
        'Microsoft.Authorization/roleAssignments/delete',
        '*/read',
        'Microsoft.Support/*',
      ],
    },
  ),
  role(
    '00482a5a-887f-4fb3-b363-3b7fe8e74483',
    'Key Vault Administrator',
    'Perform all data plane operations on a key vault and all objects in it.',
    {
      actions: KEY_VAULT_MANAGEMENT_READS,
      dataActions: ['Microsoft.KeyVault/vaults/*'],
    },
  ),
  role(
    'b86a8fe4-44ce-4948-aee5-eccb2c155cd7',
    'Key Vault Secrets Officer',
    'Perform any action on the secrets of a key vault, except manage permissions.',
    {
      actions: KEY_VAULT_MANAGEMENT_READS,
      dataActions: ['Microsoft.KeyVault/vaults/secrets/*'],
    },
  ),
  role('4633458b-17de-408a-b874-0445c86b69e6', 'Key Vault Secrets User', 'Read secret contents.', {
    dataActions: [
      'Microsoft.KeyVault/vaults/secrets/getSecret/action',
      'Microsoft.KeyVault/vaults/secrets/readMetadata/action',
    ],
  }),
  role(
    '21090545-7ca7-4776-b22c-e363652d74d2',
    'Key Vault Reader',
    'Read metadata of key vaults and its certificates, keys, and secrets.',
    {
      actions: KEY_VAULT_MANAGEMENT_READS,
      dataActions: [
        'Microsoft.KeyVault/vaults/*/read',
        'Microsoft.KeyVault/vaults/secrets/readMetadata/action',
      ],
    },
  ),
];

export function findRole(guidOrId: string): RoleDefinition | undefined {
  const guid = guidOrId.split('/').pop()?.toLowerCase();
  return BUILT_IN_ROLES.find((r) => r.name === guid);
}

/**
 * Azure's action matching: case-insensitive, `*` matches any run of characters
 * (so `*\/read` covers every read and `Microsoft.KeyVault/vaults/*` every data
 * action under vaults).
 */
export function actionMatches(pattern: string, action: string): boolean {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, 'i').test(action);
}

export function roleGrantsAction(definition: RoleDefinition, action: string): boolean {
  return (
    definition.actions.some((p) => actionMatches(p, action)) &&
    !definition.notActions.some((p) => actionMatches(p, action))
  );
}

export function roleGrantsDataAction(definition: RoleDefinition, dataAction: string): boolean {
  return (
    definition.dataActions.some((p) => actionMatches(p, dataAction)) &&
    !definition.notDataActions.some((p) => actionMatches(p, dataAction))
  );
}
