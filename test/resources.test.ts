import { describe, expect, it } from 'vitest';
import { parseList, parseRoleRef, parseVaultId } from '../src/resources.js';
import { inputErrorOf } from './fixtures/input-error.js';

const SUBSCRIPTION = '22222222-2222-4222-8222-222222222222';
const GROUP = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-rotation`;
const vaultId = (name: string) => `${GROUP}/providers/Microsoft.KeyVault/vaults/${name}`;
const SECRETS_OFFICER = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7';

describe('parseVaultId', () => {
  const cases = [
    {
      name: 'a vault ID as ARM writes it',
      raw: vaultId('kv-rotation'),
      want: { id: vaultId('kv-rotation'), resourceGroup: 'rg-rotation', name: 'kv-rotation' },
    },
    {
      name: 'the subscription placeholder',
      raw: '/subscriptions/<AZURE_SUBSCRIPTION_ID>/resourceGroups/rg-rotation/providers/Microsoft.KeyVault/vaults/kv-rotation',
      want: { id: vaultId('kv-rotation'), subscriptionId: SUBSCRIPTION },
    },
    {
      name: 'lower-case segments are written the way ARM does',
      raw: `/SUBSCRIPTIONS/${SUBSCRIPTION.toUpperCase()}/resourcegroups/rg-rotation/providers/microsoft.keyvault/VAULTS/kv-rotation`,
      want: { id: vaultId('kv-rotation'), subscriptionId: SUBSCRIPTION },
    },
    {
      name: 'spaces and a trailing slash',
      raw: `  ${vaultId('kv-rotation')}/  `,
      want: { id: vaultId('kv-rotation') },
    },
    {
      name: 'shortest and longest names',
      raw: vaultId('k9v'),
      want: { name: 'k9v' },
    },
    {
      name: '24 characters',
      raw: vaultId(`kv-${'a'.repeat(21)}`),
      want: { name: `kv-${'a'.repeat(21)}` },
    },
    {
      name: 'the resource group keeps its case',
      raw: vaultId('kv').replace('rg-rotation', 'RG-Rotation').replace('/kv', '/KV-Prod'),
      want: { resourceGroup: 'RG-Rotation', name: 'KV-Prod' },
    },
  ];

  it.each(cases)('$name', ({ raw, want }) => {
    expect(parseVaultId(raw, SUBSCRIPTION)).toMatchObject(want);
  });

  const errorCases = [
    { name: 'a subscription', raw: `/subscriptions/${SUBSCRIPTION}`, want: 'scope above a vault' },
    { name: 'a resource group', raw: GROUP, want: 'scope above a vault' },
    {
      name: 'a secret in a vault',
      raw: `${vaultId('kv-rotation')}/secrets/db`,
      want: 'give the vault itself',
    },
    {
      name: 'a storage account',
      raw: `${GROUP}/providers/Microsoft.Storage/storageAccounts/st1`,
      want: 'names a Microsoft.Storage/storageAccounts resource',
    },
    {
      name: 'a managed HSM',
      raw: `${GROUP}/providers/Microsoft.KeyVault/managedHSMs/hsm1`,
      want: 'only grants access to Key Vaults',
    },
    {
      name: 'a vault URL',
      raw: 'https://kv-rotation.vault.azure.net',
      want: 'Expected /subscriptions',
    },
    {
      name: 'another placeholder',
      raw: '/subscriptions/<AZURE_SUBSCRIPTION_ID>/resourceGroups/<RESOURCE_GROUP>/providers/Microsoft.KeyVault/vaults/kv',
      want: 'still has a placeholder',
    },
    {
      name: 'a lower-case placeholder',
      raw: vaultId('<name>'),
      want: 'Only <AZURE_SUBSCRIPTION_ID> is replaced',
    },
    {
      name: 'a subscription name',
      raw: vaultId('kv-rotation').replace(SUBSCRIPTION, 'production'),
      want: "subscription 'production', which is not a GUID",
    },
    { name: 'two characters', raw: vaultId('kv'), want: '3-24 characters' },
    { name: '25 characters', raw: vaultId(`kv-${'a'.repeat(22)}`), want: '3-24 characters' },
    { name: 'a leading digit', raw: vaultId('1kv'), want: 'start with a letter' },
    { name: 'a leading hyphen', raw: vaultId('-kv'), want: 'start with a letter' },
    { name: 'a trailing hyphen', raw: vaultId('kv-'), want: 'end with a letter or digit' },
    { name: 'a double hyphen', raw: vaultId('kv--prod'), want: "never '--'" },
    { name: 'an underscore', raw: vaultId('kv_prod'), want: 'letters, digits and hyphens' },
    { name: 'a dot', raw: vaultId('kv.prod'), want: 'letters, digits and hyphens' },
  ];

  it.each(errorCases)('refuses $name', ({ raw, want }) => {
    const error = inputErrorOf(() => parseVaultId(raw, SUBSCRIPTION));

    expect(error.input).toBe('resource-ids');
    expect(error.message).toContain(`'${raw.trim()}'`);
    expect(error.message).toContain(want);
  });
});

describe('parseRoleRef', () => {
  const cases = [
    {
      name: 'a GUID',
      raw: SECRETS_OFFICER,
      want: { kind: 'guid', guid: SECRETS_OFFICER, given: SECRETS_OFFICER },
    },
    {
      name: 'an upper-case GUID',
      raw: ` ${SECRETS_OFFICER.toUpperCase()} `,
      want: { kind: 'guid', guid: SECRETS_OFFICER, given: SECRETS_OFFICER.toUpperCase() },
    },
    {
      name: 'a subscription role definition ID',
      raw: `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/${SECRETS_OFFICER}`,
      want: { kind: 'guid', guid: SECRETS_OFFICER },
    },
    {
      name: 'a tenant role definition ID',
      raw: `/providers/microsoft.authorization/roledefinitions/${SECRETS_OFFICER.toUpperCase()}`,
      want: { kind: 'guid', guid: SECRETS_OFFICER },
    },
    {
      name: 'a role name',
      raw: 'Key Vault Secrets Officer',
      want: { kind: 'name', name: 'Key Vault Secrets Officer' },
    },
    {
      name: 'a name with parentheses and dots',
      raw: 'Contoso Rotator (v2.1)',
      want: { kind: 'name', name: 'Contoso Rotator (v2.1)' },
    },
    { name: 'a short custom name', raw: 'Ops', want: { kind: 'name', name: 'Ops' } },
  ];

  it.each(cases)('$name', ({ raw, want }) => {
    expect(parseRoleRef(raw)).toMatchObject(want);
  });

  const errorCases = [
    { name: 'a GUID with a typo', raw: `${SECRETS_OFFICER.slice(0, -1)}Z`, want: '8-4-4-4-12' },
    { name: 'a GUID cut short', raw: SECRETS_OFFICER.slice(0, 18), want: 'looks like a role GUID' },
    { name: 'a GUID without hyphens', raw: SECRETS_OFFICER.replace(/-/g, ''), want: '8-4-4-4-12' },
    { name: 'a GUID in braces', raw: `{${SECRETS_OFFICER}}`, want: 'neither a role GUID' },
    {
      name: 'a definition ID ending in a name',
      raw: '/providers/Microsoft.Authorization/roleDefinitions/Reader',
      want: "ends in 'Reader', which is not a GUID",
    },
    {
      name: 'an assignment ID',
      raw: `${GROUP}/providers/Microsoft.Authorization/roleAssignments/${SECRETS_OFFICER}`,
      want: 'role definition ID',
    },
    { name: 'a semicolon', raw: 'Reader; Owner', want: "such as 'Key Vault Secrets Officer'" },
    { name: 'quotes', raw: "'Reader'", want: 'neither' },
    { name: 'one character', raw: 'R', want: 'neither' },
    { name: '129 characters', raw: 'R'.repeat(129), want: 'neither' },
  ];

  it.each(errorCases)('refuses $name', ({ raw, want }) => {
    const error = inputErrorOf(() => parseRoleRef(raw));

    expect(error.input).toBe('role-ids');
    expect(error.message).toContain(`'${raw}'`);
    expect(error.message).toContain(want);
  });
});

describe('parseList', () => {
  const cases = [
    { name: 'a JSON array', text: '["a", "b"]', want: ['a', 'b'] },
    { name: 'JSON entries are trimmed', text: ' [" a ", "b\\n"] ', want: ['a', 'b'] },
    { name: 'a JSON array over lines', text: '[\n  "a",\n  "b"\n]\n', want: ['a', 'b'] },
    { name: 'one line', text: 'Key Vault Secrets Officer', want: ['Key Vault Secrets Officer'] },
    { name: 'lines', text: 'a\nb\n', want: ['a', 'b'] },
    { name: 'CRLF and blank lines', text: '\r\n a \r\n\r\n b \r\n', want: ['a', 'b'] },
    { name: 'a line with brackets inside', text: 'a[1]\nb', want: ['a[1]', 'b'] },
    { name: 'duplicates are kept', text: 'a\na', want: ['a', 'a'] },
  ];

  it.each(cases)('$name', ({ text, want }) => {
    expect(parseList(text, 'role-ids')).toEqual(want);
  });

  const errorCases = [
    { name: 'empty', text: '', want: 'is empty' },
    { name: 'only blank lines', text: ' \n\t\n', want: 'is empty' },
    { name: 'malformed JSON', text: '["a"', want: `'["a"' is not valid JSON` },
    { name: 'unquoted JSON', text: '[a, b]', want: `'[a, b]' is not valid JSON` },
    { name: 'a JSON object', text: '{"a": 1}', want: `'{"a": 1}' is JSON but not an array` },
    { name: 'a JSON string', text: '"a"', want: `'"a"' is JSON but not an array` },
    { name: 'an empty array', text: '[ ]', want: "'[ ]' is an empty array" },
    { name: 'a null entry', text: '["a", null]', want: 'entry 1 is null' },
    { name: 'a number entry', text: '[1]', want: 'entry 0 is 1' },
    { name: 'a blank entry', text: '[" "]', want: 'entry 0 is " "' },
    { name: 'a nested array', text: '[["a"]]', want: 'entry 0 is ["a"]' },
    { name: 'an object entry', text: '[{"id": "a"}]', want: 'entry 0 is {"id":"a"}' },
  ];

  it.each(errorCases)('refuses $name', ({ text, want }) => {
    const error = inputErrorOf(() => parseList(text, 'resource-ids'));

    expect(error.input).toBe('resource-ids');
    expect(error.message).toContain(want);
  });

  it('shortens a long value in the message to one line', () => {
    const text = `[\n${'"x",\n'.repeat(100)}`;

    const { message } = inputErrorOf(() => parseList(text, 'resource-ids'));

    expect(message).not.toContain('\n');
    expect(message).toContain('…');
    expect(message.length).toBeLessThan(400);
  });
});
