/**
 * The post step. It runs after success, failure and cancellation alike; if the
 * main step did not verify every grant gone (it was cancelled, killed or
 * crashed), this removes what is left, by id, and verifies it.
 */
import { describeError } from './errors.js';
import { revokeGrant, type GrantRecord } from './grants.js';
import { connect } from './session.js';
import { readSettings } from './inputs.js';
import type { ActionIO } from './io.js';
import { latestPerSecret, readJournal } from './journal.js';
import { runIdentity } from './context.js';
import { renderGrantTable } from './report.js';
import { State } from './names.js';
import type { Runtime } from './runtime.js';

export interface PostContext {
  io: ActionIO;
  rt: Runtime;
}

export async function runPost(ctx: PostContext): Promise<void> {
  const { io, rt } = ctx;
  reportJournal(ctx);
  if (io.getState(State.Revoked) === 'true') {
    rt.log.info('The main step removed every grant and verified it gone; nothing to clean up.');
    return;
  }
  const leftover = parseGrants(io.getState(State.Grants)).filter((g) => g.owned && !g.verifiedGone);
  if (leftover.length === 0) {
    rt.log.info('No grant of this run is left to remove.');
    return;
  }
  rt.log.warning(
    `The main step did not finish its revoke; removing ${leftover.length} grant(s) now.`,
  );
  try {
    await removeLeftovers(ctx, leftover);
  } catch (err) {
    io.setFailed(
      `Post step could not clean up: ${describeError(err)}. Remove these role assignments by hand: ${leftover.map((g) => g.id).join(', ')}`,
    );
  }
}

function parseGrants(text: string): GrantRecord[] {
  if (!text) return [];
  try {
    const parsed = JSON.parse(text) as unknown;
    return Array.isArray(parsed) ? (parsed as GrantRecord[]) : [];
  } catch {
    return [];
  }
}

async function removeLeftovers(ctx: PostContext, grants: GrantRecord[]): Promise<void> {
  const { io, rt } = ctx;
  const settings = readSettings((name) => io.getInput(name));
  const { arm: client } = await connect(io, settings);
  const context = {
    rt,
    client,
    run: runIdentity(io.env),
    persist: () => io.saveState(State.Grants, JSON.stringify(grants)),
  };
  for (const g of grants) {
    await revokeGrant(context, g);
    if (g.verifiedGone) rt.log.info(`Removed and verified gone: ${g.id}`);
    else rt.log.warning(`Could not remove ${g.id}: ${g.error ?? g.status}`);
  }
  await io.appendSummary(`### Post-step cleanup\n\n${renderGrantTable(grants)}\n`);
  const remaining = grants.filter((g) => !g.verifiedGone);
  if (remaining.length > 0) {
    io.setFailed(
      `Post step could not verify the removal of: ${remaining.map((g) => g.id).join(', ')}. Remove them with 'az role assignment delete --ids <id>'.`,
    );
  }
}

/** What the journal says was done, so a killed main step's work is still accounted for. */
function reportJournal(ctx: PostContext): void {
  const path = ctx.io.getState(State.Journal);
  if (!path) return;
  const latest = latestPerSecret(readJournal(path));
  const count = (s: string) => latest.filter((r) => r.status === s).length;
  const unknown = latest.filter((r) => r.status === 'started');
  ctx.rt.log.info(
    `Rotation journal ${path}: ${count('rotated')} rotated, ${count('skipped')} skipped, ${count('failed')} failed, ${unknown.length} interrupted.`,
  );
  for (const r of unknown)
    ctx.rt.log.warning(
      `Secret ${r.secret} in ${r.vault} was being written when the step stopped: it may or may not have a new version.`,
    );
}
