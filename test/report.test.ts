import { describe, expect, it } from 'vitest';
import type { GrantRecord } from '../src/grants.js';
import {
  countRotations,
  renderGrantTable,
  renderRotationTable,
  renderSummary,
  renderTimeline,
  timingsJson,
  type RunResult,
  type Timings,
} from '../src/report.js';
import type { RotationRecord } from '../src/rotation.js';

const T0 = Date.parse('2025-03-01T10:00:00Z');

/** Splits a table row the way GFM does: on every pipe not preceded by a backslash. */
function gfmCells(line: string): string[] {
  return line
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim());
}

/** The data rows of the first table in `text`, as cells. */
function tableRows(text: string): string[][] {
  return text
    .split('\n')
    .filter((l) => l.startsWith('|'))
    .slice(2)
    .map(gfmCells);
}

function rotation(
  secret: string,
  status: RotationRecord['status'],
  extra: Partial<RotationRecord> = {},
): RotationRecord {
  return { vault: 'kv-prod', secret, status, ...extra };
}

function grantRecord(overrides: Partial<GrantRecord> = {}): GrantRecord {
  return {
    mode: 'rbac',
    id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-prod/providers/Microsoft.Authorization/roleAssignments/a',
    name: 'a',
    scope: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-prod',
    vaultName: 'kv-prod',
    roleDefinitionId: '/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/r',
    roleName: 'Key Vault Secrets Officer',
    principalId: 'p1',
    principalType: 'ServicePrincipal',
    owned: true,
    status: 'removed',
    requestedAt: '2025-03-01T10:00:00.000Z',
    createdAt: '2025-03-01T10:00:01.000Z',
    removedAt: '2025-03-01T10:05:00.000Z',
    verifiedGone: true,
    propagationSeconds: 12.345,
    ...overrides,
  };
}

function result(overrides: Partial<RunResult> = {}): RunResult {
  return {
    schemaVersion: 1,
    command: 'rotate',
    outcome: 'succeeded',
    dryRun: false,
    repository: 'owner/repo',
    runId: '1',
    runAttempt: '1',
    runUrl: 'https://github.com/owner/repo/actions/runs/1',
    actor: 'octocat',
    approvers: [],
    grants: [grantRecord()],
    rotations: [rotation('api-key', 'rotated')],
    counts: { listed: 3, filteredOut: 1, rotated: 1, restored: 0, skipped: 1, failed: 0 },
    timings: {},
    errors: [],
    ...overrides,
  };
}

describe('renderTimeline', () => {
  const all: Timings = {
    startedAt: T0,
    grantedAt: T0 + 2000,
    accessAt: T0 + 30_000,
    rotationStartedAt: T0 + 30_000,
    rotationFinishedAt: T0 + 45_000,
    revokeStartedAt: T0 + 45_000,
    revokedAt: T0 + 47_000,
    accessEndedAt: T0 + 60_000,
  };

  const cases: { name: string; timings: Timings; want: string[] }[] = [
    { name: 'nothing happened', timings: { startedAt: T0 }, want: [] },
    {
      name: 'every phase',
      timings: all,
      want: [
        'Create role assignment',
        'Wait for RBAC propagation',
        'Rotate secrets',
        'Delete and verify',
        'Lingering data-plane access',
      ],
    },
    {
      name: 'a dry run: no grant, only the rotation phase',
      timings: { startedAt: T0, rotationStartedAt: T0 + 10, rotationFinishedAt: T0 + 500 },
      want: ['Rotate secrets'],
    },
    {
      name: 'granted but failed before access',
      timings: {
        startedAt: T0,
        grantedAt: T0 + 2000,
        revokeStartedAt: T0 + 3000,
        revokedAt: T0 + 4000,
      },
      want: ['Create role assignment', 'Delete and verify'],
    },
    {
      name: 'a revoke that started but never finished is left out',
      timings: { startedAt: T0, grantedAt: T0 + 2000, revokeStartedAt: T0 + 3000 },
      want: ['Create role assignment'],
    },
  ];

  it.each(cases)('$name', ({ timings, want }) => {
    const text = renderTimeline(timings);
    const tasks = text
      .split('\n')
      .filter((l) => /^ {2}\S.* :/.test(l))
      .map((l) => l.trim().split(' :')[0]);

    expect(tasks).toEqual(want);
    if (want.length === 0) expect(text).toBe('');
  });

  it('is a mermaid gantt on a millisecond axis', () => {
    const lines = renderTimeline(all).split('\n');

    expect(lines.slice(0, 5)).toEqual([
      '```mermaid',
      'gantt',
      '  title Just-in-time access timeline',
      '  dateFormat x',
      '  axisFormat %H:%M:%S',
    ]);
    expect(lines).toContain('  section Grant');
    expect(lines).toContain(`  Create role assignment :done, ${T0}, ${T0 + 2000}`);
    expect(lines).toContain(`  Rotate secrets :${T0 + 30_000}, ${T0 + 45_000}`);
    expect(lines).toContain(`  Lingering data-plane access :crit, ${T0 + 47_000}, ${T0 + 60_000}`);
    expect(lines.at(-2)).toBe('```');
  });

  it('gives a phase of no length one millisecond so it still shows', () => {
    const text = renderTimeline({
      startedAt: T0,
      rotationStartedAt: T0 + 5,
      rotationFinishedAt: T0 + 5,
    });
    expect(text).toContain(`  Rotate secrets :${T0 + 5}, ${T0 + 6}`);
  });

  it('rounds fractional times to whole milliseconds', () => {
    const text = renderTimeline({ startedAt: T0, grantedAt: T0 + 1234.6 });
    expect(text).toContain(`  Create role assignment :done, ${T0}, ${T0 + 1235}`);
  });
});

describe('renderRotationTable', () => {
  it('lists failures first, then skips, then the rest', () => {
    const records = [
      rotation('a', 'rotated', { version: 'v1', rotatedAt: '2025-03-01T10:00:31Z' }),
      rotation('b', 'skipped', { reason: 'deadline near' }),
      rotation('c', 'failed', { reason: 'HTTP 409 Conflict' }),
      rotation('d', 'rotated'),
      rotation('e', 'failed'),
    ];
    const rows = tableRows(renderRotationTable(records));

    expect(rows.map((r) => r[0])).toEqual(['c', 'e', 'b', 'a', 'd']);
    expect(rows[0]).toEqual(['c', 'kv-prod', 'failed: HTTP 409 Conflict', '', '']);
    expect(rows[3]).toEqual(['a', 'kv-prod', 'rotated', 'v1', '2025-03-01T10:00:31Z']);
  });

  const cutCases = [
    { name: 'none', count: 0, wantRows: 0, wantNote: undefined },
    { name: 'exactly 300', count: 300, wantRows: 300, wantNote: undefined },
    { name: '301', count: 301, wantRows: 300, wantNote: '1 more rows' },
    { name: '5,000', count: 5000, wantRows: 300, wantNote: '4700 more rows' },
  ];

  it.each(cutCases)('cuts at 300 rows with a note: $name', ({ count, wantRows, wantNote }) => {
    const records = Array.from({ length: count }, (_, i) => rotation(`s${i}`, 'rotated'));
    const text = renderRotationTable(records);

    expect(tableRows(text)).toHaveLength(wantRows);
    if (wantNote)
      expect(text).toContain(`${wantNote} are in the \`rotations\` output and the audit file.`);
    else expect(text).not.toContain('more rows');
  });

  it('never cuts off a failure, however many rotated before it', () => {
    const records = [
      ...Array.from({ length: 400 }, (_, i) => rotation(`ok${i}`, 'rotated')),
      rotation('broken', 'failed', { reason: 'HTTP 500' }),
    ];
    const rows = tableRows(renderRotationTable(records));

    expect(rows[0]?.[0]).toBe('broken');
  });

  it('escapes hostile secret names and reasons', () => {
    const text = renderRotationTable([
      rotation('a|b', 'failed', { reason: '<script>x</script>\nnext' }),
    ]);
    const rows = tableRows(text);

    expect(rows).toHaveLength(1);
    expect(rows[0]).toHaveLength(5);
    expect(text).not.toContain('<script>');
  });
});

describe('renderGrantTable', () => {
  const cases: { name: string; grant: GrantRecord; want: string[] }[] = [
    {
      name: 'removed and verified',
      grant: grantRecord(),
      want: [
        'Key Vault Secrets Officer',
        grantRecord().scope,
        'p1',
        '2025-03-01T10:00:01.000Z',
        '2025-03-01T10:05:00.000Z (verified)',
        '12.3',
      ],
    },
    {
      name: 'pre-existing is left in place',
      grant: grantRecord({
        owned: false,
        status: 'pre-existing',
        verifiedGone: false,
        propagationSeconds: undefined,
      }),
      want: [
        'Key Vault Secrets Officer',
        grantRecord().scope,
        'p1',
        'pre-existing (not created by this run)',
        'left in place',
        '',
      ],
    },
    {
      name: 'unverified with an error says NOT REMOVED',
      grant: grantRecord({
        verifiedGone: false,
        status: 'remove-failed',
        error: 'HTTP 500',
        removedAt: undefined,
      }),
      want: [
        'Key Vault Secrets Officer',
        grantRecord().scope,
        'p1',
        '2025-03-01T10:00:01.000Z',
        'NOT REMOVED: HTTP 500',
        '12.3',
      ],
    },
    {
      name: 'unverified without an error shows the status',
      grant: grantRecord({
        verifiedGone: false,
        status: 'active',
        removedAt: undefined,
        createdAt: undefined,
      }),
      want: [
        'Key Vault Secrets Officer',
        grantRecord().scope,
        'p1',
        '',
        'NOT REMOVED: active',
        '12.3',
      ],
    },
  ];

  it.each(cases)('$name', ({ grant, want }) => {
    expect(tableRows(renderGrantTable([grant]))).toEqual([want]);
  });

  it('has a row per grant', () => {
    const grants = [
      grantRecord(),
      grantRecord({ principalId: 'p2' }),
      grantRecord({ principalId: 'p3' }),
    ];
    expect(tableRows(renderGrantTable(grants)).map((r) => r[2])).toEqual(['p1', 'p2', 'p3']);
  });
});

describe('renderSummary', () => {
  const hostile = [
    'line one\n## injected heading\n- injected item',
    '<script>alert(1)</script>',
    '| fake | table |',
    '`code` **bold** [link](https://evil)',
    'carriage\rreturn',
  ];

  it.each(hostile)('keeps each error on one escaped line: %j', (error) => {
    const text = renderSummary(result({ errors: [error, 'second'] }), { startedAt: T0 });
    const errors = text.slice(text.indexOf('**Errors**'));
    const items = errors.split('\n').filter((l) => l.startsWith('- '));

    expect(items).toHaveLength(2);
    expect(text).not.toContain('<script>');
    expect(text).not.toMatch(/^#+ injected/m);
    expect(text).not.toContain('\r');
    expect(items[0]).not.toMatch(/(?<!\\)[|`*[]/);
  });

  const headlineCases = [
    {
      name: 'a rotation',
      result: result(),
      want: '### Key Vault secret rotation: succeeded\n\n1 rotated, 1 skipped, 0 failed of 3 listed (1 not selected).',
    },
    {
      name: 'a dry run',
      result: result({ dryRun: true }),
      want: '### Key Vault secret rotation: succeeded (dry run)',
    },
    {
      name: 'a rollback counts restores',
      result: result({
        command: 'rollback',
        outcome: 'failed',
        counts: { listed: 2, filteredOut: 0, rotated: 0, restored: 2, skipped: 0, failed: 0 },
      }),
      want: '### Key Vault secret rollback: failed\n\n2 restored, 0 skipped',
    },
    {
      name: 'propagation and linger',
      result: result({ propagationSeconds: 27.25, lingerSeconds: 3 }),
      want: 'Access took 27.3 s to propagate.',
    },
    {
      name: 'linger',
      result: result({ lingerSeconds: 3 }),
      want: 'Access lingered 3.0 s after the revoke.',
    },
    {
      name: 'approvers, with markup stripped',
      result: result({ approvers: ['alice', 'b<o>b|`*_[x]'] }),
      want: 'Approved by alice, bobx.',
    },
    {
      name: 'the plan hash, shortened',
      result: result({ planHash: 'abcdef0123456789'.repeat(4) }),
      want: 'Matches approved plan abcdef012345.',
    },
  ];

  it.each(headlineCases)('headline: $name', ({ result: r, want }) => {
    expect(renderSummary(r, { startedAt: T0 })).toContain(want);
  });

  it('has no errors section when there were none', () => {
    expect(renderSummary(result(), { startedAt: T0 })).not.toContain('**Errors**');
  });

  it('holds the timeline, the rotations and the grants in that order', () => {
    const text = renderSummary(result(), { startedAt: T0, grantedAt: T0 + 1000 });
    const order = ['```mermaid', '#### Rotations', '#### Grants'].map((s) => text.indexOf(s));

    expect(order.every((i) => i >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });
});

describe('countRotations', () => {
  const cases = [
    { name: 'none', records: [], want: { rotated: 0, restored: 0, skipped: 0, failed: 0 } },
    {
      name: 'each status, started not counted',
      records: [
        rotation('a', 'rotated'),
        rotation('b', 'rotated'),
        rotation('c', 'restored'),
        rotation('d', 'skipped'),
        rotation('e', 'failed'),
        rotation('f', 'started'),
      ],
      want: { rotated: 2, restored: 1, skipped: 1, failed: 1 },
    },
  ];

  it.each(cases)('$name', ({ records, want }) => {
    expect(countRotations(records)).toEqual(want);
  });
});

describe('timingsJson', () => {
  const cases: {
    name: string;
    timings: Timings;
    want: Record<string, string | number | undefined>;
  }[] = [
    {
      name: 'only a start',
      timings: { startedAt: T0 },
      want: {
        startedAt: '2025-03-01T10:00:00.000Z',
        grantedAt: undefined,
        accessAt: undefined,
        rotationStartedAt: undefined,
        rotationFinishedAt: undefined,
        revokedAt: undefined,
        accessEndedAt: undefined,
        finishedAt: undefined,
        rotationSeconds: undefined,
        totalSeconds: undefined,
      },
    },
    {
      name: 'a whole run',
      timings: {
        startedAt: T0,
        grantedAt: T0 + 1000,
        accessAt: T0 + 20_000,
        rotationStartedAt: T0 + 20_000,
        rotationFinishedAt: T0 + 32_345.6,
        revokeStartedAt: T0 + 33_000,
        revokedAt: T0 + 34_000,
        accessEndedAt: T0 + 40_000,
        finishedAt: T0 + 41_500,
      },
      want: {
        startedAt: '2025-03-01T10:00:00.000Z',
        grantedAt: '2025-03-01T10:00:01.000Z',
        accessAt: '2025-03-01T10:00:20.000Z',
        rotationStartedAt: '2025-03-01T10:00:20.000Z',
        rotationFinishedAt: '2025-03-01T10:00:32.345Z',
        revokedAt: '2025-03-01T10:00:34.000Z',
        accessEndedAt: '2025-03-01T10:00:40.000Z',
        finishedAt: '2025-03-01T10:00:41.500Z',
        rotationSeconds: 12.346,
        totalSeconds: 41.5,
      },
    },
  ];

  it.each(cases)('$name', ({ timings, want }) => {
    expect(timingsJson(timings)).toEqual(want);
  });

  it('survives JSON without losing the times', () => {
    const json = JSON.parse(JSON.stringify(timingsJson({ startedAt: T0, finishedAt: T0 + 2000 })));
    expect(json).toEqual({
      startedAt: '2025-03-01T10:00:00.000Z',
      finishedAt: '2025-03-01T10:00:02.000Z',
      totalSeconds: 2,
    });
  });
});
