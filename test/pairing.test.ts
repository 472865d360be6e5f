import { describe, expect, it } from 'vitest';
import { InputError } from '../src/errors.js';
import { pairRolesWithResources, pairingMode } from '../src/pairing.js';

const pair = (roleId: string, resourceId: string) => ({ roleId, resourceId });

describe('pairingMode', () => {
  const cases = [
    { name: '1 x 1 is zip', roles: 1, resources: 1, want: 'zip' },
    { name: 'equal lengths', roles: 3, resources: 3, want: 'zip' },
    { name: 'one role', roles: 1, resources: 4, want: 'broadcast-role' },
    { name: 'one resource', roles: 4, resources: 1, want: 'broadcast-resource' },
    { name: '2 x 3', roles: 2, resources: 3, want: 'cartesian' },
    { name: '3 x 2', roles: 3, resources: 2, want: 'cartesian' },
  ];

  it.each(cases)('$name', ({ roles, resources, want }) => {
    expect(pairingMode(roles, resources)).toBe(want);
  });
});

describe('pairRolesWithResources', () => {
  const cases = [
    {
      name: '1 x 1',
      roles: ['r1'],
      resources: ['v1'],
      want: { pairs: [pair('r1', 'v1')], duplicates: [] },
    },
    {
      name: 'zip by index',
      roles: ['r1', 'r2'],
      resources: ['v1', 'v2'],
      want: { pairs: [pair('r1', 'v1'), pair('r2', 'v2')], duplicates: [] },
    },
    {
      name: 'broadcast the role',
      roles: ['r1'],
      resources: ['v1', 'v2', 'v3'],
      want: { pairs: [pair('r1', 'v1'), pair('r1', 'v2'), pair('r1', 'v3')], duplicates: [] },
    },
    {
      name: 'broadcast the resource',
      roles: ['r1', 'r2'],
      resources: ['v1'],
      want: { pairs: [pair('r1', 'v1'), pair('r2', 'v1')], duplicates: [] },
    },
    {
      name: 'cartesian product is role-major',
      roles: ['r1', 'r2'],
      resources: ['v1', 'v2', 'v3'],
      want: {
        pairs: [
          pair('r1', 'v1'),
          pair('r1', 'v2'),
          pair('r1', 'v3'),
          pair('r2', 'v1'),
          pair('r2', 'v2'),
          pair('r2', 'v3'),
        ],
        duplicates: [],
      },
    },
    {
      name: 'duplicates ignore case and keep the first',
      roles: ['Reader', 'READER', 'reader'],
      resources: ['/subs/A/vaults/KV', '/subs/a/vaults/kv', '/subs/a/vaults/other'],
      want: {
        pairs: [pair('Reader', '/subs/A/vaults/KV'), pair('reader', '/subs/a/vaults/other')],
        duplicates: [pair('READER', '/subs/a/vaults/kv')],
      },
    },
    {
      name: 'broadcast with a repeated resource',
      roles: ['r1'],
      resources: ['v1', 'V1', 'v2'],
      want: { pairs: [pair('r1', 'v1'), pair('r1', 'v2')], duplicates: [pair('r1', 'V1')] },
    },
    {
      name: 'cartesian with repeated roles',
      roles: ['r1', 'R1', 'r2'],
      resources: ['v1', 'v2'],
      want: {
        pairs: [pair('r1', 'v1'), pair('r1', 'v2'), pair('r2', 'v1'), pair('r2', 'v2')],
        duplicates: [pair('R1', 'v1'), pair('R1', 'v2')],
      },
    },
  ];

  it.each(cases)('$name', ({ roles, resources, want }) => {
    expect(pairRolesWithResources(roles, resources)).toEqual(want);
  });

  const errorCases = [
    { name: 'no roles', roles: [], resources: ['v1'], want: "Input 'role-ids': " },
    { name: 'no resources', roles: ['r1'], resources: [], want: "Input 'resource-ids': " },
    { name: 'neither', roles: [], resources: [], want: "Input 'role-ids': " },
  ];

  it.each(errorCases)('rejects $name', ({ roles, resources, want }) => {
    const run = () => pairRolesWithResources(roles, resources);

    expect(run).toThrow(InputError);
    expect(run).toThrow(want);
  });
});
