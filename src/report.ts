/**
 * The run's record, in three forms: the step summary (a timeline, then the
 * rotation and grant tables), JSON outputs, and an audit file. None of them
 * ever holds a secret value: only names, versions, times and outcomes.
 */
import type { GrantRecord } from './grants.js';
import { escapeCell, escapeMermaidLabel, renderTable } from './markdown.js';
import type { RotationRecord } from './rotation.js';

export interface Timings {
  startedAt: number;
  grantedAt?: number;
  accessAt?: number;
  rotationStartedAt?: number;
  rotationFinishedAt?: number;
  revokeStartedAt?: number;
  revokedAt?: number;
  accessEndedAt?: number;
  finishedAt?: number;
}

export interface RunResult {
  schemaVersion: 1;
  command: 'rotate' | 'rollback';
  outcome: 'succeeded' | 'failed' | 'cancelled';
  dryRun: boolean;
  repository: string;
  runId: string;
  runAttempt: string;
  runUrl: string;
  actor: string;
  principalId?: string;
  /** GitHub logins that approved the run's environment, when a token could read them. */
  approvers: string[];
  /** The approved plan's hash this run was checked against. */
  planHash?: string;
  grants: GrantRecord[];
  rotations: RotationRecord[];
  counts: {
    listed: number;
    filteredOut: number;
    rotated: number;
    restored: number;
    skipped: number;
    failed: number;
  };
  timings: Record<string, string | number | undefined>;
  propagationSeconds?: number;
  lingerSeconds?: number;
  errors: string[];
}

export function countRotations(records: RotationRecord[]): {
  rotated: number;
  restored: number;
  skipped: number;
  failed: number;
} {
  const count = (s: string) => records.filter((r) => r.status === s).length;
  return {
    rotated: count('rotated'),
    restored: count('restored'),
    skipped: count('skipped'),
    failed: count('failed'),
  };
}

export function timingsJson(t: Timings): Record<string, string | number | undefined> {
  const iso = (ms?: number) => (ms === undefined ? undefined : new Date(ms).toISOString());
  const span = (a?: number, b?: number) =>
    a === undefined || b === undefined ? undefined : Math.round(b - a) / 1000;
  return {
    startedAt: iso(t.startedAt),
    grantedAt: iso(t.grantedAt),
    accessAt: iso(t.accessAt),
    rotationStartedAt: iso(t.rotationStartedAt),
    rotationFinishedAt: iso(t.rotationFinishedAt),
    revokedAt: iso(t.revokedAt),
    accessEndedAt: iso(t.accessEndedAt),
    finishedAt: iso(t.finishedAt),
    rotationSeconds: span(t.rotationStartedAt, t.rotationFinishedAt),
    totalSeconds: span(t.startedAt, t.finishedAt),
  };
}

/** A Mermaid gantt chart of the phases that happened, on a millisecond axis. */
export function renderTimeline(t: Timings): string {
  const tasks: string[] = [];
  const add = (section: string, label: string, tag: string, from?: number, to?: number) => {
    if (from === undefined || to === undefined) return;
    tasks.push(
      `  section ${section}`,
      `  ${escapeMermaidLabel(label)} :${tag}${Math.round(from)}, ${Math.max(Math.round(to), Math.round(from) + 1)}`,
    );
  };
  add('Grant', 'Create role assignment', 'done, ', t.startedAt, t.grantedAt);
  add('Grant', 'Wait for RBAC propagation', 'active, ', t.grantedAt, t.accessAt);
  add('Rotate', 'Rotate secrets', '', t.rotationStartedAt, t.rotationFinishedAt);
  add('Revoke', 'Delete and verify', 'done, ', t.revokeStartedAt, t.revokedAt);
  add('Revoke', 'Lingering data-plane access', 'crit, ', t.revokedAt, t.accessEndedAt);
  if (tasks.length === 0) return '';
  return [
    '```mermaid',
    'gantt',
    '  title Just-in-time access timeline',
    '  dateFormat x',
    '  axisFormat %H:%M:%S',
    ...tasks,
    '```',
    '',
  ].join('\n');
}

/** Rows shown in the summary; the full list is in the outputs and audit file. */
const MAX_SUMMARY_ROWS = 300;

export function renderRotationTable(records: RotationRecord[]): string {
  // Failures first, then skips, so what needs attention is never cut off.
  const order = { failed: 0, skipped: 1, rotated: 2, restored: 2, started: 3 };
  const sorted = [...records].sort((a, b) => order[a.status] - order[b.status]);
  const rows = sorted
    .slice(0, MAX_SUMMARY_ROWS)
    .map((r) => [
      r.secret,
      r.vault,
      r.status + (r.reason ? `: ${r.reason}` : ''),
      r.version ?? '',
      r.rotatedAt ?? '',
    ]);
  const table = renderTable(['Secret', 'Vault', 'Status', 'Version', 'Rotated at (UTC)'], rows);
  const more =
    sorted.length > MAX_SUMMARY_ROWS
      ? `\n${sorted.length - MAX_SUMMARY_ROWS} more rows are in the \`rotations\` output and the audit file.\n`
      : '';
  return table + more;
}

export function renderGrantTable(grants: GrantRecord[]): string {
  const rows = grants.map((g) => [
    g.roleName,
    g.scope,
    g.principalId,
    g.owned ? (g.createdAt ?? '') : `pre-existing (not created by this run)`,
    g.owned
      ? g.verifiedGone
        ? `${g.removedAt ?? ''} (verified)`
        : `NOT REMOVED: ${g.error ?? g.status}`
      : 'left in place',
    g.propagationSeconds === undefined ? '' : g.propagationSeconds.toFixed(1),
  ]);
  return renderTable(['Role', 'Scope', 'Principal', 'Created', 'Removed', 'Propagation (s)'], rows);
}

export function renderSummary(result: RunResult, timings: Timings): string {
  const c = result.counts;
  const headline =
    `### Key Vault secret ${result.command === 'rollback' ? 'rollback' : 'rotation'}: ${result.outcome}${result.dryRun ? ' (dry run)' : ''}\n\n` +
    (result.command === 'rollback' ? `${c.restored} restored, ` : `${c.rotated} rotated, `) +
    `${c.skipped} skipped, ${c.failed} failed of ${c.listed} listed (${c.filteredOut} not selected).` +
    (result.propagationSeconds === undefined
      ? ''
      : ` Access took ${result.propagationSeconds.toFixed(1)} s to propagate.`) +
    (result.approvers.length
      ? ` Approved by ${result.approvers.join(', ').replace(/[<>|`*_[\]]/g, '')}.`
      : '') +
    (result.planHash ? ` Matches approved plan ${result.planHash.slice(0, 12)}.` : '') +
    (result.lingerSeconds === undefined
      ? ''
      : ` Access lingered ${result.lingerSeconds.toFixed(1)} s after the revoke.`) +
    '\n\n';
  const errors = result.errors.length
    ? `**Errors**\n\n${result.errors.map((e) => `- ${escapeCell(e)}`).join('\n')}\n\n`
    : '';
  return [
    headline,
    renderTimeline(timings),
    '\n#### Rotations\n\n',
    renderRotationTable(result.rotations),
    '\n#### Grants\n\n',
    renderGrantTable(result.grants),
    '\n',
    errors,
  ].join('');
}
