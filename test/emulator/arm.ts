import type { Service } from './http.js';
import { azureError } from './http.js';

/** Placeholder until the ARM emulation lands. */
export const armService: Service = {
  name: 'arm',
  matches: (req) =>
    req.host === 'localhost' && /\/providers\/Microsoft\.Authorization\//i.test(req.path),
  handle: async () => azureError(501, 'NotImplemented', 'ARM emulation is not written yet'),
};
