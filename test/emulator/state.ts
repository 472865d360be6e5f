/**
 * Everything the emulator knows: tenants and apps with federated credentials,
 * principals, vaults with their secrets, role assignments (live and deleted,
 * for revoke propagation), knobs, and a log of every request.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from './clock.js';
import { findRole, roleGrantsDataAction, type RoleDefinition } from './roles.js';

export type PrincipalType = 'ServicePrincipal' | 'User' | 'Group' | 'ForeignGroup' | 'Device';

export interface FederatedCredential {
  name: string;
  issuer: string;
  subject: string;
  audiences: string[];
}

export interface AppRegistration {
  tenantId: string;
  clientId: string;
  displayName: string;
  /** Object id of the app's service principal: the `oid` of its tokens. */
  servicePrincipalId: string;
  federatedCredentials: FederatedCredential[];
}

export interface Principal {
  objectId: string;
  tenantId: string;
  displayName: string;
  type: PrincipalType;
  /** Emulator time the principal was created; ARM sees it after `principalReplicationMs`. */
  createdAt: number;
}

export interface SecretVersion {
  version: string;
  value: string;
  contentType?: string;
  tags?: Record<string, string>;
  enabled: boolean;
  nbf?: number;
  exp?: number;
  created: number;
  updated: number;
  /** Set for a secret that backs a certificate (Key Vault's `managed: true`). */
  kid?: string;
}

export interface SecretItem {
  name: string;
  managed: boolean;
  /** Oldest first; the last entry is the current version. */
  versions: SecretVersion[];
}

export interface Vault {
  name: string;
  tenantId: string;
  subscriptionId: string;
  resourceGroup: string;
  /** ARM resource id, `/subscriptions/…/providers/Microsoft.KeyVault/vaults/<name>`. */
  resourceId: string;
  /** Keyed by lower-case name: Key Vault names are case-insensitive. */
  secrets: Map<string, SecretItem>;
  /** Soft-deleted secrets, keyed by lower-case name. */
  deletedSecrets: Map<string, SecretItem>;
}

export interface RoleAssignmentRecord {
  /** Full id: `<scope>/providers/Microsoft.Authorization/roleAssignments/<name>`. */
  id: string;
  name: string;
  scope: string;
  /** Full role definition id as ARM returns it. */
  roleDefinitionId: string;
  principalId: string;
  principalType: PrincipalType;
  description?: string;
  condition?: string;
  conditionVersion?: string;
  createdOn: number;
  updatedOn: number;
  createdBy?: string;
  updatedBy?: string;
  /** Emulator time of deletion; data-plane access lingers for `revokeMs` after it. */
  deletedAt?: number;
  /** PIM expiry: Azure removes the assignment itself at this emulator time. */
  endsAt?: number;
  /** How it came to be: seeded standing access, a plain PUT, or a PIM schedule request. */
  origin: 'seed' | 'rbac' | 'pim';
}

/** The claims of one job's OIDC tokens; `sub` is what federated credentials match. */
export type JobClaims = Record<string, unknown> & { sub: string };

export interface RequestLogEntry {
  time: number;
  service: 'github-oidc' | 'entra' | 'arm' | 'keyvault' | 'github-api' | 'control' | 'unknown';
  method: string;
  host: string;
  path: string;
  status: number;
  /** Object id (or app id) from the caller's token, when there was one. */
  caller?: string;
  /** Error code the emulator answered with, if any. */
  code?: string;
}

/** A GitHub account as the REST API shows it (`simple-user`, trimmed). */
export interface GitHubUser {
  login: string;
  id: number;
  node_id: string;
  type: 'User' | 'Bot' | 'Organization';
  html_url: string;
}

/** An issue or pull request comment (`issue-comment` in GitHub's REST schema). */
export interface GitHubComment {
  id: number;
  node_id: string;
  url: string;
  html_url: string;
  issue_url: string;
  body: string;
  user: GitHubUser;
  author_association: string;
  created_at: string;
  updated_at: string;
}

/** A deployment environment as a workflow run's review history names it. */
export interface GitHubEnvironment {
  id: number;
  node_id: string;
  name: string;
  url: string;
  html_url: string;
  created_at: string;
  updated_at: string;
}

/** One review of a run's deployment (`environment-approvals` in GitHub's REST schema). */
export interface GitHubApproval {
  state: 'approved' | 'rejected' | 'pending';
  comment: string;
  environments: GitHubEnvironment[];
  user: GitHubUser;
}

/** A GITHUB_TOKEN's `permissions:` block, e.g. `{ issues: 'write', actions: 'read' }`. */
export type GitHubPermissions = Record<string, 'read' | 'write' | 'none'>;

/** What the emulated GitHub REST API knows; keys are lower case. */
export interface GitHubApiState {
  /** Permissions by token. */
  tokens: Map<string, GitHubPermissions>;
  /** Comments by `owner/repo#issue`, oldest first. */
  comments: Map<string, GitHubComment[]>;
  /** Reviews by `owner/repo/runId`, oldest first. */
  approvals: Map<string, GitHubApproval[]>;
  /** The next comment or environment id to hand out. */
  nextId: number;
}

export interface Knobs {
  /** RBAC propagation: how long after a grant the data plane honours it, and after a revoke keeps honouring it. */
  propagation: { grantMs: number; revokeMs: number };
  /** Delay before ARM can see a newly created principal (PrincipalNotFound until then). */
  principalReplicationMs: number;
  oidcTokenLifetimeSeconds: number;
  accessTokenLifetimeSeconds: number;
  keyVault: KeyVaultKnobs;
  arm: ArmKnobs;
}

export interface KeyVaultKnobs {
  /** Requests allowed per vault per window (Key Vault's documented 4,000 per 10 s for secrets). */
  throttleLimit: number;
  throttleWindowMs: number;
  /** Added latency for every data-plane request. */
  latencyMs: number;
  /** Fraction (0..1) of data-plane requests answered 500/503. */
  serverErrorRate: number;
  /** Fraction (0..1) of data-plane requests whose connection is reset. */
  resetRate: number;
  /** The next N data-plane requests are answered 429 (a throttle storm). */
  throttleStorm: number;
  /** Retry-After seconds used for storm answers. */
  throttleStormRetryAfterSeconds: number;
  /** Secret names (case-insensitive) whose writes always fail with 500. */
  failingSecrets: string[];
  /** Vault names whose firewall refuses every caller (403 ForbiddenByFirewall). */
  firewalledVaults: string[];
  /** Secret names (case-insensitive) whose reads (GET of a value) always fail with 500. */
  failSecretReads: string[];
  /** Status of `serverErrorRate` faults: 500 InternalServerError or 503 ServiceUnavailable. */
  serverErrorStatus: 500 | 503;
  /** Seed of the PRNG that draws `serverErrorRate` and `resetRate` faults (reproducible runs). */
  seed: number;
  /** Largest list page the vault returns; Key Vault's own maximum is 25. */
  pageSize: number;
}

export interface ArmKnobs {
  /** Added latency for every ARM request. */
  latencyMs: number;
  /** The next N role assignment DELETEs fail with 500 before doing anything. */
  deleteFailures: number;
  /** Tenant ids where PIM schedule requests are refused (no P2 licence). */
  pimDisabledTenants: string[];
  /** Items per page of ARM lists before a `nextLink` is given; small values force paging. */
  pageSize: number;
  /**
   * The next N role assignment creations (PUT, or a PIM AdminAssign) fail with
   * PrincipalNotFound even when `principalType` is set, so retries can be tested.
   */
  principalNotFoundRegardlessOfType: number;
}

export function defaultKnobs(): Knobs {
  return {
    propagation: { grantMs: 0, revokeMs: 0 },
    principalReplicationMs: 0,
    oidcTokenLifetimeSeconds: 300,
    accessTokenLifetimeSeconds: 3599,
    keyVault: {
      throttleLimit: 4000,
      throttleWindowMs: 10_000,
      latencyMs: 0,
      serverErrorRate: 0,
      resetRate: 0,
      throttleStorm: 0,
      throttleStormRetryAfterSeconds: 1,
      failingSecrets: [],
      firewalledVaults: [],
      failSecretReads: [],
      serverErrorStatus: 500,
      seed: 1,
      pageSize: 25,
    },
    arm: {
      latencyMs: 0,
      deleteFailures: 0,
      pimDisabledTenants: [],
      pageSize: 100,
      principalNotFoundRegardlessOfType: 0,
    },
  };
}

/** Lower-cases and trims a scope for comparison; ARM scopes are case-insensitive. */
export function normalizeScope(scope: string): string {
  return ('/' + scope.replace(/^\/+/, '')).replace(/\/+$/, '').toLowerCase();
}

/** True when `outer` is `inner` or one of its ancestors (assignments inherit downward). */
export function scopeContains(outer: string, inner: string): boolean {
  const o = normalizeScope(outer);
  const i = normalizeScope(inner);
  return o === '/' || i === o || i.startsWith(o + '/');
}

export class EmulatorState {
  readonly apps = new Map<string, AppRegistration>();
  readonly principals = new Map<string, Principal>();
  readonly vaults = new Map<string, Vault>();
  readonly roleAssignments: RoleAssignmentRecord[] = [];
  readonly log: RequestLogEntry[] = [];
  /** GitHub jobs by their ACTIONS_ID_TOKEN_REQUEST_TOKEN. */
  readonly githubJobs = new Map<string, JobClaims>();
  /** The emulated GitHub REST API: tokens, issue comments, run approvals. */
  readonly github: GitHubApiState = {
    tokens: new Map(),
    comments: new Map(),
    approvals: new Map(),
    nextId: 1_000_001,
  };
  knobs: Knobs = defaultKnobs();

  constructor(readonly clock: Clock) {}

  addPrincipal(p: Omit<Principal, 'createdAt'> & { createdAt?: number }): Principal {
    const principal = { ...p, createdAt: p.createdAt ?? this.clock.now() };
    this.principals.set(principal.objectId.toLowerCase(), principal);
    return principal;
  }

  addApp(
    app: Omit<AppRegistration, 'servicePrincipalId' | 'federatedCredentials'> &
      Partial<AppRegistration>,
  ): AppRegistration {
    const record: AppRegistration = {
      servicePrincipalId: app.servicePrincipalId ?? randomUUID(),
      federatedCredentials: app.federatedCredentials ?? [],
      ...app,
    } as AppRegistration;
    this.apps.set(record.clientId.toLowerCase(), record);
    if (!this.principals.has(record.servicePrincipalId.toLowerCase())) {
      this.addPrincipal({
        objectId: record.servicePrincipalId,
        tenantId: record.tenantId,
        displayName: record.displayName,
        type: 'ServicePrincipal',
      });
    }
    return record;
  }

  addVault(v: {
    name: string;
    tenantId: string;
    subscriptionId: string;
    resourceGroup: string;
  }): Vault {
    const vault: Vault = {
      ...v,
      resourceId: `/subscriptions/${v.subscriptionId}/resourceGroups/${v.resourceGroup}/providers/Microsoft.KeyVault/vaults/${v.name}`,
      secrets: new Map(),
      deletedSecrets: new Map(),
    };
    this.vaults.set(v.name.toLowerCase(), vault);
    return vault;
  }

  /** Adds a secret with one version (or more, oldest first) straight into a vault. */
  addSecret(
    vaultName: string,
    name: string,
    versions: Array<Partial<SecretVersion> & { value: string }>,
    options: { managed?: boolean } = {},
  ): SecretItem {
    const vault = this.requireVault(vaultName);
    const now = Math.floor(this.clock.now() / 1000);
    const item: SecretItem = {
      name,
      managed: options.managed ?? false,
      versions: versions.map((v) => ({
        version: v.version ?? randomUUID().replace(/-/g, ''),
        enabled: v.enabled ?? true,
        created: v.created ?? now,
        updated: v.updated ?? now,
        ...v,
      })),
    };
    vault.secrets.set(name.toLowerCase(), item);
    return item;
  }

  requireVault(name: string): Vault {
    const vault = this.vaults.get(name.toLowerCase());
    if (!vault) throw new Error(`No emulated vault named ${name}`);
    return vault;
  }

  /** Adds a role assignment directly, as standing access that predates the run. */
  addRoleAssignment(a: {
    scope: string;
    roleDefinitionGuid: string;
    principalId: string;
    principalType?: PrincipalType;
    description?: string;
    condition?: string;
    name?: string;
    origin?: RoleAssignmentRecord['origin'];
    subscriptionId?: string;
    createdOn?: number;
  }): RoleAssignmentRecord {
    const name = a.name ?? randomUUID();
    const scope = '/' + a.scope.replace(/^\/+/, '');
    const subscription = a.subscriptionId ?? scope.split('/')[2] ?? '';
    const now = a.createdOn ?? this.clock.now();
    const record: RoleAssignmentRecord = {
      id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
      name,
      scope,
      roleDefinitionId: `/subscriptions/${subscription}/providers/Microsoft.Authorization/roleDefinitions/${a.roleDefinitionGuid}`,
      principalId: a.principalId,
      principalType: a.principalType ?? 'ServicePrincipal',
      description: a.description,
      condition: a.condition,
      conditionVersion: a.condition ? '2.0' : undefined,
      createdOn: now,
      updatedOn: now,
      origin: a.origin ?? 'seed',
    };
    this.roleAssignments.push(record);
    return record;
  }

  /** Live assignments (not deleted, not expired) as ARM lists them. */
  liveAssignments(now = this.clock.now()): RoleAssignmentRecord[] {
    return this.roleAssignments.filter((a) => isLiveInArm(a, now));
  }

  /**
   * Whether the data plane lets `principalId` perform `dataAction` on the vault.
   * Propagation follows Azure's troubleshooting guide: a new assignment is seen
   * only after a delay, and a removed one keeps working for a while.
   */
  dataActionPermitted(
    principalId: string,
    vault: Vault,
    dataAction: string,
    now = this.clock.now(),
  ): boolean {
    const { grantMs, revokeMs } = this.knobs.propagation;
    return this.roleAssignments.some((a) => {
      if (a.principalId.toLowerCase() !== principalId.toLowerCase()) return false;
      if (!scopeContains(a.scope, vault.resourceId)) return false;
      if (now < a.createdOn + grantMs) return false;
      const end = endOfAccess(a);
      if (end !== undefined && now >= end + revokeMs) return false;
      const definition = findRole(a.roleDefinitionId);
      return definition !== undefined && roleGrantsDataAction(definition, dataAction);
    });
  }

  findRoleDefinition(guidOrId: string): RoleDefinition | undefined {
    return findRole(guidOrId);
  }

  record(entry: Omit<RequestLogEntry, 'time'>): void {
    this.log.push({ time: this.clock.now(), ...entry });
  }
}

function endOfAccess(a: RoleAssignmentRecord): number | undefined {
  if (a.deletedAt !== undefined && a.endsAt !== undefined) return Math.min(a.deletedAt, a.endsAt);
  return a.deletedAt ?? a.endsAt;
}

export function isLiveInArm(a: RoleAssignmentRecord, now: number): boolean {
  return a.deletedAt === undefined && (a.endsAt === undefined || now < a.endsAt);
}
