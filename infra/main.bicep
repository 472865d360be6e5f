// The demo environment for jit-rbac-action, deployed to a resource group:
//
// - an RBAC-only Key Vault with soft delete and purge protection;
// - the rotating identity: an Entra app, its service principal, and a
//   federated credential that trusts only the reviewer-gated GitHub
//   Environment. It may assign and remove Key Vault Secrets Officer at this
//   vault and nothing else (a conditioned RBAC Administrator assignment), so
//   it holds no standing access to secret values and cannot grant itself
//   anything broader;
// - the planner identity: an app that trusts only the plan job's environment
//   and can read secret metadata (Key Vault Reader), never a value, and never
//   assign a role.
//
// infra/README.md says how to validate and deploy it, and maps each output to
// the repository variable the workflows read.
extension microsoftGraphV1

@description('Region of the vault.')
param location string = resourceGroup().location

@description('Globally unique Key Vault name: 3-24 letters, digits and hyphens.')
@minLength(3)
@maxLength(24)
param vaultName string

@description('The repository whose workflows may sign in, as ORG/REPO (case-sensitive, as GitHub shows it).')
param githubRepository string

@description('GitHub Environment with required reviewers that gates the rotate job.')
param environmentName string = 'secret-rotation'

@description('GitHub Environment of the plan job: no reviewers, read-only identity.')
param planEnvironmentName string = '${environmentName}-plan'

@description('GitHub Environment of the hourly sweep job: no reviewers, delete-only identity.')
param sweepEnvironmentName string = '${environmentName}-sweep'

@description('Display name of the rotating app; the planner and sweeper apps get the same name with a -plan or -sweep suffix.')
param appDisplayName string = 'github-secret-rotation'

// Built-in role definition GUIDs.
var keyVaultSecretsOfficerRoleId = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
var keyVaultReaderRoleId = '21090545-7ca7-4776-b22c-e363652d74d2'
var rbacAdministratorRoleId = 'f58310d9-a9f6-439a-9e8d-f62e7b41a168'

var githubIssuer = 'https://token.actions.githubusercontent.com'
var githubAudience = 'api://AzureADTokenExchange'
var federatedSubject = 'repo:${githubRepository}:environment:${environmentName}'
var planFederatedSubject = 'repo:${githubRepository}:environment:${planEnvironmentName}'
var sweepFederatedSubject = 'repo:${githubRepository}:environment:${sweepEnvironmentName}'

// uniqueName is the app's client-provided key in Microsoft Graph: a redeploy
// updates the same app instead of creating another. Role assignment names are
// derived from it too, because a service principal's object ID is known only
// once it exists, and an assignment's name must be known before deployment.
var appUniqueName = toLower(replace(appDisplayName, ' ', '-'))
var planAppUniqueName = '${appUniqueName}-plan'
var sweepAppUniqueName = '${appUniqueName}-sweep'

// Constrained delegation (conditionVersion 2.0): writing a role assignment is
// allowed only for Key Vault Secrets Officer, and so is deleting one. Every
// other role, Owner and User Access Administrator included, is refused.
// Note: test/infra.test.ts checks that this text, unescaped, equals the
// condition the emulator enforces (ONLY_SECRETS_OFFICER_CONDITION).
var onlySecretsOfficerConditionParts = [
  '((!(ActionMatches{\'Microsoft.Authorization/roleAssignments/write\'}))'
  ' OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${keyVaultSecretsOfficerRoleId}}))'
  ' AND ((!(ActionMatches{\'Microsoft.Authorization/roleAssignments/delete\'}))'
  ' OR (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${keyVaultSecretsOfficerRoleId}}))'
]
var onlySecretsOfficerCondition = join(onlySecretsOfficerConditionParts, '')

// The sweeper may never write a role assignment, and may delete only Key Vault
// Secrets Officer assignments: it can end access, never grant it.
var deleteOnlySecretsOfficerConditionParts = [
  '((!(ActionMatches{\'Microsoft.Authorization/roleAssignments/write\'})))'
  ' AND ((!(ActionMatches{\'Microsoft.Authorization/roleAssignments/delete\'}))'
  ' OR (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${keyVaultSecretsOfficerRoleId}}))'
]
var deleteOnlySecretsOfficerCondition = join(deleteOnlySecretsOfficerConditionParts, '')

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: vaultName
  location: location
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    // GitHub-hosted runners come from changing public addresses; a vault
    // behind a firewall needs self-hosted runners inside its network.
    publicNetworkAccess: 'Enabled'
  }
}

resource rotatorApp 'Microsoft.Graph/applications@v1.0' = {
  uniqueName: appUniqueName
  displayName: appDisplayName
  signInAudience: 'AzureADMyOrg'

  resource environmentCredential 'federatedIdentityCredentials@v1.0' = {
    name: '${rotatorApp.uniqueName}/github-${environmentName}'
    description: 'The rotate job of ${githubRepository}, only after approval in ${environmentName}'
    issuer: githubIssuer
    subject: federatedSubject
    audiences: [
      githubAudience
    ]
  }
}

resource rotatorServicePrincipal 'Microsoft.Graph/servicePrincipals@v1.0' = {
  appId: rotatorApp.appId
}

resource plannerApp 'Microsoft.Graph/applications@v1.0' = {
  uniqueName: planAppUniqueName
  displayName: '${appDisplayName}-plan'
  signInAudience: 'AzureADMyOrg'

  resource planEnvironmentCredential 'federatedIdentityCredentials@v1.0' = {
    name: '${plannerApp.uniqueName}/github-${planEnvironmentName}'
    description: 'The plan job of ${githubRepository} (read-only)'
    issuer: githubIssuer
    subject: planFederatedSubject
    audiences: [
      githubAudience
    ]
  }
}

resource plannerServicePrincipal 'Microsoft.Graph/servicePrincipals@v1.0' = {
  appId: plannerApp.appId
}

resource sweeperApp 'Microsoft.Graph/applications@v1.0' = {
  uniqueName: sweepAppUniqueName
  displayName: '${appDisplayName}-sweep'
  signInAudience: 'AzureADMyOrg'

  resource sweepEnvironmentCredential 'federatedIdentityCredentials@v1.0' = {
    name: '${sweeperApp.uniqueName}/github-${sweepEnvironmentName}'
    description: 'The hourly sweep job of ${githubRepository} (delete only)'
    issuer: githubIssuer
    subject: sweepFederatedSubject
    audiences: [
      githubAudience
    ]
  }
}

resource sweeperServicePrincipal 'Microsoft.Graph/servicePrincipals@v1.0' = {
  appId: sweeperApp.appId
}

resource sweepDelegation 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, sweepAppUniqueName, rbacAdministratorRoleId)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', rbacAdministratorRoleId)
    principalId: sweeperServicePrincipal.id
    principalType: 'ServicePrincipal'
    condition: deleteOnlySecretsOfficerCondition
    conditionVersion: '2.0'
    description: 'jit-rbac-action sweep: may only remove Key Vault Secrets Officer assignments on this vault'
  }
}

// The rotating identity may assign and remove Key Vault Secrets Officer at
// this vault, and nothing else: this replaces a standing User Access
// Administrator, which could grant itself Owner without any approval.
resource delegation 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, appUniqueName, rbacAdministratorRoleId)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', rbacAdministratorRoleId)
    principalId: rotatorServicePrincipal.id
    principalType: 'ServicePrincipal'
    condition: onlySecretsOfficerCondition
    conditionVersion: '2.0'
    description: 'jit-rbac-action: may assign and remove only Key Vault Secrets Officer on this vault'
  }
}

// Both identities list secret names and metadata to compute the plan before
// any grant: the planner for the reviewer, the rotator to check that what it
// is about to do is what was approved. Key Vault Reader exposes no value.
resource rotatorReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, appUniqueName, keyVaultReaderRoleId)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultReaderRoleId)
    principalId: rotatorServicePrincipal.id
    principalType: 'ServicePrincipal'
    description: 'jit-rbac-action: secret metadata for the plan check'
  }
}

resource plannerReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, planAppUniqueName, keyVaultReaderRoleId)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultReaderRoleId)
    principalId: plannerServicePrincipal.id
    principalType: 'ServicePrincipal'
    description: 'jit-rbac-action: secret metadata for the plan'
  }
}

output tenantId string = tenant().tenantId
output subscriptionId string = subscription().subscriptionId
output clientId string = rotatorApp.appId
output planClientId string = plannerApp.appId
output servicePrincipalObjectId string = rotatorServicePrincipal.id
output keyVaultName string = vault.name
output keyVaultId string = vault.id
output federatedSubject string = federatedSubject
output planFederatedSubject string = planFederatedSubject
output sweepClientId string = sweeperApp.appId
output sweepFederatedSubject string = sweepFederatedSubject
