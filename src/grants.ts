/**
 * Temporary role assignments: created with a deterministic name, saved to the
 * runner's state before they can exist, deleted by id (never by searching),
 * and verified gone. An assignment this run did not create is never deleted.
 */
import type { AuthorizationManagementClient, RoleAssignment } from '@azure/arm-authorization';
import { hasCode, inspectAzureError } from './azure-errors.js';
import { explainAzureError, withAzureRetry } from './azure-retry.js';
import { ActionError, describeError } from './errors.js';
import { DESCRIPTION_MARKER } from './names.js';
import type { VaultRef } from './resources.js';
import type { ResolvedRole } from './roles.js';
import type { Runtime } from './runtime.js';
import { uuidV5 } from './uuid.js';
import { pimAssign, pimRemove } from './pim.js';

export type GrantStatus =
  'pending' | 'active' | 'pre-existing' | 'failed' | 'removed' | 'remove-failed';

export type AssignmentMode = 'rbac' | 'pim';

export interface GrantRecord {
  /** `rbac`: a plain role assignment. `pim`: a PIM schedule that Azure ends at `endsAt`. */
  mode: AssignmentMode;
  id: string;
  name: string;
  scope: string;
  vaultName: string;
  roleDefinitionId: string;
  roleName: string;
  principalId: string;
  principalType: string;
  /** Created (or adopted from an earlier attempt) by this run: the only kind it deletes. */
  owned: boolean;
  status: GrantStatus;
  requestedAt: string;
  createdAt?: string;
  removedAt?: string;
  verifiedGone: boolean;
  /** When the grant must be gone: PIM enforces it; `sweep` enforces it for rbac. */
  endsAt?: string;
  propagationSeconds?: number;
  lingerSeconds?: number;
  error?: string;
}

export interface RunIdentity {
  repository: string;
  runId: string;
  runAttempt: string;
  runUrl: string;
}

export interface GrantContext {
  rt: Runtime;
  client: AuthorizationManagementClient;
  run: RunIdentity;
  /** Called whenever a record changes, to save it to the runner's state at once. */
  persist: () => void;
}

export interface GrantRequest {
  role: ResolvedRole;
  vault: VaultRef;
  principalId: string;
  principalType: string;
  justification: string;
  /** GitHub logins that approved the run's environment. */
  approvers?: string[];
  /** When access must end; written in the description and, in PIM mode, enforced by Azure. */
  deadline: Date;
  /** How long to keep retrying the grant (PrincipalNotFound while replicating). */
  deadlineMs: number;
  mode: AssignmentMode;
}

/** `run=<repo>/<run id>`: how an assignment is recognised as this run's, in any attempt. */
export function runTag(run: RunIdentity): string {
  return `run=${run.repository}/${run.runId}`;
}

export function describeGrant(
  run: RunIdentity,
  justification: string,
  deadline: Date,
  approvers: string[] = [],
): string {
  const parts = [
    DESCRIPTION_MARKER,
    runTag(run),
    `attempt=${run.runAttempt}`,
    `deadline=${deadline.toISOString()}`,
    run.runUrl,
    approvers.length ? `Approved by: ${approvers.join(', ')}.` : '',
    justification ? `Justification: ${justification}` : '',
  ];
  return parts.filter(Boolean).join(' ').slice(0, 2000);
}

export function newGrantRecord(run: RunIdentity, req: GrantRequest, now: Date): GrantRecord {
  const name = uuidV5(
    [
      run.repository,
      run.runId,
      run.runAttempt,
      req.role.guid,
      req.vault.id.toLowerCase(),
      req.principalId.toLowerCase(),
    ].join('|'),
  );
  return {
    mode: req.mode,
    id: `${req.vault.id}/providers/Microsoft.Authorization/roleAssignments/${name}`,
    name,
    scope: req.vault.id,
    vaultName: req.vault.name,
    roleDefinitionId: req.role.definitionId,
    roleName: req.role.roleName,
    principalId: req.principalId,
    principalType: req.principalType,
    owned: true,
    status: 'pending',
    requestedAt: now.toISOString(),
    verifiedGone: false,
    endsAt: req.deadline.toISOString(),
  };
}

/**
 * Creates the assignment. The record is persisted as `pending` before the
 * request, so a run killed mid-request still knows which id to clean up.
 */
export async function createGrant(
  ctx: GrantContext,
  req: GrantRequest,
  record: GrantRecord,
): Promise<GrantRecord> {
  ctx.persist();
  const doing = `assign ${record.roleName} to ${record.principalId} on vault ${record.vaultName}`;
  try {
    const createdOn = await withAzureRetry(
      ctx.rt,
      { doing, deadlineMs: req.deadlineMs, alsoRetry: (f) => hasCode(f, 'PrincipalNotFound') },
      () =>
        record.mode === 'pim'
          ? assignThroughPim(ctx, req, record)
          : assignDirectly(ctx, req, record),
    );
    Object.assign(record, { status: 'active', createdAt: isoOf(createdOn, ctx.rt) });
  } catch (err) {
    if (!hasCode(inspectAzureError(err), 'RoleAssignmentExists')) {
      Object.assign(record, { status: 'failed', error: explainAzureError(err) });
      ctx.persist();
      throw new ActionError(`Failed to ${doing}: ${explainAzureError(err)}${grantHint(err)}`, {
        cause: err,
      });
    }
    await adoptOrRecordExisting(ctx, record);
  }
  ctx.persist();
  return record;
}

async function assignDirectly(
  ctx: GrantContext,
  req: GrantRequest,
  record: GrantRecord,
): Promise<Date | undefined> {
  const created = await ctx.client.roleAssignments.create(record.scope, record.name, {
    roleDefinitionId: record.roleDefinitionId,
    principalId: record.principalId,
    principalType: record.principalType,
    description: describeGrant(ctx.run, req.justification, req.deadline, req.approvers),
  });
  return created.createdOn;
}

/** A PIM request creates the assignment under a name Azure picks: find it by this run's tag. */
async function assignThroughPim(
  ctx: GrantContext,
  req: GrantRequest,
  record: GrantRecord,
): Promise<Date | undefined> {
  const startMs = ctx.rt.now();
  await pimAssign(ctx.client, {
    scope: record.scope,
    baseName: record.name,
    roleDefinitionId: record.roleDefinitionId,
    principalId: record.principalId,
    justification: describeGrant(ctx.run, req.justification, req.deadline, req.approvers),
    startMs,
    durationMs: req.deadline.getTime() - startMs,
  });
  const made = await findExisting(ctx, record);
  if (made?.id) Object.assign(record, { id: made.id, name: made.name ?? record.name });
  return made?.createdOn;
}

function isoOf(date: Date | undefined, rt: Runtime): string {
  return (date ?? new Date(rt.now())).toISOString();
}

function grantHint(err: unknown): string {
  const f = inspectAzureError(err);
  if (hasCode(f, 'AuthorizationFailed')) {
    return " Hint: the action's identity needs Microsoft.Authorization/roleAssignments/write at the vault, e.g. Role Based Access Control Administrator with a condition that allows only Key Vault Secrets Officer (see infra/main.bicep).";
  }
  if (hasCode(f, 'PrincipalNotFound'))
    return ' Hint: the assignee does not exist in the tenant, or it was created moments ago; check assignee-object-id and principal-type.';
  return '';
}

/**
 * The same role is already assigned to the principal at the vault. If an
 * earlier attempt of this run made it, this run adopts and later removes it;
 * otherwise it is someone's standing access and is left alone.
 */
async function adoptOrRecordExisting(ctx: GrantContext, record: GrantRecord): Promise<void> {
  const existing = await findExisting(ctx, record);
  record.status = 'active';
  if (existing?.id && existing.description?.includes(runTag(ctx.run))) {
    ctx.rt.log.info(`Adopting ${existing.id}, created by an earlier attempt of this run.`);
    Object.assign(record, {
      id: existing.id,
      name: existing.name ?? record.name,
      createdAt: isoOf(existing.createdOn, ctx.rt),
    });
    return;
  }
  ctx.rt.log.warning(
    `${record.roleName} is already assigned to ${record.principalId} on vault ${record.vaultName}${existing?.id ? ` (${existing.id})` : ''}, not by this run. It is used as it is and will not be removed.`,
  );
  Object.assign(record, {
    owned: false,
    status: 'pre-existing',
    id: existing?.id ?? record.id,
    createdAt: isoOf(existing?.createdOn, ctx.rt),
  });
}

async function findExisting(
  ctx: GrantContext,
  record: GrantRecord,
): Promise<RoleAssignment | undefined> {
  const filter = `principalId eq '${record.principalId}'`;
  const scope = record.scope.toLowerCase();
  const role = record.roleDefinitionId.split('/').pop()?.toLowerCase();
  for await (const a of ctx.client.roleAssignments.listForScope(record.scope, { filter })) {
    if (
      a.scope?.toLowerCase() === scope &&
      a.roleDefinitionId?.split('/').pop()?.toLowerCase() === role
    )
      return a;
  }
  return undefined;
}

/**
 * Deletes an owned assignment by its id and confirms ARM no longer has it.
 * Never throws: the outcome is in the record, so every grant gets its turn.
 */
export async function revokeGrant(ctx: GrantContext, record: GrantRecord): Promise<GrantRecord> {
  if (!record.owned || record.verifiedGone) return record;
  const doing = `remove role assignment ${record.id}`;
  try {
    for (let round = 1; round <= 3 && !record.verifiedGone; round++) {
      await withAzureRetry(ctx.rt, { doing, attempts: 6 }, () =>
        record.mode === 'pim'
          ? pimRemove(
              ctx.client,
              {
                scope: record.scope,
                baseName: record.name,
                roleDefinitionId: record.roleDefinitionId,
                principalId: record.principalId,
              },
              `${ctx.rt.now()}-${round}`,
            )
          : deleteIfPresent(ctx, record.id),
      );
      record.verifiedGone = await withAzureRetry(
        ctx.rt,
        { doing: `verify ${record.id} is gone`, attempts: 6 },
        () => isGone(ctx, record.id),
      );
    }
    Object.assign(
      record,
      record.verifiedGone
        ? { status: 'removed', removedAt: new Date(ctx.rt.now()).toISOString(), error: undefined }
        : { status: 'remove-failed', error: 'ARM still lists the assignment after three deletes' },
    );
  } catch (err) {
    Object.assign(record, { status: 'remove-failed', error: describeError(err) });
  }
  ctx.persist();
  return record;
}

async function deleteIfPresent(ctx: GrantContext, id: string): Promise<void> {
  try {
    await ctx.client.roleAssignments.deleteById(id);
  } catch (err) {
    const f = inspectAzureError(err);
    if (f.status === 404 || hasCode(f, 'RoleAssignmentNotFound')) return;
    throw err;
  }
}

async function isGone(ctx: GrantContext, id: string): Promise<boolean> {
  try {
    await ctx.client.roleAssignments.getById(id);
    return false;
  } catch (err) {
    const f = inspectAzureError(err);
    if (f.status === 404 || hasCode(f, 'RoleAssignmentNotFound')) return true;
    throw err;
  }
}
