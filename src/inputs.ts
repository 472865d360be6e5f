/**
 * Reads and validates every input before any network call. Each problem is an
 * InputError that names the input, shows what was given and says how to fix it.
 */
import { resolveCloud, type CloudEndpoints } from './cloud.js';
import { parseDuration } from './duration.js';
import { InputError } from './errors.js';
import { compileSecretFilter } from './glob.js';
import { Inputs } from './names.js';
import { latestPerSecret, parseJournal } from './journal.js';
import type { AssignmentMode } from './grants.js';
import { pairRolesWithResources, type Pair } from './pairing.js';
import {
  GUID_PATTERN,
  parseList,
  parseRoleRef,
  parseVaultId,
  type RoleRef,
  type VaultRef,
} from './resources.js';
import { validateSecretSpec } from './secret-value.js';

export type GetInput = (name: string) => string;

export interface Grant {
  role: RoleRef;
  vault: VaultRef;
}

export interface SecretSelection {
  include: string[];
  exclude: string[];
  tags: Record<string, string>;
  includeDisabled: boolean;
  matches: (secret: { name: string; tags?: Record<string, string> }) => boolean;
}

export type Command = 'rotate' | 'plan' | 'sweep' | 'rollback';
const COMMANDS: Command[] = ['rotate', 'plan', 'sweep', 'rollback'];

export interface Settings {
  command: Command;
  /** SHA-256 of the approved plan; rotate refuses to elevate if its own plan differs. */
  expectedPlanHash?: string;
  /** The approved plan's JSON, to name what differs. */
  expectedPlan?: string;
  githubToken?: string;
  /** The OIDC token's `environment` claim must equal this. */
  requireEnvironment?: string;
  assignmentMode: AssignmentMode;
  /** How long a grant may live; its deadline is start + this. */
  grantDurationMs: number;
  /** Rotation records of an earlier run: secrets already rotated there are skipped. */
  resumeFrom?: PriorRotation[];
  /** Rotation records of an earlier run whose rotated secrets `rollback` restores. */
  rollbackFrom?: PriorRotation[];
  tenantId: string;
  clientId: string;
  subscriptionId: string;
  audience: string;
  grants: Grant[];
  /** Pairs given more than once, dropped with a warning. */
  duplicateGrants: Pair[];
  assigneeObjectId?: string;
  principalType: string;
  justification: string;
  allowPrivilegedRoles: boolean;
  selection: SecretSelection;
  secretLength: number;
  secretAlphabet: string;
  secretExpiresInMs?: number;
  propagationTimeoutMs: number;
  lingerTimeoutMs: number;
  maxConcurrency: number;
  vaultRequestRate: number;
  dryRun: boolean;
  cloud: CloudEndpoints;
}

const PRINCIPAL_TYPES = ['ServicePrincipal', 'User', 'Group', 'ForeignGroup', 'Device'];

/** Built-in roles that can grant access or change anything: refused unless allowed. */
export const PRIVILEGED_ROLES: Record<string, string> = {
  '8e3af657-a8ff-443c-a75c-2fe8c4bcb635': 'Owner',
  'b24988ac-6180-42a0-ab88-3bd38f1c7a8c': 'Contributor',
  '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9': 'User Access Administrator',
  'f58310d9-a9f6-439a-9e8d-f62e7b41a168': 'Role Based Access Control Administrator',
};

export function readSettings(getInput: GetInput): Settings {
  if (command(getInput) === 'rollback' && !getInput(Inputs.RollbackFrom).trim()) {
    throw new InputError(
      Inputs.RollbackFrom,
      "is required with 'command: rollback'. Pass the rotations output of the run to undo.",
    );
  }
  const subscriptionId = guid(getInput, Inputs.SubscriptionId);
  const allowPrivilegedRoles = bool(getInput, Inputs.AllowPrivilegedRoles, false);
  const propagationTimeoutMs = positiveDuration(
    getInput(Inputs.PropagationTimeout) || '600',
    Inputs.PropagationTimeout,
  );
  const secretLength = integer(getInput, Inputs.SecretLength, 44, 16, 4096);
  const secretAlphabet = alphabet(getInput);
  validateSecretSpec(secretLength, secretAlphabet);
  const expires = getInput(Inputs.SecretExpiresIn).trim();

  return {
    command: command(getInput),
    expectedPlanHash: planHash(getInput),
    expectedPlan: getInput(Inputs.ExpectedPlan).trim() || undefined,
    githubToken: getInput(Inputs.GithubToken).trim() || undefined,
    requireEnvironment: getInput(Inputs.RequireEnvironment).trim() || undefined,
    assignmentMode: assignmentMode(getInput),
    grantDurationMs: grantDuration(getInput, propagationTimeoutMs),
    resumeFrom: priorRotations(getInput, Inputs.ResumeFrom),
    rollbackFrom: priorRotations(getInput, Inputs.RollbackFrom),
    tenantId: guid(getInput, Inputs.TenantId),
    clientId: guid(getInput, Inputs.ClientId),
    subscriptionId,
    audience: getInput(Inputs.Audience).trim() || 'api://AzureADTokenExchange',
    ...readGrants(getInput, subscriptionId, allowPrivilegedRoles),
    assigneeObjectId: optionalGuid(getInput, Inputs.AssigneeObjectId),
    principalType: principalType(getInput),
    justification: justification(getInput),
    allowPrivilegedRoles,
    selection: readSelection(getInput),
    secretLength,
    secretAlphabet,
    secretExpiresInMs: expires ? positiveDuration(expires, Inputs.SecretExpiresIn) : undefined,
    propagationTimeoutMs,
    lingerTimeoutMs: duration(getInput(Inputs.LingerTimeout) || '120', Inputs.LingerTimeout),
    maxConcurrency: integer(getInput, Inputs.MaxConcurrency, 64, 1, 256),
    vaultRequestRate: integer(getInput, Inputs.VaultRequestRate, 380, 1, 2000),
    dryRun: bool(getInput, Inputs.DryRun, false),
    cloud: resolveCloud({
      environment: getInput(Inputs.AzureEnvironment),
      authorityHost: getInput(Inputs.AuthorityHost),
      resourceManagerEndpoint: getInput(Inputs.ResourceManagerEndpoint),
      resourceManagerAudience: getInput(Inputs.ResourceManagerAudience),
      keyVaultDnsSuffix: getInput(Inputs.KeyVaultDnsSuffix),
    }),
  };
}

function readGrants(getInput: GetInput, subscriptionId: string, allowPrivileged: boolean) {
  const roles = parseList(getInput(Inputs.RoleIds), Inputs.RoleIds).map(parseRoleRef);
  const vaults = parseList(getInput(Inputs.ResourceIds), Inputs.ResourceIds).map((r) =>
    parseVaultId(r, subscriptionId),
  );
  if (!allowPrivileged) roles.forEach(refusePrivileged);

  const roleKey = (r: RoleRef) => (r.kind === 'guid' ? r.guid : `name:${r.name.toLowerCase()}`);
  const { pairs, duplicates } = pairRolesWithResources(
    roles.map(roleKey),
    vaults.map((v) => v.id),
  );
  // The first spelling given is the one kept, so the plan reads like the input.
  const roleByKey = firstByKey(roles, roleKey);
  const vaultById = firstByKey(vaults, (v) => v.id);
  const grants = pairs.map((p) => ({
    role: roleByKey.get(p.roleId) as RoleRef,
    vault: vaultById.get(p.resourceId) as VaultRef,
  }));
  return { grants, duplicateGrants: duplicates };
}

function firstByKey<T>(items: T[], key: (item: T) => string): Map<string, T> {
  const byKey = new Map<string, T>();
  for (const item of items) if (!byKey.has(key(item))) byKey.set(key(item), item);
  return byKey;
}

export function refusePrivileged(role: RoleRef): void {
  const name =
    role.kind === 'guid'
      ? PRIVILEGED_ROLES[role.guid]
      : Object.values(PRIVILEGED_ROLES).find((n) => n.toLowerCase() === role.name.toLowerCase());
  if (name) {
    throw new InputError(
      Inputs.RoleIds,
      `'${role.given}' is ${name}, a privileged role that can change access or anything else in scope. Rotating secrets needs only 'Key Vault Secrets Officer' (b86a8fe4-44ce-4948-aee5-eccb2c155cd7). Set ${Inputs.AllowPrivilegedRoles}: true only if you really mean it.`,
    );
  }
}

function command(getInput: GetInput): Command {
  const value = getInput(Inputs.Command).trim().toLowerCase() || 'rotate';
  const found = COMMANDS.find((c) => c === value);
  if (!found) {
    throw new InputError(
      Inputs.Command,
      `'${value}' is not a command. Use rotate (default), plan, sweep or rollback.`,
    );
  }
  return found;
}

function assignmentMode(getInput: GetInput): AssignmentMode {
  const value = getInput(Inputs.AssignmentMode).trim().toLowerCase() || 'rbac';
  if (value !== 'rbac' && value !== 'pim') {
    throw new InputError(
      Inputs.AssignmentMode,
      `'${value}' is not a mode. Use rbac (a plain role assignment) or pim (a PIM assignment that Azure ends by itself).`,
    );
  }
  return value;
}

/** Default: long enough to wait out propagation and rotate a large vault. */
function grantDuration(getInput: GetInput, propagationTimeoutMs: number): number {
  const text = getInput(Inputs.GrantDuration).trim();
  if (!text) return propagationTimeoutMs + 50 * 60_000;
  const ms = parseDuration(text, Inputs.GrantDuration);
  if (ms < 20_000 || ms > 8 * 3_600_000) {
    throw new InputError(
      Inputs.GrantDuration,
      `'${text}' must be from 20 seconds to 8 hours (e.g. PT30M). The grant ends when it runs out.`,
    );
  }
  return ms;
}

export interface PriorRotation {
  vault: string;
  secret: string;
  status: string;
  version?: string;
  previousVersion?: string;
}

/**
 * The `rotations` output of an earlier run, or its rotation journal (JSON
 * lines, the record a killed run leaves; the last line per secret counts).
 */
function priorRotations(getInput: GetInput, name: string): PriorRotation[] | undefined {
  const text = getInput(name).trim();
  if (!text) return undefined;
  let parsed: unknown;
  try {
    if (text.startsWith('[')) {
      parsed = JSON.parse(text);
    } else {
      // Journal lines: text in which no line parses is not a journal.
      parsed = latestPerSecret(parseJournal(text));
      if ((parsed as unknown[]).length === 0) throw new Error('no journal record');
    }
  } catch {
    throw new InputError(
      name,
      `is not JSON. Pass an earlier run's 'rotations' output (a JSON array) unchanged.`,
    );
  }
  const valid =
    Array.isArray(parsed) &&
    parsed.every(
      (r) =>
        r &&
        typeof r === 'object' &&
        typeof r.vault === 'string' &&
        typeof r.secret === 'string' &&
        typeof r.status === 'string',
    );
  if (!valid)
    throw new InputError(
      name,
      `must be an earlier run's 'rotations' output: a JSON array of {vault, secret, status, …}.`,
    );
  return parsed as PriorRotation[];
}

function planHash(getInput: GetInput): string | undefined {
  const value = getInput(Inputs.ExpectedPlanHash).trim().toLowerCase();
  if (!value) return undefined;
  if (!/^[0-9a-f]{64}$/.test(value)) {
    throw new InputError(
      Inputs.ExpectedPlanHash,
      `'${value}' is not a SHA-256 hex digest. Pass the plan job's plan-hash output unchanged.`,
    );
  }
  return value;
}

function readSelection(getInput: GetInput): SecretSelection {
  const include = lines(getInput(Inputs.SecretInclude));
  const exclude = lines(getInput(Inputs.SecretExclude));
  const tags = readTags(getInput(Inputs.SecretTags));
  return {
    include,
    exclude,
    tags,
    includeDisabled: bool(getInput, Inputs.IncludeDisabled, false),
    matches: compileSecretFilter({
      include,
      exclude,
      tags,
      inputNames: { include: Inputs.SecretInclude, exclude: Inputs.SecretExclude },
    }),
  };
}

function readTags(text: string): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const line of lines(text)) {
    const eq = line.indexOf('=');
    if (eq <= 0)
      throw new InputError(
        Inputs.SecretTags,
        `'${line}' is not key=value. Give one key=value per line; a secret must carry every tag listed.`,
      );
    tags[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return tags;
}

function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

function guid(getInput: GetInput, name: string): string {
  const value = getInput(name).trim();
  if (!value)
    throw new InputError(
      name,
      'is required. Give the GUID from the Azure portal or `az account show`.',
    );
  if (!GUID_PATTERN.test(value))
    throw new InputError(
      name,
      `'${value}' is not a GUID. Give the ID itself, as xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, from the Azure portal or \`az account show\`.`,
    );
  return value.toLowerCase();
}

function optionalGuid(getInput: GetInput, name: string): string | undefined {
  return getInput(name).trim() ? guid(getInput, name) : undefined;
}

function principalType(getInput: GetInput): string {
  const value = getInput(Inputs.PrincipalType).trim() || 'ServicePrincipal';
  const match = PRINCIPAL_TYPES.find((t) => t.toLowerCase() === value.toLowerCase());
  if (!match)
    throw new InputError(
      Inputs.PrincipalType,
      `'${value}' is not one of ${PRINCIPAL_TYPES.join(', ')}.`,
    );
  return match;
}

function justification(getInput: GetInput): string {
  const value = getInput(Inputs.Justification).trim().replace(/\s+/g, ' ');
  if (value.length > 500)
    throw new InputError(
      Inputs.Justification,
      `is ${value.length} characters; keep it under 500 so the assignment description fits.`,
    );
  return value;
}

function bool(getInput: GetInput, name: string, fallback: boolean): boolean {
  const given = getInput(name).trim();
  const value = given.toLowerCase();
  if (!value) return fallback;
  if (['true', 'yes', '1'].includes(value)) return true;
  if (['false', 'no', '0'].includes(value)) return false;
  throw new InputError(name, `'${given}' is not a boolean. Use true or false.`);
}

/**
 * 'base64url' or a literal set of distinct characters. Checked here so the
 * message can show the alphabet given; secret-value.ts checks it again.
 */
function alphabet(getInput: GetInput): string {
  const value = getInput(Inputs.SecretAlphabet).trim() || 'base64url';
  if (value === 'base64url') return value;
  const chars = Array.from(value);
  const repeated = [...new Set(chars.filter((c, i) => chars.indexOf(c) !== i))];
  if (new Set(chars).size < 2)
    throw new InputError(
      Inputs.SecretAlphabet,
      `'${value}' has fewer than two distinct characters. Give 'base64url' or at least two different characters.`,
    );
  if (repeated.length > 0)
    throw new InputError(
      Inputs.SecretAlphabet,
      `'${value}' repeats '${repeated.join('')}'. List each character once, since a repeated one would be picked more often.`,
    );
  return value;
}

function integer(
  getInput: GetInput,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const text = getInput(name).trim();
  if (!text) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InputError(name, `'${text}' must be a whole number from ${min} to ${max}.`);
  }
  return value;
}

function duration(text: string, name: string): number {
  return parseDuration(text, name);
}

function positiveDuration(text: string, name: string): number {
  const ms = parseDuration(text, name);
  if (ms <= 0)
    throw new InputError(
      name,
      `'${text}' must be longer than zero, e.g. 600 (seconds), 10m or PT10M.`,
    );
  return ms;
}
