/**
 * Every input, output and saved-state key in one place, in the kebab-case that
 * action.yml uses. action.yml is checked against these names by a test.
 */
export const Inputs = {
  Command: 'command',
  TenantId: 'tenant-id',
  ClientId: 'client-id',
  SubscriptionId: 'subscription-id',
  Audience: 'audience',
  RoleIds: 'role-ids',
  ResourceIds: 'resource-ids',
  AssigneeObjectId: 'assignee-object-id',
  PrincipalType: 'principal-type',
  Justification: 'justification',
  AllowPrivilegedRoles: 'allow-privileged-roles',
  SecretInclude: 'secret-include',
  SecretExclude: 'secret-exclude',
  SecretTags: 'secret-tags',
  IncludeDisabled: 'include-disabled',
  SecretLength: 'secret-length',
  SecretAlphabet: 'secret-alphabet',
  SecretExpiresIn: 'secret-expires-in',
  PropagationTimeout: 'propagation-timeout',
  LingerTimeout: 'linger-timeout',
  MaxConcurrency: 'max-concurrency',
  VaultRequestRate: 'vault-request-rate',
  DryRun: 'dry-run',
  AzureEnvironment: 'azure-environment',
  AuthorityHost: 'authority-host',
  ResourceManagerEndpoint: 'resource-manager-endpoint',
  ResourceManagerAudience: 'resource-manager-audience',
  KeyVaultDnsSuffix: 'key-vault-dns-suffix',
  ExpectedPlanHash: 'expected-plan-hash',
  ExpectedPlan: 'expected-plan',
  GithubToken: 'github-token',
  RequireEnvironment: 'require-environment',
  AssignmentMode: 'assignment-mode',
  GrantDuration: 'grant-duration',
  ResumeFrom: 'resume-from',
  RollbackFrom: 'rollback-from',
} as const;

export const Outputs = {
  Rotations: 'rotations',
  Assignments: 'assignments',
  Result: 'result',
  AuditFile: 'audit-file',
  Plan: 'plan',
  PlanHash: 'plan-hash',
  ApprovalTable: 'approval-table',
} as const;

export const State = {
  IsPost: 'is-post',
  /** JSON array of the grants this run made or may have made, with their status. */
  Grants: 'grants',
  /** Path of the rotation journal (JSON lines) under RUNNER_TEMP. */
  Journal: 'journal',
  /** Set once the main step has revoked and verified every grant itself. */
  Revoked: 'revoked',
} as const;

/** Marker in every assignment description this action writes; `sweep` looks for it. */
export const DESCRIPTION_MARKER = '[jit-rbac-action]';
