/**
 * Every bad input must stop the main step of the built bundle before it
 * changes anything in Azure, with one error line that names the input, shows
 * what was given and says how to fix it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index.js';
import { KEY_VAULT_SECRETS_OFFICER, seedScenario, type Scenario } from '../emulator/scenario.js';
import type { RequestLogEntry } from '../emulator/state.js';
import { runStep, scenarioInputs, type StepResult } from '../harness.js';

const SUBSCRIPTION = '22222222-2222-4222-8222-222222222222';
const GROUP = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-rotation`;
const vaultId = (name: string) => `${GROUP}/providers/Microsoft.KeyVault/vaults/${name}`;
const VAULT = vaultId('kv-rotation');
const SECRET_VALUE = 'do-not-print-this-value-7f3a9c';

const OWNER = '8e3af657-a8ff-443c-a75c-2fe8c4bcb635';
const CONTRIBUTOR = 'b24988ac-6180-42a0-ab88-3bd38f1c7a8c';
const RBAC_ADMINISTRATOR = 'f58310d9-a9f6-439a-9e8d-f62e7b41a168';

interface BadInputCase {
  name: string;
  /** Overrides of the valid baseline inputs. */
  inputs: Record<string, string>;
  /** The kebab-case input the error must name. */
  wantInput: string;
  /** A fragment that shows what was given. */
  wantGiven?: string;
  /** A fragment that proves the message says what to fix. */
  wantText?: string;
  /** The input can only be checked against ARM: reads are allowed, writes never. */
  readsAzure?: boolean;
}

const listCases: BadInputCase[] = [
  {
    name: 'role-ids: malformed JSON',
    inputs: { 'role-ids': '["Key Vault Secrets Officer"' },
    wantInput: 'role-ids',
    wantGiven: '["Key Vault Secrets Officer"',
    wantText: 'one entry per line',
  },
  {
    name: 'resource-ids: malformed JSON',
    inputs: { 'resource-ids': `[${VAULT}]` },
    wantInput: 'resource-ids',
    wantGiven: `[${VAULT}]`,
    wantText: 'not valid JSON',
  },
  {
    name: 'role-ids: JSON object, not an array',
    inputs: { 'role-ids': '{"role": "Key Vault Secrets Officer"}' },
    wantInput: 'role-ids',
    wantGiven: '{"role": "Key Vault Secrets Officer"}',
    wantText: 'JSON array of strings',
  },
  {
    name: 'resource-ids: JSON string, not an array',
    inputs: { 'resource-ids': JSON.stringify(VAULT) },
    wantInput: 'resource-ids',
    wantGiven: JSON.stringify(VAULT),
    wantText: 'JSON array of strings',
  },
  {
    name: 'role-ids: null entry',
    inputs: { 'role-ids': '[null]' },
    wantInput: 'role-ids',
    wantGiven: 'entry 0 is null',
    wantText: 'non-blank string',
  },
  {
    name: 'resource-ids: blank entry',
    inputs: { 'resource-ids': JSON.stringify([VAULT, '  ']) },
    wantInput: 'resource-ids',
    wantGiven: 'entry 1 is "  "',
    wantText: 'non-blank string',
  },
  {
    name: 'role-ids: number entry',
    inputs: { 'role-ids': '[42]' },
    wantInput: 'role-ids',
    wantGiven: 'entry 0 is 42',
    wantText: 'non-blank string',
  },
  {
    name: 'role-ids: empty array',
    inputs: { 'role-ids': '[]' },
    wantInput: 'role-ids',
    wantGiven: "'[]'",
    wantText: 'at least one',
  },
  {
    name: 'resource-ids: empty array',
    inputs: { 'resource-ids': ' [ ] ' },
    wantInput: 'resource-ids',
    wantGiven: "'[ ]'",
    wantText: 'at least one',
  },
  {
    name: 'resource-ids: blank',
    inputs: { 'resource-ids': ' \n \n' },
    wantInput: 'resource-ids',
    wantText: 'one entry per line',
  },
  {
    name: 'role-ids: blank',
    inputs: { 'role-ids': '' },
    wantInput: 'role-ids',
    wantText: 'one entry per line',
  },
];

const roleCases: BadInputCase[] = [
  {
    name: 'role GUID with a typo',
    inputs: { 'role-ids': 'b86a8fe4-44ce-4948-aee5-eccb2c155cdZ' },
    wantInput: 'role-ids',
    wantGiven: "'b86a8fe4-44ce-4948-aee5-eccb2c155cdZ'",
    wantText: 'az role definition list',
  },
  {
    name: 'role GUID cut short',
    inputs: { 'role-ids': 'b86a8fe4-44ce-4948' },
    wantInput: 'role-ids',
    wantGiven: "'b86a8fe4-44ce-4948'",
    wantText: '8-4-4-4-12',
  },
  {
    name: 'role definition ID ending in a name',
    inputs: {
      'role-ids': `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/secrets-officer`,
    },
    wantInput: 'role-ids',
    wantGiven: "ends in 'secrets-officer'",
    wantText: "ends in the role's GUID",
  },
  {
    name: 'role name with illegal characters',
    inputs: { 'role-ids': 'Key Vault Secrets Officer; Owner' },
    wantInput: 'role-ids',
    wantGiven: "'Key Vault Secrets Officer; Owner'",
    wantText: 'Key Vault Secrets Officer',
  },
  {
    name: 'unknown role name (resolved with reads only)',
    inputs: { 'role-ids': 'Key Vault Secrets Janitor' },
    wantInput: 'role-ids',
    wantGiven: "'Key Vault Secrets Janitor'",
    wantText: 'exact name',
    readsAzure: true,
  },
  {
    name: 'unknown role GUID (resolved with reads only)',
    inputs: { 'role-ids': '00000000-0000-4000-8000-000000000000' },
    wantInput: 'role-ids',
    wantGiven: "'00000000-0000-4000-8000-000000000000'",
    wantText: 'az role definition list',
    readsAzure: true,
  },
  {
    name: 'privileged role by GUID: Owner',
    inputs: { 'role-ids': OWNER },
    wantInput: 'role-ids',
    wantGiven: `'${OWNER}' is Owner`,
    wantText: 'allow-privileged-roles: true',
  },
  {
    name: 'privileged role by name: User Access Administrator',
    inputs: { 'role-ids': 'user access administrator' },
    wantInput: 'role-ids',
    wantGiven: "'user access administrator' is User Access Administrator",
    wantText: 'Key Vault Secrets Officer',
  },
  {
    name: 'privileged role by GUID: RBAC Administrator',
    inputs: { 'role-ids': RBAC_ADMINISTRATOR },
    wantInput: 'role-ids',
    wantGiven: 'Role Based Access Control Administrator',
    wantText: 'allow-privileged-roles: true',
  },
  {
    name: 'privileged role by definition ID: Contributor, second in a list',
    inputs: {
      'role-ids': `${KEY_VAULT_SECRETS_OFFICER}\n/providers/Microsoft.Authorization/roleDefinitions/${CONTRIBUTOR}`,
    },
    wantInput: 'role-ids',
    wantGiven: 'is Contributor',
    wantText: 'allow-privileged-roles: true',
  },
];

const resourceCases: BadInputCase[] = [
  {
    name: 'storage account instead of a vault',
    inputs: { 'resource-ids': `${GROUP}/providers/Microsoft.Storage/storageAccounts/strotation` },
    wantInput: 'resource-ids',
    wantGiven: 'Microsoft.Storage/storageAccounts',
    wantText: '/providers/Microsoft.KeyVault/vaults/<name>',
  },
  {
    name: 'subscription scope',
    inputs: { 'resource-ids': `/subscriptions/${SUBSCRIPTION}` },
    wantInput: 'resource-ids',
    wantGiven: `'/subscriptions/${SUBSCRIPTION}'`,
    wantText: 'scope above a vault',
  },
  {
    name: 'resource group scope',
    inputs: { 'resource-ids': GROUP },
    wantInput: 'resource-ids',
    wantGiven: `'${GROUP}'`,
    wantText: 'scope above a vault',
  },
  {
    name: 'a secret inside a vault',
    inputs: { 'resource-ids': `${VAULT}/secrets/db-password` },
    wantInput: 'resource-ids',
    wantGiven: '/secrets/db-password',
    wantText: 'give the vault itself',
  },
  {
    name: 'leftover placeholder',
    inputs: {
      'resource-ids':
        '/subscriptions/<AZURE_SUBSCRIPTION_ID>/resourceGroups/<RESOURCE_GROUP>/providers/Microsoft.KeyVault/vaults/kv-rotation',
    },
    wantInput: 'resource-ids',
    wantGiven: '<RESOURCE_GROUP>',
    wantText: 'Only <AZURE_SUBSCRIPTION_ID> is replaced',
  },
  {
    name: 'leftover lower-case placeholder',
    inputs: { 'resource-ids': vaultId('<vault-name>') },
    wantInput: 'resource-ids',
    wantGiven: '<vault-name>',
    wantText: 'Only <AZURE_SUBSCRIPTION_ID> is replaced',
  },
  {
    name: 'vault name too short',
    inputs: { 'resource-ids': vaultId('kv') },
    wantInput: 'resource-ids',
    wantGiven: "vault name 'kv'",
    wantText: '3-24 characters',
  },
  {
    name: 'vault name too long',
    inputs: { 'resource-ids': vaultId(`kv-${'a'.repeat(22)}`) },
    wantInput: 'resource-ids',
    wantGiven: `vault name 'kv-${'a'.repeat(22)}'`,
    wantText: '3-24 characters',
  },
  {
    name: 'vault name starts with a digit',
    inputs: { 'resource-ids': vaultId('1kv-rotation') },
    wantInput: 'resource-ids',
    wantGiven: "vault name '1kv-rotation'",
    wantText: 'start with a letter',
  },
  {
    name: 'vault name with a double hyphen',
    inputs: { 'resource-ids': vaultId('kv--rotation') },
    wantInput: 'resource-ids',
    wantGiven: "vault name 'kv--rotation'",
    wantText: 'single hyphens',
  },
  {
    name: 'vault name ends with a hyphen',
    inputs: { 'resource-ids': vaultId('kv-rotation-') },
    wantInput: 'resource-ids',
    wantGiven: "vault name 'kv-rotation-'",
    wantText: 'end with a letter or digit',
  },
  {
    name: 'vault name with an underscore',
    inputs: { 'resource-ids': vaultId('kv_rotation') },
    wantInput: 'resource-ids',
    wantGiven: "vault name 'kv_rotation'",
    wantText: 'letters, digits and hyphens',
  },
  {
    name: 'subscription in the resource ID is not a GUID',
    inputs: {
      'resource-ids':
        '/subscriptions/prod-subscription/resourceGroups/rg-rotation/providers/Microsoft.KeyVault/vaults/kv-rotation',
    },
    wantInput: 'resource-ids',
    wantGiven: "subscription 'prod-subscription'",
    wantText: 'Use <AZURE_SUBSCRIPTION_ID>',
  },
];

const identityCases: BadInputCase[] = [
  {
    name: 'tenant-id missing',
    inputs: { 'tenant-id': '' },
    wantInput: 'tenant-id',
    wantText: 'is required',
  },
  {
    name: 'tenant-id is a domain name',
    inputs: { 'tenant-id': 'contoso.onmicrosoft.com' },
    wantInput: 'tenant-id',
    wantGiven: "'contoso.onmicrosoft.com'",
    wantText: 'az account show',
  },
  {
    name: 'client-id missing',
    inputs: { 'client-id': '  ' },
    wantInput: 'client-id',
    wantText: 'is required',
  },
  {
    name: 'client-id is not a GUID',
    inputs: { 'client-id': 'github-secret-rotation' },
    wantInput: 'client-id',
    wantGiven: "'github-secret-rotation'",
    wantText: 'xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx',
  },
  {
    name: 'subscription-id missing',
    inputs: { 'subscription-id': '' },
    wantInput: 'subscription-id',
    wantText: 'is required',
  },
  {
    name: 'subscription-id is not a GUID',
    inputs: { 'subscription-id': '22222222-2222-4222-8222' },
    wantInput: 'subscription-id',
    wantGiven: "'22222222-2222-4222-8222'",
    wantText: 'xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx',
  },
  {
    name: 'assignee-object-id is not a GUID',
    inputs: { 'assignee-object-id': 'octo-bot' },
    wantInput: 'assignee-object-id',
    wantGiven: "'octo-bot'",
    wantText: 'not a GUID',
  },
  {
    name: 'principal-type unknown',
    inputs: { 'principal-type': 'Robot' },
    wantInput: 'principal-type',
    wantGiven: "'Robot'",
    wantText: 'ServicePrincipal, User, Group, ForeignGroup, Device',
  },
  {
    name: 'justification too long',
    inputs: { justification: 'because '.repeat(70) },
    wantInput: 'justification',
    wantGiven: '559 characters',
    wantText: 'under 500',
  },
];

const selectionCases: BadInputCase[] = [
  {
    name: 'secret-include with an unterminated class',
    inputs: { 'secret-include': 'db-*\ndb-[0-9' },
    wantInput: 'secret-include',
    wantGiven: "'db-[0-9'",
    wantText: "no closing ']'",
  },
  {
    name: 'secret-exclude with an unterminated class',
    inputs: { 'secret-exclude': '[abc' },
    wantInput: 'secret-exclude',
    wantGiven: "'[abc'",
    wantText: "no closing ']'",
  },
  {
    name: 'secret-tags line without =',
    inputs: { 'secret-tags': 'app=orders\nrotate' },
    wantInput: 'secret-tags',
    wantGiven: "'rotate'",
    wantText: 'key=value',
  },
  {
    name: 'include-disabled maybe',
    inputs: { 'include-disabled': 'maybe' },
    wantInput: 'include-disabled',
    wantGiven: "'maybe'",
    wantText: 'Use true or false',
  },
  {
    name: 'dry-run perhaps',
    inputs: { 'dry-run': 'Perhaps' },
    wantInput: 'dry-run',
    wantGiven: "'Perhaps'",
    wantText: 'Use true or false',
  },
  {
    name: 'allow-privileged-roles sure',
    inputs: { 'allow-privileged-roles': 'sure' },
    wantInput: 'allow-privileged-roles',
    wantGiven: "'sure'",
    wantText: 'Use true or false',
  },
];

const numberCases: BadInputCase[] = [
  {
    name: 'propagation-timeout negative',
    inputs: { 'propagation-timeout': '-5' },
    wantInput: 'propagation-timeout',
    wantGiven: "'-5'",
    wantText: 'PT45S',
  },
  {
    name: 'propagation-timeout zero',
    inputs: { 'propagation-timeout': '0' },
    wantInput: 'propagation-timeout',
    wantGiven: "'0'",
    wantText: 'longer than zero',
  },
  {
    name: 'propagation-timeout garbage',
    inputs: { 'propagation-timeout': 'ten minutes' },
    wantInput: 'propagation-timeout',
    wantGiven: "'ten minutes'",
    wantText: '10m',
  },
  {
    name: 'linger-timeout garbage',
    inputs: { 'linger-timeout': '2 min' },
    wantInput: 'linger-timeout',
    wantGiven: "'2 min'",
    wantText: '10m',
  },
  {
    name: 'secret-expires-in garbage',
    inputs: { 'secret-expires-in': 'next year' },
    wantInput: 'secret-expires-in',
    wantGiven: "'next year'",
    wantText: 'P1D',
  },
  {
    name: 'secret-expires-in in months',
    inputs: { 'secret-expires-in': 'P3M' },
    wantInput: 'secret-expires-in',
    wantGiven: "'P3M'",
    wantText: 'months',
  },
  {
    name: 'secret-length too small',
    inputs: { 'secret-length': '8' },
    wantInput: 'secret-length',
    wantGiven: "'8'",
    wantText: 'from 16 to 4096',
  },
  {
    name: 'secret-length not a number',
    inputs: { 'secret-length': 'forty' },
    wantInput: 'secret-length',
    wantGiven: "'forty'",
    wantText: 'whole number',
  },
  {
    name: 'secret-length too weak for the alphabet',
    inputs: { 'secret-length': '20', 'secret-alphabet': '0123456789' },
    wantInput: 'secret-length',
    wantGiven: '20 characters',
    wantText: 'at least 39',
  },
  {
    name: 'secret-alphabet with one character',
    inputs: { 'secret-alphabet': 'x' },
    wantInput: 'secret-alphabet',
    wantGiven: "'x'",
    wantText: 'at least two different characters',
  },
  {
    name: 'secret-alphabet with a repeated character',
    inputs: { 'secret-alphabet': 'abcdefghijklmnopqrstuvwxyza' },
    wantInput: 'secret-alphabet',
    wantGiven: "'abcdefghijklmnopqrstuvwxyza'",
    wantText: 'List each character once',
  },
  {
    name: 'max-concurrency zero',
    inputs: { 'max-concurrency': '0' },
    wantInput: 'max-concurrency',
    wantGiven: "'0'",
    wantText: 'from 1 to 256',
  },
  {
    name: 'max-concurrency 1000',
    inputs: { 'max-concurrency': '1000' },
    wantInput: 'max-concurrency',
    wantGiven: "'1000'",
    wantText: 'from 1 to 256',
  },
  {
    name: 'vault-request-rate fractional',
    inputs: { 'vault-request-rate': '2.5' },
    wantInput: 'vault-request-rate',
    wantGiven: "'2.5'",
    wantText: 'whole number',
  },
];

const cloudCases: BadInputCase[] = [
  {
    name: 'azure-environment unknown',
    inputs: { 'azure-environment': 'AzureGermanCloud' },
    wantInput: 'azure-environment',
    wantGiven: "'AzureGermanCloud'",
    wantText: 'AzureCloud, AzureUSGovernment or AzureChinaCloud',
  },
  {
    name: 'authority-host over http',
    inputs: { 'authority-host': 'http://login.microsoftonline.com' },
    wantInput: 'authority-host',
    wantGiven: "'http://login.microsoftonline.com'",
    wantText: 'https://',
  },
  {
    name: 'resource-manager-endpoint without a scheme',
    inputs: { 'resource-manager-endpoint': 'management.azure.com' },
    wantInput: 'resource-manager-endpoint',
    wantGiven: "'management.azure.com'",
    wantText: 'https:// URL',
  },
  {
    name: 'key-vault-dns-suffix with a scheme',
    inputs: { 'key-vault-dns-suffix': 'https://vault.azure.net' },
    wantInput: 'key-vault-dns-suffix',
    wantGiven: "'https://vault.azure.net'",
    wantText: 'without a scheme or path',
  },
  {
    name: 'key-vault-dns-suffix with a path',
    inputs: { 'key-vault-dns-suffix': 'vault.azure.net/secrets' },
    wantInput: 'key-vault-dns-suffix',
    wantGiven: "'vault.azure.net/secrets'",
    wantText: 'without a scheme or path',
  },
];

const cases = [
  ...listCases,
  ...roleCases,
  ...resourceCases,
  ...identityCases,
  ...selectionCases,
  ...numberCases,
  ...cloudCases,
];

/** The methods of requests to ARM and Key Vault; sign-in requests are not counted. */
function azureMethods(requests: RequestLogEntry[]): string[] {
  const azure = requests.filter((r) => r.service === 'arm' || r.service === 'keyvault');
  return [...new Set(azure.map((r) => r.method))];
}

function errorLines(stdout: string): string[] {
  return stdout.split('\n').filter((line) => line.startsWith('::error::'));
}

describe('bad inputs stop the main step before any write', () => {
  let emulator: Emulator;
  let scenario: Scenario;
  let baseline: Record<string, string>;

  beforeAll(async () => {
    emulator = await startEmulator();
    scenario = seedScenario(emulator, {
      secrets: [{ name: 'db-password', value: SECRET_VALUE }],
    });
    baseline = scenarioInputs(emulator, scenario);
  });
  afterAll(() => emulator.close());

  async function runMainStep(inputs: Record<string, string>): Promise<StepResult> {
    const dir = mkdtempSync(join(tmpdir(), 'jit-bad-input-'));
    return runStep(
      'main',
      { emulator, job: scenario.job, inputs: { ...baseline, ...inputs } },
      dir,
    );
  }

  it('has a case for at least 35 bad inputs, each named once', () => {
    expect(cases.length).toBeGreaterThanOrEqual(35);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  it.each(cases)('$name', async (c) => {
    const logStart = emulator.state.log.length;

    const run = await runMainStep(c.inputs);
    const requests = emulator.state.log.slice(logStart);
    const errors = errorLines(run.stdout);

    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(errors).toHaveLength(1);
    const error = errors[0] as string;
    expect(error).toContain(`Input '${c.wantInput}'`);
    if (c.wantGiven) expect(error).toContain(c.wantGiven);
    if (c.wantText) expect(error).toContain(c.wantText);
    expect(run.stdout + run.stderr).not.toContain(SECRET_VALUE);
    expect(run.stdout + run.stderr).not.toContain(scenario.job.requestToken);

    if (c.readsAzure) {
      // Reads only: no PUT, PATCH, DELETE or POST reached ARM or Key Vault.
      expect(azureMethods(requests)).toEqual(['GET']);
    } else {
      // Checked before sign-in: not even a token is requested.
      expect(requests).toEqual([]);
    }
    expect(emulator.state.liveAssignments()).toEqual([scenario.delegationAssignment]);
  });

  it('lets Owner past input validation with allow-privileged-roles: true', async () => {
    const logStart = emulator.state.log.length;

    const run = await runMainStep({ 'role-ids': OWNER, 'allow-privileged-roles': 'true' });
    const requests = emulator.state.log.slice(logStart);

    // The seeded identity may only assign Key Vault Secrets Officer, so ARM
    // refuses the grant; what matters is that the inputs were accepted.
    const grantAttempts = requests.filter((r) => r.service === 'arm' && r.method === 'PUT');
    expect(run.code).toBe(1);
    expect(errorLines(run.stdout).join('\n')).not.toContain('Input ');
    expect(grantAttempts.map((r) => r.code)).toEqual(['AuthorizationFailed']);
    expect(emulator.state.liveAssignments()).toEqual([scenario.delegationAssignment]);
  });
});
