/**
 * `command: plan`: changes nothing in Azure. Resolves the roles, vaults and
 * principal, lists the secrets that would be rotated, and publishes the plan,
 * its hash and the approval table (step summary, outputs, pull request).
 */
import { describeError } from './errors.js';
import type { Settings } from './inputs.js';
import { Outputs } from './names.js';
import {
  buildPlan,
  canonicalJson,
  planHash,
  plannedSecrets,
  renderApprovalTable,
  type Plan,
} from './plan.js';
import type { Session } from './session.js';
import type { MainContext } from './context.js';
import { openSession } from './session.js';

/** Builds the plan as `rotate` would see it now: used by both commands. */
export async function computePlan(
  ctx: MainContext,
  settings: Settings,
  session: Session,
): Promise<Plan> {
  const secrets: Record<string, string[]> = {};
  for (const g of settings.grants) {
    const vault = g.vault.name.toLowerCase();
    secrets[vault] ??= await plannedSecrets(
      ctx.rt,
      session.secretClient(g.vault.name),
      g.vault.name,
      settings,
    );
  }
  return buildPlan(
    settings,
    { objectId: session.principalId, type: settings.principalType },
    session.roles,
    secrets,
  );
}

export async function runPlan(ctx: MainContext, settings: Settings): Promise<void> {
  try {
    const session = await openSession(ctx.io, ctx.rt, settings);
    const plan = await computePlan(ctx, settings, session);
    const hash = planHash(plan);
    const table = renderApprovalTable(plan);
    ctx.io.setOutput(Outputs.Plan, canonicalJson(plan));
    ctx.io.setOutput(Outputs.PlanHash, hash);
    ctx.io.setOutput(Outputs.ApprovalTable, table);
    const body = `### Just-in-time access plan\n\nPlan hash: \`${hash}\`\n\n${table}`;
    await ctx.io.appendSummary(body);
    if (settings.githubToken) {
      const { upsertPlanComment } = await import('./github.js');
      await upsertPlanComment(
        settings.githubToken,
        body,
        ctx.rt.log,
        Object.keys(plan.secrets).sort().join(','),
      );
    }
    ctx.rt.log.info(
      `Plan ${hash}: ${plan.grants.length} grant(s), ${Object.values(plan.secrets).flat().length} secret(s) to rotate.`,
    );
  } catch (err) {
    ctx.io.setFailed(`Plan failed: ${describeError(err)}`);
  }
}
