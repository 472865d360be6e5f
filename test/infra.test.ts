/**
 * infra/main.bicep read as text (no Bicep compiler here): its parameters and
 * outputs agree with infra/README.md and the workflows, the vault is protected,
 * no broad role is assigned, and the delegation condition is exactly the one
 * the emulator enforces, so the tests exercise what the template deploys.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  KEY_VAULT_SECRETS_OFFICER,
  DELETE_ONLY_SECRETS_OFFICER_CONDITION,
  ONLY_SECRETS_OFFICER_CONDITION,
  RBAC_ADMINISTRATOR,
  USER_ACCESS_ADMINISTRATOR,
} from './emulator/scenario.js';
import {
  declarations,
  property,
  stringVariables,
  unescapeBicepString,
} from './fixtures/bicep-text.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const bicep = read('infra/main.bicep');
const readme = read('infra/README.md');
const variables = stringVariables(bicep);

const OWNER = '8e3af657-a8ff-443c-a75c-2fe8c4bcb635';
const CONTRIBUTOR = 'b24988ac-6180-42a0-ab88-3bd38f1c7a8c';
const KEY_VAULT_READER = '21090545-7ca7-4776-b22c-e363652d74d2';
const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

interface Call {
  with: Record<string, string>;
}
const demo = parse(read('.github/workflows/demo-rotation.yml')) as { jobs: { rotate: Call } };
const reusable = parse(read('.github/workflows/pim-elevate.yml')) as {
  on: { workflow_call: { inputs: Record<string, { default?: string }> } };
};

/** Rows of the "Outputs and where they go" table: output, variable, workflow input. */
function outputTable(): Array<{ output: string; variable?: string; input?: string }> {
  const section = readme.slice(readme.indexOf('## Outputs and where they go'));
  return [...section.matchAll(/^\| `(\w+)` \| (?:`(\w+)`)? *\| (?:`([\w-]+)`)? *\|/gm)].map(
    (m) => ({ output: m[1] as string, variable: m[2], input: m[3] }),
  );
}

const roleAssignments = declarations(bicep, 'resource').filter((r) =>
  r.type.startsWith('Microsoft.Authorization/roleAssignments@'),
);

/** The role GUID a role assignment's roleDefinitionId names, through its variable. */
function roleOf(body: string): string | undefined {
  const name = /roleDefinitions',\s*(\w+)\)/.exec(property(body, 'roleDefinitionId') ?? '')?.[1];
  return name ? variables[name] : undefined;
}

describe('Bicep string reading (test helper)', () => {
  const cases = [
    { name: 'plain text', literal: "'abc'", want: 'abc' },
    { name: 'an escaped quote', literal: "'it\\'s'", want: "it's" },
    { name: 'an escaped backslash', literal: "'a\\\\b'", want: 'a\\b' },
    { name: 'an escaped dollar', literal: "'\\${x}'", want: '${x}' },
    { name: 'control escapes', literal: "'a\\nb\\tc\\r'", want: 'a\nb\tc\r' },
    { name: 'a unicode escape', literal: "'\\u{41}\\u{1F600}'", want: 'A\u{1F600}' },
    { name: 'an interpolation', literal: "'x-${id}-y'", want: 'x-42-y' },
  ];
  it.each(cases)('undoes $name', ({ literal, want }) => {
    expect(unescapeBicepString(literal, { id: '42' })).toBe(want);
  });

  it.each(["'\\q'", "'${unknown}'", "'a'b'", 'abc'])('refuses %s', (literal) => {
    expect(() => unescapeBicepString(literal)).toThrow();
  });
});

describe('parameters and outputs', () => {
  const params = declarations(bicep, 'param').map((p) => p.name);
  const outputs = declarations(bicep, 'output').map((o) => o.name);

  it('takes the parameters the README documents', () => {
    expect(params).toEqual([
      'location',
      'vaultName',
      'githubRepository',
      'environmentName',
      'planEnvironmentName',
      'sweepEnvironmentName',
      'appDisplayName',
    ]);
    for (const name of params) expect(readme).toContain(`| \`${name}\` |`);
  });

  it('has the outputs the workflows and docs use, and no other', () => {
    expect([...outputs].sort()).toEqual(
      [
        'clientId',
        'federatedSubject',
        'keyVaultId',
        'keyVaultName',
        'planClientId',
        'planFederatedSubject',
        'sweepClientId',
        'sweepFederatedSubject',
        'servicePrincipalObjectId',
        'subscriptionId',
        'tenantId',
      ].sort(),
    );
    expect(
      outputTable()
        .map((r) => r.output)
        .sort(),
    ).toEqual([...outputs].sort());
  });

  it('maps every variable of the README to the reusable workflow input the demo passes it to', () => {
    const inputs = reusable.on.workflow_call.inputs;
    const mapped = outputTable().filter((r) => r.variable && r.input);
    expect(mapped.length).toBeGreaterThanOrEqual(6);
    // A variable with no reusable-workflow input is read by another workflow.
    const workflows = ['sweep.yml', 'demo-rotation.yml']
      .map((f) => read(`.github/workflows/${f}`))
      .join('\n');
    for (const { variable } of outputTable().filter((r) => r.variable && !r.input)) {
      expect(workflows).toContain(`vars.${variable}`);
    }
    for (const { variable, input } of mapped) {
      expect(inputs).toHaveProperty([input as string]);
      expect([input, demo.jobs.rotate.with[input as string]]).toEqual([
        input,
        expect.stringContaining(`vars.${variable}`),
      ]);
    }
  });

  it('reads no repository variable that no output provides', () => {
    const text = read('.github/workflows/demo-rotation.yml');
    const used = new Set([...text.matchAll(/vars\.(\w+)/g)].map((m) => m[1]));
    const provided = new Set(outputTable().map((r) => r.variable));
    expect([...used].filter((v) => !provided.has(v))).toEqual([]);
  });

  it('trusts the same environment names the reusable workflow uses by default', () => {
    const inputs = reusable.on.workflow_call.inputs;
    const defaultOf = (name: string) =>
      declarations(bicep, 'param').find((p) => p.name === name)?.body;
    expect(defaultOf('environmentName')).toBe(`'${inputs.environment?.default}'`);
    expect(defaultOf('planEnvironmentName')).toBe("'${environmentName}-plan'");
    expect(inputs['plan-environment']?.default).toBe(`${inputs.environment?.default}-plan`);
    expect(defaultOf('sweepEnvironmentName')).toBe("'${environmentName}-sweep'");
    const sweep = read('.github/workflows/sweep.yml');
    expect(sweep).toContain(`environment: ${inputs.environment?.default}-sweep`);
    expect(sweep).toContain('vars.AZURE_SWEEP_CLIENT_ID');
    expect(outputTable().find((r) => r.variable === 'AZURE_SWEEP_CLIENT_ID')?.output).toBe(
      'sweepClientId',
    );
  });
});

describe('the Key Vault', () => {
  const vault = declarations(bicep, 'resource').find((r) =>
    r.type.startsWith('Microsoft.KeyVault/vaults@'),
  );

  it.each([
    ['enableRbacAuthorization', 'true'],
    ['enableSoftDelete', 'true'],
    ['enablePurgeProtection', 'true'],
  ])('sets %s: %s', (key, want) => {
    expect(property(vault?.body ?? '', key)).toBe(want);
  });
});

describe('identities', () => {
  const resources = declarations(bicep, 'resource');

  it('are Graph apps with service principals, and nothing else holds access', () => {
    const types = resources.map((r) => r.type.split('@')[0]);
    // The rotator, the read-only planner and the delete-only sweeper.
    expect(types.filter((t) => t === 'Microsoft.Graph/applications')).toHaveLength(3);
    expect(types.filter((t) => t === 'Microsoft.Graph/servicePrincipals')).toHaveLength(3);
    expect(types.some((t) => /ManagedIdentity|Storage/.test(t ?? ''))).toBe(false);
  });

  it('trust GitHub environment subjects only, from GitHub’s issuer, for Azure’s audience', () => {
    const credentials = [
      ...bicep.matchAll(/'federatedIdentityCredentials@v1\.0' = \{\n([\s\S]*?)\n {2}\}/g),
    ];
    expect(credentials).toHaveLength(3);
    for (const [, body] of credentials) {
      expect(property(body as string, 'issuer')).toBe('githubIssuer');
      expect(body).toMatch(/audiences: \[\s*githubAudience\s*\]/);
    }
    expect(variables.githubIssuer).toBe('https://token.actions.githubusercontent.com');
    expect(variables.githubAudience).toBe('api://AzureADTokenExchange');
    const subjects = declarations(bicep, 'var').filter((v) => /Subject$/.test(v.name));
    for (const s of subjects)
      expect(s.body).toMatch(/^'repo:\$\{githubRepository\}:environment:\$\{\w+\}'$/);
  });
});

describe('role assignments', () => {
  it('name only Key Vault Reader and the conditioned RBAC Administrator', () => {
    const roles = roleAssignments.map((r) => roleOf(r.body));
    expect(new Set(roles)).toEqual(new Set([KEY_VAULT_READER, RBAC_ADMINISTRATOR]));
  });

  it('never mention Owner, Contributor or User Access Administrator', () => {
    const guids = new Set((bicep.match(GUID) ?? []).map((g) => g.toLowerCase()));
    for (const broad of [OWNER, CONTRIBUTOR, USER_ACCESS_ADMINISTRATOR]) {
      expect(guids.has(broad)).toBe(false);
    }
    expect(bicep).not.toMatch(/User Access Administrator'|'Owner'|'Contributor'/);
  });

  it('are all scoped to the vault, for service principals', () => {
    for (const r of roleAssignments) {
      expect([r.name, property(r.body, 'scope')]).toEqual([r.name, 'vault']);
      expect([r.name, property(r.body, 'principalType')]).toEqual([r.name, "'ServicePrincipal'"]);
    }
  });

  it('give RBAC Administrator only with the condition, version 2.0', () => {
    const delegations = roleAssignments.filter((r) => roleOf(r.body) === RBAC_ADMINISTRATOR);
    expect(delegations.map((d) => property(d.body, 'condition')).sort()).toEqual([
      'deleteOnlySecretsOfficerCondition',
      'onlySecretsOfficerCondition',
    ]);
    for (const d of delegations) expect(property(d.body, 'conditionVersion')).toBe("'2.0'");
  });
});

describe('the delegation condition', () => {
  const condition = variables.onlySecretsOfficerCondition ?? '';

  it('is, unescaped, the condition the emulator enforces', () => {
    expect(condition).toBe(ONLY_SECRETS_OFFICER_CONDITION);
  });

  it('constrains both writing and deleting role assignments', () => {
    expect(condition).toContain("ActionMatches{'Microsoft.Authorization/roleAssignments/write'}");
    expect(condition).toContain("ActionMatches{'Microsoft.Authorization/roleAssignments/delete'}");
    expect(condition).toContain(
      '@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId]',
    );
    expect(condition).toContain(
      '@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId]',
    );
  });

  it('allows Key Vault Secrets Officer and no other role', () => {
    const guids = (condition.match(GUID) ?? []).map((g) => g.toLowerCase());
    expect(guids).toEqual([KEY_VAULT_SECRETS_OFFICER, KEY_VAULT_SECRETS_OFFICER]);
  });
});

describe("the sweeper's condition", () => {
  const condition = variables.deleteOnlySecretsOfficerCondition ?? '';

  it('is, unescaped, the condition the emulator enforces', () => {
    expect(condition).toBe(DELETE_ONLY_SECRETS_OFFICER_CONDITION);
  });

  it('refuses every write and allows deleting only Key Vault Secrets Officer', () => {
    expect(condition).toContain(
      "((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})))",
    );
    expect(condition).not.toContain('@Request[');
    const guids = (condition.match(GUID) ?? []).map((g) => g.toLowerCase());
    expect(guids).toEqual([KEY_VAULT_SECRETS_OFFICER]);
  });
});
