/**
 * `command: sweep`: finds role assignments this action made (its marker is in
 * the description) whose recorded deadline has passed, at the given vaults,
 * and removes and verifies them. What a killed runner left behind in `rbac`
 * mode ends here. Assignments without the marker, and grants of runs still
 * inside their deadline, are never touched.
 */
import type { RoleAssignment } from '@azure/arm-authorization';
import type { AuthorizationManagementClient } from '@azure/arm-authorization';
import { describeError } from './errors.js';
import { revokeGrant, type GrantRecord } from './grants.js';
import { connect } from './session.js';
import type { Settings } from './inputs.js';
import { runIdentity, type MainContext } from './context.js';
import { renderTable } from './markdown.js';
import { DESCRIPTION_MARKER, Outputs } from './names.js';

export interface SweepEntry {
  id: string;
  scope: string;
  principalId: string;
  deadline?: string;
  action: 'removed' | 'remove-failed' | 'kept: deadline not reached' | 'kept: no deadline recorded';
  error?: string;
}

/** The `deadline=<ISO time>` the action writes into its descriptions. */
export function recordedDeadline(description: string | undefined): Date | undefined {
  const match = /\bdeadline=(\d{4}-\d\d-\d\dT[\d:.]+Z)/.exec(description ?? '');
  const date = match?.[1] ? new Date(match[1]) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}

export async function runSweep(ctx: MainContext, s: Settings): Promise<void> {
  try {
    const { arm: client } = await connect(ctx.io, s);
    const entries: SweepEntry[] = [];
    const scopes = [...new Set(s.grants.map((g) => g.vault.id))];
    for (const scope of scopes) entries.push(...(await sweepScope(ctx, client, scope)));
    await report(ctx, entries);
  } catch (err) {
    ctx.io.setFailed(`Sweep failed: ${describeError(err)}`);
  }
}

async function sweepScope(
  ctx: MainContext,
  client: AuthorizationManagementClient,
  scope: string,
): Promise<SweepEntry[]> {
  const entries: SweepEntry[] = [];
  const now = ctx.rt.now();
  for await (const a of client.roleAssignments.listForScope(scope)) {
    if (!a.id || !a.description?.includes(DESCRIPTION_MARKER)) continue;
    if (!a.scope?.toLowerCase().startsWith(scope.toLowerCase())) continue;
    const deadline = recordedDeadline(a.description);
    const base = {
      id: a.id,
      scope: a.scope,
      principalId: a.principalId ?? '',
      deadline: deadline?.toISOString(),
    };
    if (!deadline) entries.push({ ...base, action: 'kept: no deadline recorded' });
    else if (deadline.getTime() > now)
      entries.push({ ...base, action: 'kept: deadline not reached' });
    else entries.push(await remove(ctx, client, a, base));
  }
  return entries;
}

async function remove(
  ctx: MainContext,
  client: AuthorizationManagementClient,
  a: RoleAssignment,
  base: Omit<SweepEntry, 'action'>,
): Promise<SweepEntry> {
  const record: GrantRecord = {
    mode: 'rbac',
    id: a.id as string,
    name: a.name ?? '',
    scope: a.scope ?? '',
    vaultName: (a.scope ?? '').split('/').pop() ?? '',
    roleDefinitionId: a.roleDefinitionId ?? '',
    roleName: a.roleDefinitionId?.split('/').pop() ?? '',
    principalId: a.principalId ?? '',
    principalType: a.principalType ?? 'ServicePrincipal',
    owned: true,
    status: 'active',
    requestedAt: a.createdOn?.toISOString() ?? '',
    verifiedGone: false,
  };
  await revokeGrant(
    { rt: ctx.rt, client, run: runIdentity(ctx.io.env), persist: () => undefined },
    record,
  );
  ctx.rt.log.info(
    `${record.verifiedGone ? 'Removed and verified gone' : 'Could not remove'}: ${record.id} (deadline ${base.deadline})`,
  );
  return {
    ...base,
    action: record.verifiedGone ? 'removed' : 'remove-failed',
    error: record.error,
  };
}

async function report(ctx: MainContext, entries: SweepEntry[]): Promise<void> {
  const removed = entries.filter((e) => e.action === 'removed').length;
  const failed = entries.filter((e) => e.action === 'remove-failed');
  ctx.io.setOutput(Outputs.Assignments, JSON.stringify(entries));
  ctx.io.setOutput(
    Outputs.Result,
    JSON.stringify({ schemaVersion: 1, command: 'sweep', removed, failed: failed.length, entries }),
  );
  const table = renderTable(
    ['Assignment', 'Principal', 'Deadline', 'Action'],
    entries.map((e) => [
      e.id,
      e.principalId,
      e.deadline ?? '',
      e.action + (e.error ? `: ${e.error}` : ''),
    ]),
  );
  await ctx.io.appendSummary(
    `### Sweep of expired just-in-time grants\n\n${removed} removed, ${failed.length} failed, ${entries.length - removed - failed.length} kept.\n\n${table}`,
  );
  if (failed.length)
    ctx.io.setFailed(`Sweep could not remove: ${failed.map((e) => e.id).join(', ')}`);
}
