import { describe, expect, it } from 'vitest';
import {
  describeGrant,
  newGrantRecord,
  type GrantRequest,
  type RunIdentity,
} from '../src/grants.js';
import { DESCRIPTION_MARKER } from '../src/names.js';
import { recordedDeadline } from '../src/sweep.js';

const SUBSCRIPTION = '00000000-0000-0000-0000-000000000001';
const VAULT_ID = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-App/providers/Microsoft.KeyVault/vaults/kv-Prod`;
const DEADLINE = new Date('2025-06-01T12:30:00.000Z');

const run: RunIdentity = {
  repository: 'owner/repo',
  runId: '123456',
  runAttempt: '1',
  runUrl: 'https://github.com/owner/repo/actions/runs/123456',
};

function request(overrides: Partial<GrantRequest> = {}): GrantRequest {
  return {
    role: {
      guid: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7',
      definitionId: `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/b86a8fe4-44ce-4948-aee5-eccb2c155cd7`,
      roleName: 'Key Vault Secrets Officer',
      privileged: false,
    },
    vault: { id: VAULT_ID, subscriptionId: SUBSCRIPTION, resourceGroup: 'rg-App', name: 'kv-Prod' },
    principalId: '11111111-2222-3333-4444-555555555555',
    principalType: 'ServicePrincipal',
    justification: 'Scheduled secret rotation',
    deadline: DEADLINE,
    deadlineMs: DEADLINE.getTime(),
    mode: 'rbac',
    ...overrides,
  };
}

describe('recordedDeadline', () => {
  const cases = [
    {
      name: 'the format describeGrant writes',
      description: `${DESCRIPTION_MARKER} run=o/r/1 attempt=1 deadline=2025-06-01T12:30:00.000Z https://x`,
      want: '2025-06-01T12:30:00.000Z',
    },
    {
      name: 'without milliseconds',
      description: 'deadline=2025-06-01T12:30:00Z',
      want: '2025-06-01T12:30:00.000Z',
    },
    {
      name: 'at the very start',
      description: 'deadline=2030-01-01T00:00:00.000Z rest',
      want: '2030-01-01T00:00:00.000Z',
    },
    {
      name: 'the first one when a justification repeats it',
      description:
        'deadline=2025-06-01T12:30:00.000Z Justification: deadline=2099-01-01T00:00:00.000Z',
      want: '2025-06-01T12:30:00.000Z',
    },
    { name: 'undefined description', description: undefined, want: undefined },
    { name: 'empty description', description: '', want: undefined },
    {
      name: 'no deadline written',
      description: `${DESCRIPTION_MARKER} run=o/r/1 attempt=1`,
      want: undefined,
    },
    { name: 'a word, not a time', description: 'deadline=tomorrow', want: undefined },
    { name: 'a date without time', description: 'deadline=2025-06-01', want: undefined },
    {
      name: 'no Z (local time is ambiguous)',
      description: 'deadline=2025-06-01T12:30:00.000',
      want: undefined,
    },
    {
      name: 'an offset instead of Z',
      description: 'deadline=2025-06-01T12:30:00+02:00',
      want: undefined,
    },
    { name: 'month 13', description: 'deadline=2025-13-01T00:00:00.000Z', want: undefined },
    { name: 'hour 25', description: 'deadline=2025-06-01T25:00:00.000Z', want: undefined },
    { name: 'nonsense time digits', description: 'deadline=2025-06-01T::Z', want: undefined },
    {
      name: 'part of a longer word',
      description: 'nodeadline=2025-06-01T12:30:00.000Z',
      want: undefined,
    },
    {
      name: 'with spaces around =',
      description: 'deadline = 2025-06-01T12:30:00.000Z',
      want: undefined,
    },
  ];

  it.each(cases)('$name', ({ description, want }) => {
    expect(recordedDeadline(description)?.toISOString()).toBe(want);
  });

  const roundTrips = [
    {
      name: 'a plain deadline',
      deadline: DEADLINE,
      justification: 'Scheduled secret rotation',
      approvers: [],
    },
    {
      name: 'with milliseconds',
      deadline: new Date('2025-06-01T12:30:00.123Z'),
      justification: '',
      approvers: ['alice'],
    },
    {
      name: 'with a long justification',
      deadline: new Date('2031-12-31T23:59:59.999Z'),
      justification: 'why '.repeat(1000),
      approvers: ['alice', 'bob'],
    },
    {
      name: 'with a justification that names another deadline',
      deadline: DEADLINE,
      justification: 'extend to deadline=2099-01-01T00:00:00.000Z please',
      approvers: [],
    },
  ];

  it.each(roundTrips)(
    'reads back what describeGrant wrote: $name',
    ({ deadline, justification, approvers }) => {
      const description = describeGrant(run, justification, deadline, approvers);
      expect(recordedDeadline(description)?.toISOString()).toBe(deadline.toISOString());
    },
  );
});

describe('describeGrant', () => {
  it('records marker, run, attempt, deadline, run URL, approvers and justification in order', () => {
    const text = describeGrant(run, 'Quarterly rotation', DEADLINE, ['alice', 'bob']);

    expect(text).toBe(
      '[jit-rbac-action] run=owner/repo/123456 attempt=1 deadline=2025-06-01T12:30:00.000Z ' +
        'https://github.com/owner/repo/actions/runs/123456 Approved by: alice, bob. ' +
        'Justification: Quarterly rotation',
    );
  });

  const cases = [
    { name: 'no approvers', justification: 'x', approvers: [], without: 'Approved by' },
    { name: 'no justification', justification: '', approvers: ['a'], without: 'Justification:' },
  ];

  it.each(cases)('leaves out what is missing: $name', ({ justification, approvers, without }) => {
    const text = describeGrant(run, justification, DEADLINE, approvers);

    expect(text).not.toContain(without);
    expect(text).not.toContain('  ');
    expect(text.startsWith(DESCRIPTION_MARKER)).toBe(true);
  });

  it('writes the attempt of a re-run', () => {
    expect(describeGrant({ ...run, runAttempt: '3' }, 'x', DEADLINE)).toContain(' attempt=3 ');
  });

  const lengthCases = [
    { name: 'a short justification', justification: 'short', wantMax: 2000 },
    { name: 'a justification of 5,000 characters', justification: 'j'.repeat(5000), wantMax: 2000 },
    {
      name: 'many approvers',
      justification: 'x',
      approvers: Array.from({ length: 500 }, (_, i) => `user${i}`),
      wantMax: 2000,
    },
  ];

  it.each(lengthCases)(
    'is at most 2000 characters: $name',
    ({ justification, approvers, wantMax }) => {
      const text = describeGrant(run, justification, DEADLINE, approvers);

      expect(text.length).toBeLessThanOrEqual(wantMax);
      expect(text).toContain(`deadline=${DEADLINE.toISOString()}`);
    },
  );
});

describe('newGrantRecord', () => {
  const now = new Date('2025-06-01T12:00:00.000Z');

  it('gives the same name for the same run, role, vault and principal', () => {
    const a = newGrantRecord(run, request(), now);
    const b = newGrantRecord(
      run,
      request({ justification: 'other', deadline: new Date(0) }),
      new Date(1),
    );

    expect(b.name).toBe(a.name);
    expect(b.id).toBe(a.id);
  });

  it('ignores the case of the vault id and principal', () => {
    const a = newGrantRecord(run, request(), now);
    const vault = { ...request().vault, id: VAULT_ID.toLowerCase() };
    const b = newGrantRecord(
      run,
      request({ vault, principalId: request().principalId.toUpperCase() }),
      now,
    );

    expect(b.name).toBe(a.name);
  });

  const changes: { name: string; run: RunIdentity; req: GrantRequest }[] = [
    { name: 'another attempt', run: { ...run, runAttempt: '2' }, req: request() },
    { name: 'another run', run: { ...run, runId: '123457' }, req: request() },
    { name: 'another repository', run: { ...run, repository: 'owner/other' }, req: request() },
    {
      name: 'another role',
      run,
      req: request({ role: { ...request().role, guid: '4633458b-17de-408a-b874-0445c86b69e6' } }),
    },
    {
      name: 'another vault',
      run,
      req: request({
        vault: { ...request().vault, id: VAULT_ID.replace('kv-Prod', 'kv-Test'), name: 'kv-Test' },
      }),
    },
    {
      name: 'another principal',
      run,
      req: request({ principalId: 'ffffffff-2222-3333-4444-555555555555' }),
    },
  ];

  it.each(changes)('gives a different name for $name', ({ run: other, req }) => {
    expect(newGrantRecord(other, req, now).name).not.toBe(newGrantRecord(run, request(), now).name);
  });

  it('is an assignment under the vault scope, pending and owned', () => {
    const record = newGrantRecord(run, request(), now);

    expect(record.name).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(record.id).toBe(
      `${VAULT_ID}/providers/Microsoft.Authorization/roleAssignments/${record.name}`,
    );
    expect(record).toMatchObject({
      mode: 'rbac',
      scope: VAULT_ID,
      vaultName: 'kv-Prod',
      roleDefinitionId: request().role.definitionId,
      roleName: 'Key Vault Secrets Officer',
      principalType: 'ServicePrincipal',
      owned: true,
      status: 'pending',
      verifiedGone: false,
      requestedAt: '2025-06-01T12:00:00.000Z',
      endsAt: '2025-06-01T12:30:00.000Z',
    });
  });

  it('keeps the mode asked for', () => {
    expect(newGrantRecord(run, request({ mode: 'pim' }), now).mode).toBe('pim');
  });
});
