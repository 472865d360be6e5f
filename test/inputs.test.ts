import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readSettings, type Settings } from '../src/inputs.js';
import { inputErrorOf } from './fixtures/input-error.js';

const TENANT = '11111111-1111-4111-8111-111111111111';
const CLIENT = '33333333-3333-4333-8333-333333333333';
const SUBSCRIPTION = '22222222-2222-4222-8222-222222222222';
const SECRETS_OFFICER = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7';
const SECRETS_USER = '4633458b-17de-408a-b874-0445c86b69e6';
const OWNER = '8e3af657-a8ff-443c-a75c-2fe8c4bcb635';
const GROUP = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg`;
const vault = (name: string) => `${GROUP}/providers/Microsoft.KeyVault/vaults/${name}`;

/** action.yml's defaults, as the runner passes them for inputs a workflow leaves out. */
const ACTION_DEFAULTS: Record<string, string> = Object.fromEntries(
  Object.entries(
    (
      parse(readFileSync(new URL('../action.yml', import.meta.url), 'utf8')) as {
        inputs: Record<string, { default?: string }>;
      }
    ).inputs,
  ).map(([name, spec]) => [name, spec.default ?? '']),
);

const REQUIRED = {
  'tenant-id': TENANT,
  'client-id': CLIENT,
  'subscription-id': SUBSCRIPTION,
  'resource-ids': vault('kv-a'),
};

/** A getInput that answers like the runner: the workflow's value, else action.yml's default. */
function runnerInputs(inputs: Record<string, string>) {
  const all: Record<string, string> = { ...ACTION_DEFAULTS, ...REQUIRED, ...inputs };
  return (name: string) => all[name] ?? '';
}

function read(inputs: Record<string, string> = {}): Settings {
  return readSettings(runnerInputs(inputs));
}

/** Each grant as "role as given -> vault name", which is what pairing decides. */
function grantList(settings: Settings): string[] {
  return settings.grants.map((g) => `${g.role.given} -> ${g.vault.name}`);
}

describe('readSettings defaults', () => {
  it("applies action.yml's defaults", () => {
    const settings = read();

    expect(settings).toMatchObject({
      tenantId: TENANT,
      clientId: CLIENT,
      subscriptionId: SUBSCRIPTION,
      audience: 'api://AzureADTokenExchange',
      duplicateGrants: [],
      assigneeObjectId: undefined,
      principalType: 'ServicePrincipal',
      justification: 'Scheduled secret rotation',
      allowPrivilegedRoles: false,
      selection: { include: [], exclude: [], tags: {}, includeDisabled: false },
      secretLength: 44,
      secretAlphabet: 'base64url',
      secretExpiresInMs: undefined,
      propagationTimeoutMs: 600_000,
      lingerTimeoutMs: 120_000,
      maxConcurrency: 64,
      vaultRequestRate: 380,
      dryRun: false,
      cloud: { name: 'AzureCloud', customAuthority: false },
    });
    expect(grantList(settings)).toEqual(['Key Vault Secrets Officer -> kv-a']);
  });

  it('falls back to the same values when an optional input is blank (one source of truth)', () => {
    const blank = Object.fromEntries(Object.keys(ACTION_DEFAULTS).map((name) => [name, '']));
    const fromBlank = read({ ...blank, ...REQUIRED, 'role-ids': 'Key Vault Secrets Officer' });
    const fromDefaults = read();

    const { selection: a, ...restBlank } = fromBlank;
    const { selection: b, ...restDefaults } = fromDefaults;
    expect(restBlank).toEqual({ ...restDefaults, justification: '' });
    expect({ ...a, matches: undefined }).toEqual({ ...b, matches: undefined });
  });
});

describe('readSettings values', () => {
  const cases: Array<{ name: string; inputs: Record<string, string>; want: object }> = [
    {
      name: 'GUIDs are lower-cased',
      inputs: {
        'tenant-id': TENANT.toUpperCase(),
        'client-id': ` ${CLIENT.toUpperCase()} `,
        'subscription-id': SUBSCRIPTION.toUpperCase(),
        'assignee-object-id': '55555555-5555-4555-8555-55555555555A',
      },
      want: {
        tenantId: TENANT,
        clientId: CLIENT,
        subscriptionId: SUBSCRIPTION,
        assigneeObjectId: '55555555-5555-4555-8555-55555555555a',
      },
    },
    {
      name: 'principal type in any case',
      inputs: { 'principal-type': 'group' },
      want: { principalType: 'Group' },
    },
    {
      name: 'justification on one line',
      inputs: { justification: '  Quarterly\n  rotation,\tticket 42  ' },
      want: { justification: 'Quarterly rotation, ticket 42' },
    },
    {
      name: 'booleans in their accepted spellings',
      inputs: { 'dry-run': 'YES', 'include-disabled': '1', 'allow-privileged-roles': 'False' },
      want: { dryRun: true, allowPrivilegedRoles: false, selection: { includeDisabled: true } },
    },
    {
      name: 'durations in every form',
      inputs: {
        'propagation-timeout': 'PT10M',
        'linger-timeout': '0',
        'secret-expires-in': '90d',
      },
      want: { propagationTimeoutMs: 600_000, lingerTimeoutMs: 0, secretExpiresInMs: 7_776_000_000 },
    },
    {
      name: 'numbers at their limits',
      inputs: {
        'secret-length': '4096',
        'max-concurrency': '256',
        'vault-request-rate': '1',
      },
      want: { secretLength: 4096, maxConcurrency: 256, vaultRequestRate: 1 },
    },
    {
      name: 'a literal alphabet',
      inputs: { 'secret-alphabet': '0123456789abcdef', 'secret-length': '32' },
      want: { secretAlphabet: '0123456789abcdef', secretLength: 32 },
    },
    {
      name: 'selection lines and tags',
      inputs: {
        'secret-include': 'db-*\r\n\r\napi-?',
        'secret-exclude': ' *-old ',
        'secret-tags': 'rotate = true\nowner=team=a',
      },
      want: {
        selection: {
          include: ['db-*', 'api-?'],
          exclude: ['*-old'],
          tags: { rotate: 'true', owner: 'team=a' },
        },
      },
    },
    {
      name: 'a privileged role when allowed',
      inputs: { 'role-ids': OWNER, 'allow-privileged-roles': 'true' },
      want: { allowPrivilegedRoles: true, grants: [{ role: { kind: 'guid', guid: OWNER } }] },
    },
  ];

  it.each(cases)('$name', ({ inputs, want }) => {
    expect(read(inputs)).toMatchObject(want);
  });

  it('builds a secret filter from the selection', () => {
    const { selection } = read({
      'secret-include': 'db-*',
      'secret-exclude': 'db-old',
      'secret-tags': 'rotate=true',
    });
    const tagged = { rotate: 'true' };

    expect(selection.matches({ name: 'db-password', tags: tagged })).toBe(true);
    expect(selection.matches({ name: 'db-old', tags: tagged })).toBe(false);
    expect(selection.matches({ name: 'db-password' })).toBe(false);
    expect(selection.matches({ name: 'api-key', tags: tagged })).toBe(false);
  });
});

describe('readSettings pairing', () => {
  const cases = [
    {
      name: 'one role, one vault',
      roles: SECRETS_OFFICER,
      vaults: vault('kv-a'),
      want: [`${SECRETS_OFFICER} -> kv-a`],
      duplicates: 0,
    },
    {
      name: 'equal lists pair by index (JSON)',
      roles: JSON.stringify([SECRETS_OFFICER, SECRETS_USER]),
      vaults: JSON.stringify([vault('kv-a'), vault('kv-b')]),
      want: [`${SECRETS_OFFICER} -> kv-a`, `${SECRETS_USER} -> kv-b`],
      duplicates: 0,
    },
    {
      name: 'equal lists pair by index (lines)',
      roles: `${SECRETS_OFFICER}\n${SECRETS_USER}\n`,
      vaults: `${vault('kv-a')}\n\n${vault('kv-b')}`,
      want: [`${SECRETS_OFFICER} -> kv-a`, `${SECRETS_USER} -> kv-b`],
      duplicates: 0,
    },
    {
      name: 'one role is granted on every vault',
      roles: 'Key Vault Secrets Officer',
      vaults: [vault('kv-a'), vault('kv-b'), vault('kv-c')].join('\n'),
      want: [
        'Key Vault Secrets Officer -> kv-a',
        'Key Vault Secrets Officer -> kv-b',
        'Key Vault Secrets Officer -> kv-c',
      ],
      duplicates: 0,
    },
    {
      name: 'every role is granted on one vault',
      roles: JSON.stringify([SECRETS_OFFICER, 'Key Vault Reader']),
      vaults: vault('kv-a'),
      want: [`${SECRETS_OFFICER} -> kv-a`, 'Key Vault Reader -> kv-a'],
      duplicates: 0,
    },
    {
      name: 'unequal lists: every role on every vault',
      roles: JSON.stringify([SECRETS_OFFICER, SECRETS_USER]),
      vaults: JSON.stringify([vault('kv-a'), vault('kv-b'), vault('kv-c')]),
      want: [
        `${SECRETS_OFFICER} -> kv-a`,
        `${SECRETS_OFFICER} -> kv-b`,
        `${SECRETS_OFFICER} -> kv-c`,
        `${SECRETS_USER} -> kv-a`,
        `${SECRETS_USER} -> kv-b`,
        `${SECRETS_USER} -> kv-c`,
      ],
      duplicates: 0,
    },
    {
      name: 'the same GUID in two cases is one role',
      roles: `${SECRETS_OFFICER}\n${SECRETS_OFFICER.toUpperCase()}`,
      vaults: vault('kv-a'),
      want: [`${SECRETS_OFFICER} -> kv-a`],
      duplicates: 1,
    },
    {
      name: 'a GUID and its definition ID are one role',
      roles: `${SECRETS_OFFICER}\n/providers/Microsoft.Authorization/roleDefinitions/${SECRETS_OFFICER}`,
      vaults: vault('kv-a'),
      want: [`${SECRETS_OFFICER} -> kv-a`],
      duplicates: 1,
    },
    {
      name: 'a role name in two cases is one role',
      roles: 'Key Vault Secrets Officer\nkey vault secrets officer',
      vaults: vault('kv-a'),
      want: ['Key Vault Secrets Officer -> kv-a'],
      duplicates: 1,
    },
    {
      name: 'a vault with and without the placeholder is one vault',
      roles: SECRETS_OFFICER,
      vaults: `${vault('kv-a')}\n${vault('kv-a').replace(SUBSCRIPTION, '<AZURE_SUBSCRIPTION_ID>')}`,
      want: [`${SECRETS_OFFICER} -> kv-a`],
      duplicates: 1,
    },
    {
      name: 'a repeated pair in equal lists',
      roles: `${SECRETS_OFFICER}\n${SECRETS_OFFICER}`,
      vaults: `${vault('kv-a')}\n${vault('kv-a')}`,
      want: [`${SECRETS_OFFICER} -> kv-a`],
      duplicates: 1,
    },
  ];

  it.each(cases)('$name', ({ roles, vaults, want, duplicates }) => {
    const settings = read({ 'role-ids': roles, 'resource-ids': vaults });

    expect(grantList(settings)).toEqual(want);
    expect(settings.duplicateGrants).toHaveLength(duplicates);
  });
});

describe('readSettings placeholder', () => {
  const cases = [
    {
      name: 'replaced by subscription-id',
      subscription: SUBSCRIPTION,
      want: vault('kv-a'),
    },
    {
      name: 'replaced by a lower-cased subscription-id',
      subscription: SUBSCRIPTION.toUpperCase(),
      want: vault('kv-a'),
    },
    {
      name: 'replaced by another subscription',
      subscription: '66666666-6666-4666-8666-666666666666',
      want: vault('kv-a').replace(SUBSCRIPTION, '66666666-6666-4666-8666-666666666666'),
    },
  ];

  it.each(cases)('$name', ({ subscription, want }) => {
    const settings = read({
      'subscription-id': subscription,
      'resource-ids':
        '/subscriptions/<AZURE_SUBSCRIPTION_ID>/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-a',
    });

    expect(settings.grants[0]?.vault).toMatchObject({
      id: want,
      subscriptionId: subscription.toLowerCase(),
    });
  });
});

describe('readSettings cloud', () => {
  const cases: Array<{ name: string; inputs: Record<string, string>; want: object }> = [
    {
      name: 'the public cloud by default',
      inputs: {},
      want: {
        name: 'AzureCloud',
        authorityHost: 'https://login.microsoftonline.com',
        resourceManagerScope: 'https://management.azure.com/.default',
        keyVaultDnsSuffix: 'vault.azure.net',
        customAuthority: false,
      },
    },
    {
      name: 'a named cloud',
      inputs: { 'azure-environment': 'AzureUSGovernment' },
      want: {
        name: 'AzureUSGovernment',
        resourceManagerEndpoint: 'https://management.usgovcloudapi.net',
        keyVaultDnsSuffix: 'vault.usgovcloudapi.net',
        customAuthority: false,
      },
    },
    {
      name: 'an emulator through the overrides',
      inputs: {
        'authority-host': 'https://localhost:9443/',
        'resource-manager-endpoint': 'https://localhost:9443',
        'key-vault-dns-suffix': 'vault.emulator.test:9443',
      },
      want: {
        name: 'AzureCloud',
        authorityHost: 'https://localhost:9443',
        resourceManagerEndpoint: 'https://localhost:9443',
        resourceManagerScope: 'https://management.azure.com/.default',
        keyVaultDnsSuffix: 'vault.emulator.test:9443',
        customAuthority: true,
      },
    },
    {
      name: 'Azure Stack Hub with its own audience',
      inputs: {
        'authority-host': 'https://adfs.local.azurestack.external/adfs',
        'resource-manager-endpoint': 'https://management.local.azurestack.external',
        'resource-manager-audience': 'https://management.adfs.azurestack.local/4de154de',
      },
      want: {
        authorityHost: 'https://adfs.local.azurestack.external/adfs',
        resourceManagerScope: 'https://management.adfs.azurestack.local/4de154de/.default',
        customAuthority: true,
      },
    },
  ];

  it.each(cases)('$name', ({ inputs, want }) => {
    expect(read(inputs).cloud).toMatchObject(want);
  });
});

describe('readSettings errors', () => {
  const cases: Array<{
    name: string;
    inputs: Record<string, string>;
    input: string;
    want: string;
  }> = [
    { name: 'no tenant', inputs: { 'tenant-id': '' }, input: 'tenant-id', want: 'is required' },
    {
      name: 'a domain for the tenant',
      inputs: { 'tenant-id': 'contoso.com' },
      input: 'tenant-id',
      want: "'contoso.com' is not a GUID",
    },
    {
      name: 'a privileged role by name, any case',
      inputs: { 'role-ids': 'OWNER' },
      input: 'role-ids',
      want: "'OWNER' is Owner, a privileged role",
    },
    {
      name: 'a privileged role second in a list',
      inputs: { 'role-ids': `${SECRETS_OFFICER}\nContributor` },
      input: 'role-ids',
      want: "'Contributor' is Contributor",
    },
    {
      name: 'secret-length below 16',
      inputs: { 'secret-length': '15' },
      input: 'secret-length',
      want: "'15' must be a whole number from 16 to 4096",
    },
    {
      name: 'secret-length above 4096',
      inputs: { 'secret-length': '4097' },
      input: 'secret-length',
      want: 'from 16 to 4096',
    },
    {
      name: 'base64url needs 22 characters',
      inputs: { 'secret-length': '16' },
      input: 'secret-length',
      want: '16 characters from this alphabet give only 96 bits of entropy; use at least 22',
    },
    {
      name: 'too little entropy',
      inputs: { 'secret-alphabet': '01', 'secret-length': '64' },
      input: 'secret-length',
      want: 'use at least 128',
    },
    {
      name: 'an alphabet of one character',
      inputs: { 'secret-alphabet': 'aaaa' },
      input: 'secret-alphabet',
      want: "'aaaa' has fewer than two distinct characters",
    },
    {
      name: 'an alphabet with repeats',
      inputs: { 'secret-alphabet': 'abcabc' },
      input: 'secret-alphabet',
      want: "'abcabc' repeats 'abc'",
    },
    {
      name: 'a negative linger',
      inputs: { 'linger-timeout': '-1' },
      input: 'linger-timeout',
      want: "could not read '-1'",
    },
    {
      name: 'zero expiry',
      inputs: { 'secret-expires-in': 'PT0S' },
      input: 'secret-expires-in',
      want: 'longer than zero',
    },
    {
      name: 'too fast a vault',
      inputs: { 'vault-request-rate': '2001' },
      input: 'vault-request-rate',
      want: 'from 1 to 2000',
    },
    {
      name: 'a tag without a key',
      inputs: { 'secret-tags': '=true' },
      input: 'secret-tags',
      want: "'=true' is not key=value",
    },
    {
      name: 'a long justification',
      inputs: { justification: 'x'.repeat(501) },
      input: 'justification',
      want: 'is 501 characters',
    },
    {
      name: 'a bad boolean keeps its case',
      inputs: { 'include-disabled': 'Maybe' },
      input: 'include-disabled',
      want: "'Maybe' is not a boolean",
    },
    {
      name: 'an http ARM audience',
      inputs: { 'resource-manager-audience': 'http://management.azure.com/' },
      input: 'resource-manager-audience',
      want: 'must use https://',
    },
  ];

  it.each(cases)('$name', ({ inputs, input, want }) => {
    const error = inputErrorOf(() => read(inputs));

    expect(error.input).toBe(input);
    expect(error.message).toContain(`Input '${input}': `);
    expect(error.message).toContain(want);
  });
});
