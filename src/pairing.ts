/**
 * Decides which role is granted on which resource, from the two lists the
 * user gave.
 */
import { InputError } from './errors.js';

/** One role assignment to make: a role definition on a resource scope. */
export interface Pair {
  roleId: string;
  resourceId: string;
}

/** How two lists of the given lengths are combined into pairs. */
export type PairingMode = 'zip' | 'broadcast-role' | 'broadcast-resource' | 'cartesian';

/**
 * Chooses the pairing for `roleCount` roles and `resourceCount` resources:
 * equal lengths pair by index (1 x 1 included), a single role or resource is
 * used with every item of the other list, and any other mismatch pairs every
 * role with every resource.
 */
export function pairingMode(roleCount: number, resourceCount: number): PairingMode {
  if (roleCount === resourceCount) {
    return 'zip';
  }
  if (roleCount === 1) {
    return 'broadcast-role';
  }
  if (resourceCount === 1) {
    return 'broadcast-resource';
  }
  return 'cartesian';
}

/**
 * Pairs role IDs with resource IDs (see `pairingMode`). Pairs that repeat an
 * earlier one, ignoring case as Azure does for IDs, are left out of `pairs`
 * and listed in `duplicates` so the caller can warn about them.
 */
export function pairRolesWithResources(
  roles: string[],
  resources: string[],
): { pairs: Pair[]; duplicates: Pair[] } {
  if (roles.length === 0) {
    throw new InputError('role-ids', 'no role given; list at least one role definition ID.');
  }
  if (resources.length === 0) {
    throw new InputError('resource-ids', 'no resource given; list at least one resource ID.');
  }

  return splitDuplicates(combine(roles, resources));
}

function combine(roles: string[], resources: string[]): Pair[] {
  switch (pairingMode(roles.length, resources.length)) {
    case 'zip':
      return roles.map((roleId, index) => ({ roleId, resourceId: resources[index] as string }));
    case 'broadcast-role':
      return resources.map((resourceId) => ({ roleId: roles[0] as string, resourceId }));
    case 'broadcast-resource':
      return roles.map((roleId) => ({ roleId, resourceId: resources[0] as string }));
    case 'cartesian':
      return roles.flatMap((roleId) => resources.map((resourceId) => ({ roleId, resourceId })));
  }
}

function splitDuplicates(all: Pair[]): { pairs: Pair[]; duplicates: Pair[] } {
  const seen = new Set<string>();
  const pairs: Pair[] = [];
  const duplicates: Pair[] = [];

  for (const pair of all) {
    // A newline cannot occur in an Azure ID, so the key is unambiguous.
    const key = `${pair.roleId.toLowerCase()}\n${pair.resourceId.toLowerCase()}`;
    if (seen.has(key)) {
      duplicates.push(pair);
    } else {
      seen.add(key);
      pairs.push(pair);
    }
  }
  return { pairs, duplicates };
}
