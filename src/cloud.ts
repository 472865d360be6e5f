/**
 * Azure cloud endpoints. The three public clouds are built in; every endpoint
 * can be overridden for Azure Stack Hub or a local emulator, which is how the
 * tests reach theirs: through the same inputs a user has.
 */
import { InputError } from './errors.js';
import { Inputs } from './names.js';

export interface CloudEndpoints {
  name: string;
  authorityHost: string;
  resourceManagerEndpoint: string;
  /** Token scope for ARM, ending in `/.default`. */
  resourceManagerScope: string;
  /** Host suffix of vault URLs; may carry a port (`vault.local:8443`). */
  keyVaultDnsSuffix: string;
  /** True when the authority is not one of Microsoft's, so MSAL must skip instance discovery. */
  customAuthority: boolean;
}

const CLOUDS: Record<
  string,
  Omit<CloudEndpoints, 'resourceManagerScope' | 'customAuthority'> & { audience: string }
> = {
  azurecloud: {
    name: 'AzureCloud',
    authorityHost: 'https://login.microsoftonline.com',
    resourceManagerEndpoint: 'https://management.azure.com',
    audience: 'https://management.azure.com/',
    keyVaultDnsSuffix: 'vault.azure.net',
  },
  azureusgovernment: {
    name: 'AzureUSGovernment',
    authorityHost: 'https://login.microsoftonline.us',
    resourceManagerEndpoint: 'https://management.usgovcloudapi.net',
    audience: 'https://management.usgovcloudapi.net/',
    keyVaultDnsSuffix: 'vault.usgovcloudapi.net',
  },
  azurechinacloud: {
    name: 'AzureChinaCloud',
    authorityHost: 'https://login.chinacloudapi.cn',
    resourceManagerEndpoint: 'https://management.chinacloudapi.cn',
    audience: 'https://management.chinacloudapi.cn/',
    keyVaultDnsSuffix: 'vault.azure.cn',
  },
};

export interface CloudOverrides {
  environment: string;
  authorityHost: string;
  resourceManagerEndpoint: string;
  resourceManagerAudience: string;
  keyVaultDnsSuffix: string;
}

export function resolveCloud(o: CloudOverrides): CloudEndpoints {
  const cloud = CLOUDS[o.environment.trim().toLowerCase() || 'azurecloud'];
  if (!cloud) {
    throw new InputError(
      Inputs.AzureEnvironment,
      `'${o.environment}' is not a known cloud. Use AzureCloud, AzureUSGovernment or ` +
        `AzureChinaCloud, and override single endpoints with ${Inputs.AuthorityHost}, ` +
        `${Inputs.ResourceManagerEndpoint} and ${Inputs.KeyVaultDnsSuffix}.`,
    );
  }
  const authorityHost = httpsUrl(o.authorityHost, Inputs.AuthorityHost) ?? cloud.authorityHost;
  const audience =
    httpsUrl(o.resourceManagerAudience, Inputs.ResourceManagerAudience) ?? cloud.audience;
  return {
    name: cloud.name,
    authorityHost,
    resourceManagerEndpoint:
      httpsUrl(o.resourceManagerEndpoint, Inputs.ResourceManagerEndpoint) ??
      cloud.resourceManagerEndpoint,
    resourceManagerScope: `${audience.replace(/\/+$/, '')}/.default`,
    keyVaultDnsSuffix: dnsSuffix(o.keyVaultDnsSuffix) ?? cloud.keyVaultDnsSuffix,
    // Host names ignore case, so 'https://Login.microsoftonline.com' is still Microsoft's.
    customAuthority: authorityHost.toLowerCase() !== cloud.authorityHost,
  };
}

/** An https URL without a trailing slash (the audience keeps its own), or undefined if blank. */
function httpsUrl(text: string, input: string): string | undefined {
  const value = text.trim();
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(input, `'${value}' is not a URL. Give an absolute https:// URL.`);
  }
  if (url.protocol !== 'https:') {
    throw new InputError(
      input,
      `'${value}' must use https://: Azure's clients refuse to send tokens over plain HTTP.`,
    );
  }
  return input === Inputs.ResourceManagerAudience ? value : value.replace(/\/+$/, '');
}

function dnsSuffix(text: string): string | undefined {
  const value = text.trim().replace(/^\.+/, '').toLowerCase();
  if (!value) return undefined;
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(:\d{1,5})?$/.test(value)) {
    throw new InputError(
      Inputs.KeyVaultDnsSuffix,
      `'${text.trim()}' is not a DNS suffix. Give a host suffix such as vault.azure.net, ` +
        'optionally with a port (vault.local:8443), without a scheme or path.',
    );
  }
  return value;
}

/** The https URL of a vault in this cloud. */
export function vaultUrl(cloud: CloudEndpoints, vaultName: string): string {
  return `https://${vaultName.toLowerCase()}.${cloud.keyVaultDnsSuffix}`;
}
