import { describe, expect, it } from 'vitest';
import {
  attributeKey,
  conditionPermits,
  parseCondition,
  tokenize,
} from './emulator/arm-conditions.js';
import { KEY_VAULT_SECRETS_OFFICER, ONLY_SECRETS_OFFICER_CONDITION } from './emulator/scenario.js';

const OWNER = '8e3af657-a8ff-443c-a75c-2fe8c4bcb635';
const WRITE = 'Microsoft.Authorization/roleAssignments/write';
const DELETE = 'Microsoft.Authorization/roleAssignments/delete';
const READ = 'Microsoft.Authorization/roleAssignments/read';
const ROLE = 'Microsoft.Authorization/roleAssignments:RoleDefinitionId';
const TYPE = 'Microsoft.Authorization/roleAssignments:PrincipalType';

function attributes(
  entries: Array<['Request' | 'Resource', string, string[]]>,
): Map<string, string[]> {
  return new Map(entries.map(([source, name, values]) => [attributeKey(source, name), values]));
}

describe('conditionPermits', () => {
  const cases: Array<{
    name: string;
    condition: string;
    action: string;
    attrs?: Array<['Request' | 'Resource', string, string[]]>;
    want: boolean;
  }> = [
    {
      name: 'delegation: assigning Secrets Officer',
      condition: ONLY_SECRETS_OFFICER_CONDITION,
      action: WRITE,
      attrs: [['Request', ROLE, [KEY_VAULT_SECRETS_OFFICER]]],
      want: true,
    },
    {
      name: 'delegation: assigning Owner',
      condition: ONLY_SECRETS_OFFICER_CONDITION,
      action: WRITE,
      attrs: [['Request', ROLE, [OWNER]]],
      want: false,
    },
    {
      name: 'delegation: deleting a Secrets Officer assignment',
      condition: ONLY_SECRETS_OFFICER_CONDITION,
      action: DELETE,
      attrs: [['Resource', ROLE, [KEY_VAULT_SECRETS_OFFICER.toUpperCase()]]],
      want: true,
    },
    {
      name: 'delegation: deleting an Owner assignment',
      condition: ONLY_SECRETS_OFFICER_CONDITION,
      action: DELETE,
      attrs: [['Resource', ROLE, [OWNER]]],
      want: false,
    },
    {
      name: 'delegation: reads are not constrained',
      condition: ONLY_SECRETS_OFFICER_CONDITION,
      action: READ,
      want: true,
    },
    {
      name: 'absent attribute with ForAnyOfAnyValues is false',
      condition: `@Request[${ROLE}] ForAnyOfAnyValues:GuidEquals {${OWNER}}`,
      action: WRITE,
      want: false,
    },
    {
      name: 'GuidNotEquals excludes a role',
      condition: `@Request[${ROLE}] ForAnyOfAllValues:GuidNotEquals {${OWNER}, 18d7d88d-d35e-4fb5-a5c3-7773c20a72d9}`,
      action: WRITE,
      attrs: [['Request', ROLE, [KEY_VAULT_SECRETS_OFFICER]]],
      want: true,
    },
    {
      name: 'GuidNotEquals refuses the excluded role',
      condition: `@Request[${ROLE}] ForAnyOfAllValues:GuidNotEquals {${OWNER}}`,
      action: WRITE,
      attrs: [['Request', ROLE, [OWNER]]],
      want: false,
    },
    {
      name: 'principal type, ignoring case, with && and NOT',
      condition: `NOT ActionMatches{'*/read'} && @Request[${TYPE}] ForAnyOfAnyValues:StringEqualsIgnoreCase {'servicePrincipal'}`,
      action: WRITE,
      attrs: [['Request', TYPE, ['ServicePrincipal']]],
      want: true,
    },
    {
      name: 'principal type mismatch with ||',
      condition: `ActionMatches{'*/read'} || @Request[${TYPE}] StringEquals 'User'`,
      action: WRITE,
      attrs: [['Request', TYPE, ['ServicePrincipal']]],
      want: false,
    },
    {
      name: 'unbalanced parentheses never permit',
      condition: `((ActionMatches{'${WRITE}'})`,
      action: WRITE,
      want: false,
    },
    {
      name: 'an unknown operator never permits',
      condition: `@Request[${ROLE}] ForAnyOfAnyValues:GuidLooksLike {${OWNER}}`,
      action: WRITE,
      attrs: [['Request', ROLE, [OWNER]]],
      want: false,
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const outcome = conditionPermits(c.condition, {
        action: c.action,
        attributes: attributes(c.attrs ?? []),
      });
      expect(outcome.permitted).toBe(c.want);
    });
  }

  it('reports why a condition could not be parsed', () => {
    const outcome = conditionPermits('(ActionMatches{', { action: WRITE, attributes: new Map() });
    expect(outcome).toEqual({ permitted: false, error: expect.stringMatching(/Expected/) });
  });
});

describe('parseCondition', () => {
  it('reads the delegation condition from the scenario', () => {
    expect(parseCondition(ONLY_SECRETS_OFFICER_CONDITION).kind).toBe('and');
  });

  it('tokenizes quoted actions, attributes and GUID sets', () => {
    const tokens = tokenize(`@Request[${ROLE}] ForAnyOfAnyValues:GuidEquals {${OWNER}, 'x y'}`);
    expect(tokens.map((t) => t.type)).toEqual([
      'attribute',
      'word',
      'punct',
      'word',
      'punct',
      'string',
      'punct',
    ]);
  });
});
