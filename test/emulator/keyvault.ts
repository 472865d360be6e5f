import type { Service } from './http.js';
import { azureError } from './http.js';

/** Placeholder until the Key Vault emulation lands. */
export const keyVaultService: Service = {
  name: 'keyvault',
  matches: (req, endpoints) => req.host.endsWith('.' + endpoints.keyVaultHostSuffix),
  handle: async () => azureError(501, 'NotImplemented', 'Key Vault emulation is not written yet'),
};
