import { describe, expect, it } from 'vitest';
import { resolveCloud, vaultUrl, type CloudOverrides } from '../src/cloud.js';
import { inputErrorOf } from './fixtures/input-error.js';

const NONE: CloudOverrides = {
  environment: '',
  authorityHost: '',
  resourceManagerEndpoint: '',
  resourceManagerAudience: '',
  keyVaultDnsSuffix: '',
};

const PUBLIC = {
  name: 'AzureCloud',
  authorityHost: 'https://login.microsoftonline.com',
  resourceManagerEndpoint: 'https://management.azure.com',
  resourceManagerScope: 'https://management.azure.com/.default',
  keyVaultDnsSuffix: 'vault.azure.net',
  customAuthority: false,
};

describe('resolveCloud', () => {
  const cases = [
    { name: 'blank means the public cloud', overrides: {}, want: PUBLIC },
    { name: 'AzureCloud by name', overrides: { environment: 'AzureCloud' }, want: PUBLIC },
    {
      name: 'US Government, any case',
      overrides: { environment: ' azureusgovernment ' },
      want: {
        name: 'AzureUSGovernment',
        authorityHost: 'https://login.microsoftonline.us',
        resourceManagerEndpoint: 'https://management.usgovcloudapi.net',
        resourceManagerScope: 'https://management.usgovcloudapi.net/.default',
        keyVaultDnsSuffix: 'vault.usgovcloudapi.net',
        customAuthority: false,
      },
    },
    {
      name: 'China',
      overrides: { environment: 'AzureChinaCloud' },
      want: {
        name: 'AzureChinaCloud',
        authorityHost: 'https://login.chinacloudapi.cn',
        resourceManagerEndpoint: 'https://management.chinacloudapi.cn',
        resourceManagerScope: 'https://management.chinacloudapi.cn/.default',
        keyVaultDnsSuffix: 'vault.azure.cn',
        customAuthority: false,
      },
    },
    {
      name: 'an emulator: every endpoint overridden',
      overrides: {
        authorityHost: 'https://localhost:8443/',
        resourceManagerEndpoint: 'https://localhost:8443//',
        keyVaultDnsSuffix: '.Vault.Emulator.Test:8443',
      },
      want: {
        ...PUBLIC,
        authorityHost: 'https://localhost:8443',
        resourceManagerEndpoint: 'https://localhost:8443',
        keyVaultDnsSuffix: 'vault.emulator.test:8443',
        customAuthority: true,
      },
    },
    {
      name: "the cloud's own authority is not custom",
      overrides: { authorityHost: 'https://login.microsoftonline.com/' },
      want: PUBLIC,
    },
    {
      name: "the cloud's own authority in other case is not custom",
      overrides: { authorityHost: 'https://Login.MicrosoftOnline.com' },
      want: { ...PUBLIC, authorityHost: 'https://Login.MicrosoftOnline.com' },
    },
    {
      name: "another cloud's authority is custom here",
      overrides: { authorityHost: 'https://login.microsoftonline.us' },
      want: { ...PUBLIC, authorityHost: 'https://login.microsoftonline.us', customAuthority: true },
    },
    {
      name: 'an audience keeps one slash before .default',
      overrides: {
        resourceManagerEndpoint: 'https://management.local.azurestack.external',
        resourceManagerAudience: 'https://management.adfs.azurestack.local/abc/',
      },
      want: {
        ...PUBLIC,
        resourceManagerEndpoint: 'https://management.local.azurestack.external',
        resourceManagerScope: 'https://management.adfs.azurestack.local/abc/.default',
      },
    },
    {
      name: 'an audience without a slash',
      overrides: { resourceManagerAudience: 'https://management.core.windows.net' },
      want: { ...PUBLIC, resourceManagerScope: 'https://management.core.windows.net/.default' },
    },
    {
      name: 'overrides apply on top of a named cloud',
      overrides: { environment: 'AzureChinaCloud', keyVaultDnsSuffix: 'vault.example.cn' },
      want: { name: 'AzureChinaCloud', keyVaultDnsSuffix: 'vault.example.cn' },
    },
  ];

  it.each(cases)('$name', ({ overrides, want }) => {
    expect(resolveCloud({ ...NONE, ...overrides })).toMatchObject(want);
  });

  const errorCases = [
    {
      name: 'an unknown cloud',
      overrides: { environment: 'AzureGermanCloud' },
      input: 'azure-environment',
      want: "'AzureGermanCloud' is not a known cloud. Use AzureCloud, AzureUSGovernment or AzureChinaCloud",
    },
    {
      name: 'an http authority',
      overrides: { authorityHost: 'http://localhost:8443' },
      input: 'authority-host',
      want: "'http://localhost:8443' must use https://",
    },
    {
      name: 'an authority without a scheme',
      overrides: { authorityHost: 'login.microsoftonline.com' },
      input: 'authority-host',
      want: "'login.microsoftonline.com' is not a URL. Give an absolute https:// URL.",
    },
    {
      name: 'an http ARM endpoint',
      overrides: { resourceManagerEndpoint: 'http://management.azure.com' },
      input: 'resource-manager-endpoint',
      want: 'must use https://',
    },
    {
      name: 'an audience that is not a URL',
      overrides: { resourceManagerAudience: 'management' },
      input: 'resource-manager-audience',
      want: "'management' is not a URL",
    },
    {
      name: 'a DNS suffix with a scheme',
      overrides: { keyVaultDnsSuffix: 'https://vault.azure.net' },
      input: 'key-vault-dns-suffix',
      want: "'https://vault.azure.net' is not a DNS suffix",
    },
    {
      name: 'a DNS suffix with a path',
      overrides: { keyVaultDnsSuffix: 'vault.azure.net/secrets' },
      input: 'key-vault-dns-suffix',
      want: 'without a scheme or path',
    },
    {
      name: 'a DNS suffix of one label',
      overrides: { keyVaultDnsSuffix: 'localhost' },
      input: 'key-vault-dns-suffix',
      want: 'such as vault.azure.net',
    },
    {
      name: 'a DNS suffix with an underscore',
      overrides: { keyVaultDnsSuffix: 'vault_local.test' },
      input: 'key-vault-dns-suffix',
      want: "'vault_local.test' is not a DNS suffix",
    },
    {
      name: 'a DNS suffix with a bad port',
      overrides: { keyVaultDnsSuffix: 'vault.local:port' },
      input: 'key-vault-dns-suffix',
      want: 'optionally with a port',
    },
  ];

  it.each(errorCases)('refuses $name', ({ overrides, input, want }) => {
    const error = inputErrorOf(() => resolveCloud({ ...NONE, ...overrides }));

    expect(error.input).toBe(input);
    expect(error.message).toContain(want);
  });
});

describe('vaultUrl', () => {
  const cases = [
    {
      name: 'public cloud',
      suffix: 'vault.azure.net',
      vault: 'kv-prod',
      want: 'https://kv-prod.vault.azure.net',
    },
    {
      name: 'lower-cases the name',
      suffix: 'vault.azure.cn',
      vault: 'KV-Prod',
      want: 'https://kv-prod.vault.azure.cn',
    },
    {
      name: 'keeps a port',
      suffix: 'vault.local:8443',
      vault: 'kv',
      want: 'https://kv.vault.local:8443',
    },
  ];

  it.each(cases)('$name', ({ suffix, vault, want }) => {
    expect(vaultUrl({ ...PUBLIC, keyVaultDnsSuffix: suffix }, vault)).toBe(want);
  });
});
