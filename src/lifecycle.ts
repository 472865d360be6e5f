/**
 * The main step: validate, sign in, grant, wait for access, rotate, revoke,
 * verify, report. Whatever fails part-way, every grant this run made is
 * removed before the step ends (and the post step checks again).
 */
import type { SecretClient } from '@azure/keyvault-secrets';
import { measureLinger, waitForAccess } from './access.js';
import { ActionError, describeError, InputError } from './errors.js';
import {
  createGrant,
  newGrantRecord,
  revokeGrant,
  type GrantContext,
  type GrantRecord,
  type RunIdentity,
} from './grants.js';
import { computePlan, runPlan } from './plan-command.js';
import { runSweep } from './sweep.js';
import { describePlanDifference, planHash, type Plan } from './plan.js';
import { openSession, type Session } from './session.js';
import { readSettings, type Settings } from './inputs.js';
import type { ActionIO } from './io.js';
import { Journal } from './journal.js';
import { collectGarbage } from './heap.js';
import { runIdentity, type MainContext } from './context.js';
import { Inputs, Outputs, State } from './names.js';
import { VaultPacer } from './pacer.js';
import {
  countRotations,
  renderSummary,
  timingsJson,
  type RunResult,
  type Timings,
} from './report.js';
import type { ResolvedRole } from './roles.js';
import { rollbackVault } from './rollback.js';
import { rotateVault, type RotationRecord } from './rotation.js';
import type { Runtime } from './runtime.js';
import { join } from 'node:path';
import { tempDir } from './io.js';

/**
 * No new write starts this close to the grant's deadline, so the revoke (and
 * its verification) happens while the grant is still this run's to remove:
 * a tenth of the grant's life, at least 10 seconds and at most 5 minutes.
 */
export function safetyMargin(grantDurationMs: number): number {
  return Math.min(5 * 60_000, Math.max(10_000, grantDurationMs / 10));
}

export async function runMain(ctx: MainContext): Promise<void> {
  let settings: Settings;
  try {
    settings = readSettings((name) => ctx.io.getInput(name));
  } catch (err) {
    // Nothing has touched Azure yet: fail with the input's own message.
    ctx.io.setFailed(describeError(err));
    return;
  }
  // GitHub masks its own tokens, but a token passed another way may not be.
  if (settings.githubToken) ctx.io.setSecret(settings.githubToken);
  if (settings.command === 'plan') await runPlan(ctx, settings);
  else if (settings.command === 'sweep') await runSweep(ctx, settings);
  else await new RotationRun(ctx, settings).execute();
}

class RotationRun {
  private readonly run: RunIdentity;
  private readonly timings: Timings;
  private readonly grants: GrantRecord[] = [];
  private readonly rotations: RotationRecord[] = [];
  private readonly errors: string[] = [];
  private listed = 0;
  private filteredOut = 0;
  private session?: Session;
  /** Lower-case secret names of the approved plan, when a plan hash was given. */
  private approvedNames?: Set<string>;
  private approvers: string[] = [];
  private journal: Journal;
  private propagationSeconds?: number;
  private lingerSeconds?: number;
  private readonly deadlineMs: number;

  constructor(
    private readonly ctx: MainContext,
    private readonly settings: Settings,
  ) {
    this.run = runIdentity(ctx.io.env);
    this.timings = { startedAt: ctx.rt.now() };
    this.deadlineMs = this.timings.startedAt + settings.grantDurationMs;
    const journalPath = join(
      tempDir(ctx.io.env),
      `rotations-${this.run.runId}-${this.run.runAttempt}.jsonl`,
    );
    this.journal = new Journal(journalPath);
    ctx.io.saveState(State.Journal, journalPath);
  }

  async execute(): Promise<void> {
    try {
      const roles = await this.prepare();
      if (this.settings.dryRun) {
        await this.rotateAll(true);
      } else {
        await this.grantAll(roles);
        await this.rotateAll(false);
      }
    } catch (err) {
      this.errors.push(describeError(err));
      if (err instanceof InputError) this.ctx.rt.log.warning(err.message);
    } finally {
      await this.revokeAll();
    }
    await this.report();
  }

  private get log() {
    return this.ctx.rt.log;
  }

  /**
   * Reads only: sign in, resolve roles, check the approved plan and who
   * approved. Anything wrong here fails before any grant.
   */
  private async prepare(): Promise<ResolvedRole[]> {
    const s = this.settings;
    this.session = await openSession(this.ctx.io, this.ctx.rt, s);
    const roles = this.session.roles;
    this.log.info(
      `Plan: ${s.grants.map((g, i) => `${roles[i]?.roleName} on ${g.vault.name}`).join('; ')} for principal ${this.session.principalId}.`,
    );
    if (s.expectedPlanHash) await this.checkApprovedPlan(s.expectedPlanHash);
    if (s.githubToken) await this.recordApprovers(s.githubToken);
    return roles;
  }

  /** The plan computed now must be the one a human approved, or nothing is granted. */
  private async checkApprovedPlan(expectedHash: string): Promise<void> {
    const plan = await computePlan(this.ctx, this.settings, this.session as Session);
    const hash = planHash(plan);
    if (hash !== expectedHash) {
      const differences = this.describeDifferences(plan);
      throw new ActionError(
        `Refusing to elevate: the plan computed now (${hash}) differs from the approved plan (${expectedHash}). ${differences} Run the plan job again and have it approved.`,
      );
    }
    this.approvedNames = new Set(Object.entries(plan.secrets).flatMap(([, names]) => names));
    this.log.info(`The plan matches the approved plan ${hash}.`);
  }

  private describeDifferences(current: Plan): string {
    const approvedText = this.settings.expectedPlan;
    if (!approvedText)
      return `Pass the plan job's plan output as ${Inputs.ExpectedPlan} to see what differs.`;
    try {
      const approved = JSON.parse(approvedText) as Plan;
      if (planHash(approved) !== this.settings.expectedPlanHash)
        return `(${Inputs.ExpectedPlan} does not match ${Inputs.ExpectedPlanHash} either.)`;
      return `What differs: ${describePlanDifference(approved, current).join('; ')}.`;
    } catch {
      return `(${Inputs.ExpectedPlan} is not valid JSON.)`;
    }
  }

  private async recordApprovers(token: string): Promise<void> {
    // Octokit loads only when a token asks for it.
    const { readApprovals } = await import('./github.js');
    const approvals = await readApprovals(token, this.log);
    this.approvers = approvals.filter((a) => a.state === 'approved').map((a) => a.login);
    if (this.approvers.length) this.log.info(`Approved by: ${this.approvers.join(', ')}.`);
  }

  private grantContext(): GrantContext {
    return {
      rt: this.ctx.rt,
      client: (this.session as Session).arm,
      run: this.run,
      persist: () => this.persist(),
    };
  }

  private persist(): void {
    this.ctx.io.saveState(State.Grants, JSON.stringify(this.grants));
  }

  private async grantAll(roles: ResolvedRole[]): Promise<void> {
    const s = this.settings;
    const deadline = new Date(this.deadlineMs);
    await this.log.group('Grant temporary access', async () => {
      for (const [i, g] of s.grants.entries()) {
        if (this.ctx.signal.aborted) throw new Error('Cancelled before every grant was made');
        const request = {
          role: roles[i] as ResolvedRole,
          vault: g.vault,
          principalId: (this.session as Session).principalId,
          principalType: s.principalType,
          justification: s.justification,
          approvers: this.approvers,
          deadline,
          deadlineMs: this.ctx.rt.now() + s.propagationTimeoutMs,
          mode: s.assignmentMode,
        };
        const record = newGrantRecord(this.run, request, new Date(this.ctx.rt.now()));
        this.grants.push(record);
        await createGrant(this.grantContext(), request, record);
        this.log.info(
          `${record.status === 'pre-existing' ? 'Found existing' : 'Granted'} ${record.roleName} on ${record.vaultName}: ${record.id}`,
        );
      }
    });
    this.timings.grantedAt = this.ctx.rt.now();
  }

  /** Every vault in the plan, once, in the order given. */
  private vaults() {
    const seen = new Map<string, Settings['grants'][number]['vault']>();
    for (const g of this.settings.grants) seen.set(g.vault.id.toLowerCase(), g.vault);
    return [...seen.values()];
  }

  private secretClient(vaultName: string): SecretClient {
    return (this.session as Session).secretClient(vaultName);
  }

  private async rotateAll(dryRun: boolean): Promise<void> {
    for (const vault of this.vaults()) {
      if (this.ctx.signal.aborted) break;
      const client = this.secretClient(vault.name);
      if (!dryRun)
        await this.log.group(`Wait for access to ${vault.name}`, () =>
          this.awaitAccess(client, vault.name),
        );
      this.timings.rotationStartedAt ??= this.ctx.rt.now();
      await this.log.group(`${dryRun ? 'List' : 'Rotate'} secrets in ${vault.name}`, () =>
        this.rotateOneVault(client, vault.name, dryRun),
      );
      this.timings.rotationFinishedAt = this.ctx.rt.now();
    }
  }

  private async awaitAccess(client: SecretClient, vaultName: string): Promise<void> {
    const grantedAt = this.timings.grantedAt ?? this.ctx.rt.now();
    const waited = await waitForAccess(
      this.ctx.rt,
      client,
      vaultName,
      grantedAt,
      grantedAt + this.settings.propagationTimeoutMs,
      this.ctx.signal,
    );
    this.timings.accessAt = this.ctx.rt.now();
    this.propagationSeconds = Math.max(this.propagationSeconds ?? 0, waited.seconds);
    for (const g of this.grants)
      if (g.vaultName === vaultName) g.propagationSeconds = waited.seconds;
    this.persist();
    this.log.info(
      `Access to ${vaultName} works after ${waited.seconds.toFixed(1)} s (${waited.probes} probes).`,
    );
  }

  private async rotateOneVault(
    client: SecretClient,
    vaultName: string,
    dryRun: boolean,
  ): Promise<void> {
    const s = this.settings;
    if (s.command === 'rollback') return this.rollbackOneVault(client, vaultName);
    const progress = new Progress(this.ctx.rt, vaultName);
    const result = await rotateVault({
      rt: this.ctx.rt,
      client,
      vaultName,
      pacer: new VaultPacer(s.vaultRequestRate, this.ctx.rt.now, this.ctx.rt.sleeper),
      selection: s.selection,
      secretLength: s.secretLength,
      secretAlphabet: s.secretAlphabet,
      secretExpiresInMs: s.secretExpiresInMs,
      maxConcurrency: s.maxConcurrency,
      propagationDeadlineMs: (this.timings.grantedAt ?? this.ctx.rt.now()) + s.propagationTimeoutMs,
      writeDeadlineMs: this.deadlineMs - safetyMargin(s.grantDurationMs),
      journal: this.journal,
      signal: this.ctx.signal,
      dryRun,
      approvedNames: this.approvedNames,
      alreadyRotated: alreadyRotated(s, vaultName),
      onRecord: (r) => progress.tick(r),
      onListed: (selected, complete) => progress.listed(selected, complete),
    });
    progress.done();
    this.rotations.push(...result.records);
    this.listed += result.listed;
    this.filteredOut += result.filteredOut;
    if (result.listError)
      this.errors.push(`Listing the secrets of ${vaultName} failed part-way: ${result.listError}`);
    const late = result.records.filter((r) => r.reason?.startsWith('not started')).length;
    if (late) {
      this.errors.push(
        `${late} secret(s) in ${vaultName} were not started because the grant's deadline (${new Date(this.deadlineMs).toISOString()}) was near; run again with resume-from set to this run's rotations output`,
      );
    }
  }

  private async rollbackOneVault(client: SecretClient, vaultName: string): Promise<void> {
    const s = this.settings;
    const records = await rollbackVault({
      rt: this.ctx.rt,
      client,
      vaultName,
      pacer: new VaultPacer(s.vaultRequestRate, this.ctx.rt.now, this.ctx.rt.sleeper),
      propagationDeadlineMs: (this.timings.grantedAt ?? this.ctx.rt.now()) + s.propagationTimeoutMs,
      records: s.rollbackFrom ?? [],
      journal: this.journal,
      signal: this.ctx.signal,
    });
    this.rotations.push(...records);
    this.listed += records.length;
  }

  private async revokeAll(): Promise<void> {
    const owned = this.grants.filter((g) => g.owned);
    if (owned.length === 0 || !this.session) return;
    this.timings.revokeStartedAt = this.ctx.rt.now();
    await this.log.group('Revoke and verify', async () => {
      for (const g of owned) {
        await revokeGrant(this.grantContext(), g);
        if (g.verifiedGone) this.log.info(`Removed and verified gone: ${g.id}`);
        else this.errors.push(`Could not verify that ${g.id} was removed: ${g.error ?? g.status}`);
      }
    });
    this.timings.revokedAt = this.ctx.rt.now();
    if (owned.every((g) => g.verifiedGone)) this.ctx.io.saveState(State.Revoked, 'true');
    await this.measureLingering();
  }

  /** Only meaningful where this run's grant was the identity's only way in. */
  private async measureLingering(): Promise<void> {
    const self = this.session?.identity.objectId;
    const revokedAt = this.timings.revokedAt as number;
    for (const vault of this.vaults()) {
      const grants = this.grants.filter((g) => g.vaultName === vault.name);
      if (
        !grants.length ||
        grants.some((g) => !g.owned || !g.verifiedGone || g.principalId !== self)
      )
        continue;
      const seconds = await measureLinger(
        this.ctx.rt,
        this.secretClient(vault.name),
        vault.name,
        revokedAt,
        this.settings.lingerTimeoutMs,
      );
      for (const g of grants) g.lingerSeconds = seconds;
      if (seconds !== undefined) this.lingerSeconds = Math.max(this.lingerSeconds ?? 0, seconds);
      else
        this.log.warning(
          `Access to ${vault.name} still worked ${Math.round(this.settings.lingerTimeoutMs / 1000)} s after the revoke; Azure will end it as the removal propagates.`,
        );
    }
    this.timings.accessEndedAt =
      this.lingerSeconds === undefined ? undefined : revokedAt + this.lingerSeconds * 1000;
  }

  private async report(): Promise<void> {
    this.timings.finishedAt = this.ctx.rt.now();
    const counts = {
      listed: this.listed,
      filteredOut: this.filteredOut,
      ...countRotations(this.rotations),
    };
    const failed =
      this.errors.length > 0 ||
      counts.failed > 0 ||
      this.grants.some((g) => g.owned && !g.verifiedGone);
    const result: RunResult = {
      schemaVersion: 1,
      command: this.settings.command === 'rollback' ? 'rollback' : 'rotate',
      outcome: this.ctx.signal.aborted ? 'cancelled' : failed ? 'failed' : 'succeeded',
      dryRun: this.settings.dryRun,
      ...this.run,
      actor: this.ctx.io.env.GITHUB_ACTOR ?? '',
      principalId: this.session?.principalId,
      approvers: this.approvers,
      planHash: this.settings.expectedPlanHash,
      grants: this.grants,
      rotations: this.rotations,
      counts,
      timings: timingsJson(this.timings),
      propagationSeconds: this.propagationSeconds,
      lingerSeconds: this.lingerSeconds,
      errors: this.errors,
    };
    await writeReport(this.ctx.io, result, this.timings, (m) => this.log.warning(m));
    if (result.outcome !== 'succeeded') this.ctx.io.setFailed(failureMessage(result));
  }
}

/** Lower-case names that `resume-from` says were rotated in this vault already. */
function alreadyRotated(s: Settings, vaultName: string): Set<string> | undefined {
  if (!s.resumeFrom) return undefined;
  const vault = vaultName.toLowerCase();
  return new Set(
    s.resumeFrom
      .filter((r) => r.status === 'rotated' && r.vault.toLowerCase() === vault)
      .map((r) => r.secret.toLowerCase()),
  );
}

function failureMessage(r: RunResult): string {
  const parts = [...r.errors];
  if (r.counts.failed) parts.push(`${r.counts.failed} secret(s) failed to rotate`);
  if (r.outcome === 'cancelled') parts.push('the run was cancelled');
  return `Rotation ${r.outcome}: ${parts.join('; ')}`;
}

/**
 * GitHub caps a step output at 1 MB. Past this, the outputs keep only what
 * needs attention (failed and skipped secrets) and point at the audit file,
 * which always has every record.
 */
const MAX_OUTPUT_CHARS = 900_000;

function boundedRotations(
  result: RunResult,
  auditPath: string,
  warn: (m: string) => void,
): { rotations: string; result: string } {
  const full = JSON.stringify(result.rotations);
  if (full.length <= MAX_OUTPUT_CHARS) return { rotations: full, result: JSON.stringify(result) };
  const attention = result.rotations.filter((r) => r.status === 'failed' || r.status === 'skipped');
  warn(
    `The rotations output would exceed GitHub's 1 MB output limit: it lists only the ${attention.length} failed or skipped secret(s); every record is in ${auditPath}.`,
  );
  return {
    rotations: JSON.stringify(attention),
    result: JSON.stringify({
      ...result,
      rotations: attention,
      rotationsTruncated: true,
      auditFile: auditPath,
    }),
  };
}

/** Outputs, audit file and step summary; each written even if another fails. */
export async function writeReport(
  io: ActionIO,
  result: RunResult,
  timings: Timings,
  warn: (m: string) => void = () => undefined,
): Promise<void> {
  const audit = io.writeTempFile(
    `audit-${result.runId}-${result.runAttempt}.json`,
    JSON.stringify(result, null, 2),
  );
  const bounded = boundedRotations(result, audit, warn);
  io.setOutput(Outputs.Rotations, bounded.rotations);
  io.setOutput(Outputs.Assignments, JSON.stringify(result.grants));
  io.setOutput(Outputs.Result, bounded.result);
  io.setOutput(Outputs.AuditFile, audit);
  try {
    await io.appendSummary(renderSummary(result, timings));
  } catch (err) {
    io.setFailed(`Failed to write the step summary: ${describeError(err)}`);
  }
}

/** Secrets between full collections (see heap.ts): about 2.5 s of work at full pace. */
const COLLECT_EVERY = 500;

/** Progress on long work: rotated so far, rate and time left, every 10 seconds. */
export class Progress {
  private handled = 0;
  private selected = 0;
  private listingComplete = false;
  private readonly started: number;
  private lastLog: number;

  constructor(
    private readonly rt: Runtime,
    private readonly vaultName: string,
  ) {
    this.started = rt.now();
    this.lastLog = this.started;
  }

  listed(selected: number, complete: boolean): void {
    this.selected = selected;
    this.listingComplete = complete;
  }

  tick(_record: RotationRecord): void {
    this.handled++;
    if (this.handled % COLLECT_EVERY === 0) collectGarbage();
    const now = this.rt.now();
    if (now - this.lastLog < 10_000) return;
    this.lastLog = now;
    const rate = this.handled / Math.max(0.001, (now - this.started) / 1000);
    this.rt.log.info(
      `${this.vaultName}: ${this.handled} of ${this.selected} selected secrets handled${this.remaining(rate)}, ${rate.toFixed(0)}/s`,
    );
  }

  /** Time left once the total is known; while listing, only that it goes on. */
  private remaining(rate: number): string {
    if (!this.listingComplete) return ' (still listing)';
    const seconds = (this.selected - this.handled) / Math.max(rate, 0.001);
    return `, about ${Math.ceil(seconds)} s left`;
  }

  done(): void {
    const seconds = (this.rt.now() - this.started) / 1000;
    this.rt.log.info(
      `${this.vaultName}: ${this.handled} secrets handled in ${seconds.toFixed(1)} s`,
    );
  }
}
