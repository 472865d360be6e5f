import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  describePlanDifference,
  planHash,
  renderApprovalTable,
  type Plan,
  type PlannedGrant,
} from '../src/plan.js';

const SUBSCRIPTION = '00000000-0000-0000-0000-000000000001';
const OFFICER = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7';
const USER = '4633458b-17de-408a-b874-0445c86b69e6';

function grant(overrides: Partial<PlannedGrant> = {}): PlannedGrant {
  const resourceGroup = overrides.resourceGroup ?? 'rg-app';
  const resourceName = overrides.resourceName ?? 'kv-prod';
  return {
    roleId: OFFICER,
    roleName: 'Key Vault Secrets Officer',
    scope: `/subscriptions/${SUBSCRIPTION}/resourcegroups/${resourceGroup}/providers/microsoft.keyvault/vaults/${resourceName}`,
    resourceName,
    resourceType: 'Microsoft.KeyVault/vaults',
    resourceGroup,
    subscriptionId: SUBSCRIPTION,
    ...overrides,
  };
}

function plan(overrides: Partial<Plan> = {}): Plan {
  return {
    schemaVersion: 1,
    principal: { objectId: '11111111-2222-3333-4444-555555555555', type: 'ServicePrincipal' },
    grants: [grant()],
    secrets: { 'kv-prod': ['api-key', 'db-password'] },
    generation: { length: 44, alphabet: 'base64url', expiresInMs: null, includeDisabled: false },
    ...overrides,
  };
}

/** The same plan with every object's keys written in reverse order. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).reverse();
    return Object.fromEntries(entries.map(([k, v]) => [k, reversedKeys(v)]));
  }
  return value;
}

/** Splits a table row the way GFM does: on every pipe not preceded by a backslash. */
function gfmCells(line: string): string[] {
  return line
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim());
}

describe('canonicalJson', () => {
  const cases = [
    { name: 'sorts keys', value: { b: 1, a: 2 }, want: '{"a":2,"b":1}' },
    { name: 'sorts nested keys', value: { z: { y: 1, x: 2 } }, want: '{"z":{"x":2,"y":1}}' },
    {
      name: 'keeps array order, sorts objects inside',
      value: [3, { b: 1, a: [2, 1] }, 'x'],
      want: '[3,{"a":[2,1],"b":1},"x"]',
    },
    { name: 'drops undefined members', value: { a: undefined, b: 1 }, want: '{"b":1}' },
    { name: 'keeps null members', value: { a: null }, want: '{"a":null}' },
    { name: 'empty object', value: {}, want: '{}' },
    { name: 'empty array', value: [], want: '[]' },
    {
      name: 'escapes strings',
      value: { 'k"ey': 'quote " backslash \\ newline \n tab \t' },
      want: '{"k\\"ey":"quote \\" backslash \\\\ newline \\n tab \\t"}',
    },
    { name: 'control characters', value: '\u0001', want: '"\\u0001"' },
    {
      name: 'numbers and booleans',
      value: { n: 1.5, t: true, f: false },
      want: '{"f":false,"n":1.5,"t":true}',
    },
    {
      name: 'sorts by code unit, upper case first',
      value: { b: 1, B: 2, a: 3 },
      want: '{"B":2,"a":3,"b":1}',
    },
  ];

  it.each(cases)('$name', ({ value, want }) => {
    expect(canonicalJson(value)).toBe(want);
  });

  it('gives the same text whatever the key order', () => {
    expect(canonicalJson(reversedKeys(plan()))).toBe(canonicalJson(plan()));
  });

  it('is valid JSON that parses back to the same value', () => {
    const p = plan();
    expect(JSON.parse(canonicalJson(p))).toEqual(p);
  });
});

describe('planHash', () => {
  it('is a SHA-256 hex digest', () => {
    expect(planHash(plan())).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is equal for equal plans written in different key orders', () => {
    expect(planHash(reversedKeys(plan()) as Plan)).toBe(planHash(plan()));
  });

  const cases: { name: string; changed: Plan }[] = [
    {
      name: 'principal object id',
      changed: plan({
        principal: { objectId: 'aaaaaaaa-2222-3333-4444-555555555555', type: 'ServicePrincipal' },
      }),
    },
    {
      name: 'principal type',
      changed: plan({
        principal: { objectId: '11111111-2222-3333-4444-555555555555', type: 'User' },
      }),
    },
    { name: 'role id', changed: plan({ grants: [grant({ roleId: USER })] }) },
    {
      name: 'role name',
      changed: plan({ grants: [grant({ roleName: 'Key Vault Secrets User' })] }),
    },
    { name: 'scope', changed: plan({ grants: [grant({ scope: '/other' })] }) },
    { name: 'resource name', changed: plan({ grants: [grant({ resourceName: 'kv-test' })] }) },
    { name: 'resource group', changed: plan({ grants: [grant({ resourceGroup: 'rg-other' })] }) },
    { name: 'subscription', changed: plan({ grants: [grant({ subscriptionId: 'x' })] }) },
    { name: 'an extra grant', changed: plan({ grants: [grant(), grant({ roleId: USER })] }) },
    { name: 'no grants', changed: plan({ grants: [] }) },
    {
      name: 'a secret added',
      changed: plan({ secrets: { 'kv-prod': ['api-key', 'db-password', 'x'] } }),
    },
    { name: 'a secret removed', changed: plan({ secrets: { 'kv-prod': ['api-key'] } }) },
    { name: 'secret order', changed: plan({ secrets: { 'kv-prod': ['db-password', 'api-key'] } }) },
    {
      name: 'secrets of another vault',
      changed: plan({ secrets: { 'kv-test': ['api-key', 'db-password'] } }),
    },
    {
      name: 'length',
      changed: plan({ generation: { ...plan().generation, length: 45 } }),
    },
    {
      name: 'alphabet',
      changed: plan({ generation: { ...plan().generation, alphabet: 'abc' } }),
    },
    {
      name: 'expiry',
      changed: plan({ generation: { ...plan().generation, expiresInMs: 1000 } }),
    },
    {
      name: 'include disabled',
      changed: plan({ generation: { ...plan().generation, includeDisabled: true } }),
    },
  ];

  it.each(cases)('changes when the $name changes', ({ changed }) => {
    expect(planHash(changed)).not.toBe(planHash(plan()));
  });
});

describe('describePlanDifference', () => {
  const officer = 'Key Vault Secrets Officer (b86a8fe4-44ce-4948-aee5-eccb2c155cd7)';
  const cases: { name: string; approved: Plan; current: Plan; want: string[] }[] = [
    { name: 'no differences', approved: plan(), current: plan(), want: [] },
    {
      name: 'no differences when only key order differs',
      approved: reversedKeys(plan()) as Plan,
      current: plan(),
      want: [],
    },
    {
      name: 'grant added',
      approved: plan(),
      current: plan({ grants: [grant(), grant({ resourceName: 'kv-test' })] }),
      want: [`grant added: ${officer} on kv-test`],
    },
    {
      name: 'grant removed',
      approved: plan({ grants: [grant(), grant({ resourceName: 'kv-test' })] }),
      current: plan(),
      want: [`grant removed: ${officer} on kv-test`],
    },
    {
      name: 'role changed on the same vault',
      approved: plan(),
      current: plan({ grants: [grant({ roleId: USER, roleName: 'Key Vault Secrets User' })] }),
      want: [
        `grant added: Key Vault Secrets User (${USER}) on kv-prod`,
        `grant removed: ${officer} on kv-prod`,
      ],
    },
    {
      name: 'secret added',
      approved: plan(),
      current: plan({ secrets: { 'kv-prod': ['api-key', 'db-password', 'new'] } }),
      want: ['secret added: kv-prod/new'],
    },
    {
      name: 'secret removed',
      approved: plan(),
      current: plan({ secrets: { 'kv-prod': ['db-password'] } }),
      want: ['secret removed: kv-prod/api-key'],
    },
    {
      name: 'secrets of a vault that is new',
      approved: plan(),
      current: plan({ secrets: { 'kv-prod': ['api-key', 'db-password'], 'kv-test': ['a'] } }),
      want: ['secret added: kv-test/a'],
    },
    {
      name: 'secrets of a vault that is gone',
      approved: plan({ secrets: { 'kv-prod': ['api-key', 'db-password'], 'kv-test': ['a', 'b'] } }),
      current: plan(),
      want: ['secret removed: kv-test/a', 'secret removed: kv-test/b'],
    },
    {
      name: 'same secret name moved to another vault',
      approved: plan({ secrets: { 'kv-a': ['s'] } }),
      current: plan({ secrets: { 'kv-b': ['s'] } }),
      want: ['secret removed: kv-a/s', 'secret added: kv-b/s'],
    },
    {
      name: 'principal changed',
      approved: plan(),
      current: plan({
        principal: { objectId: 'ffffffff-0000-0000-0000-000000000000', type: 'ServicePrincipal' },
      }),
      want: [
        'principal changed: 11111111-2222-3333-4444-555555555555 -> ffffffff-0000-0000-0000-000000000000',
      ],
    },
    {
      name: 'generation length changed',
      approved: plan(),
      current: plan({ generation: { ...plan().generation, length: 64 } }),
      want: ['secret generation settings changed'],
    },
    {
      name: 'generation expiry changed',
      approved: plan(),
      current: plan({ generation: { ...plan().generation, expiresInMs: 86_400_000 } }),
      want: ['secret generation settings changed'],
    },
    {
      name: 'several at once, grants then principal then secrets then generation',
      approved: plan(),
      current: plan({
        principal: { objectId: 'ffffffff-0000-0000-0000-000000000000', type: 'ServicePrincipal' },
        grants: [],
        secrets: {},
        generation: { ...plan().generation, includeDisabled: true },
      }),
      want: [
        `grant removed: ${officer} on kv-prod`,
        'principal changed: 11111111-2222-3333-4444-555555555555 -> ffffffff-0000-0000-0000-000000000000',
        'secret removed: kv-prod/api-key',
        'secret removed: kv-prod/db-password',
        'secret generation settings changed',
      ],
    },
  ];

  it.each(cases)('$name', ({ approved, current, want }) => {
    expect(describePlanDifference(approved, current)).toEqual(want);
  });
});

describe('renderApprovalTable', () => {
  const hostile = [
    'rg|pipe',
    'rg`tick`',
    'rg\nnewline\r\nmore',
    '<script>alert(1)</script>',
    '**bold** [link](http://x)',
  ];

  it('has a row per grant with the principal on each', () => {
    const grants = [
      grant(),
      grant({ resourceName: 'kv-test' }),
      grant({ roleId: USER, roleName: 'User' }),
    ];
    const text = renderApprovalTable(plan({ grants }), 'deploy-bot');
    const rows = text.split('\n').filter((l) => l.includes('Microsoft.KeyVault/vaults'));

    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row).toContain('deploy-bot (11111111-2222-3333-4444-555555555555)');
    }
  });

  it('names the principal by object id when no name is known', () => {
    const text = renderApprovalTable(plan());
    expect(text).toContain('| 11111111-2222-3333-4444-555555555555 |');
  });

  const countCases: { name: string; secrets: Record<string, string[]>; want: number }[] = [
    { name: 'no secrets', secrets: {}, want: 0 },
    { name: 'one vault', secrets: { 'kv-prod': ['a', 'b'] }, want: 2 },
    { name: 'two vaults', secrets: { 'kv-a': ['a'], 'kv-b': ['a', 'b', 'c'] }, want: 4 },
    { name: 'a vault with none', secrets: { 'kv-a': [], 'kv-b': ['x'] }, want: 1 },
  ];

  it.each(countCases)('counts secrets: $name', ({ secrets, want }) => {
    const text = renderApprovalTable(plan({ secrets }));
    const secretsPart = text.slice(text.indexOf('#### Secrets to rotate'));
    const rows = secretsPart
      .split('\n')
      .filter((l) => l.startsWith('| '))
      .slice(2);

    expect(text).toContain(`#### Secrets to rotate (${want})`);
    expect(rows).toHaveLength(want);
  });

  it.each(hostile)('escapes a hostile resource group and role name: %j', (text) => {
    const grants = [grant({ resourceGroup: text, roleName: text })];
    const table = renderApprovalTable(plan({ grants, secrets: { [text]: [text] } }), text);
    const lines = table.split('\n').filter((l) => l.startsWith('|'));

    expect(lines.map((l) => gfmCells(l).length)).toEqual([6, 6, 6, 2, 2, 2]);
    expect(table).not.toContain('<script>');
    expect(table).not.toMatch(/(?<!\\)`/);
    expect(table).not.toMatch(/\r/);
    // Every line of the output is a heading, a blank line or a table row.
    for (const line of table.split('\n')) expect(line).toMatch(/^(#### .*|\|.*\||)$/);
  });
});

describe('describePlanDifference names every change the hash sees', () => {
  const cases = [
    {
      name: 'principal type',
      current: plan({ principal: { ...plan().principal, type: 'User' } }),
      want: /principal type changed: ServicePrincipal -> User/,
    },
    {
      name: 'same vault name in another resource group',
      current: plan({
        grants: [
          grant({ scope: grant().scope.replace('rg-app', 'rg-other'), resourceGroup: 'rg-other' }),
        ],
      }),
      want: /grant scope changed: .* is now at .*rg-other/,
    },
  ];

  it.each(cases)('$name', ({ current, want }) => {
    const found = describePlanDifference(plan(), current);
    expect(planHash(plan())).not.toBe(planHash(current));
    expect(found.join('; ')).toMatch(want);
  });
});
