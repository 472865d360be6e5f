import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { missingRequiredInput } from '../src/early.js';
import { readSettings } from '../src/inputs.js';
import { Inputs, Outputs } from '../src/names.js';

interface ActionInput {
  description?: unknown;
  required?: unknown;
  default?: unknown;
}

interface ActionYml {
  inputs: Record<string, ActionInput>;
  outputs: Record<string, { description?: unknown }>;
  runs: Record<string, unknown>;
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const action = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as ActionYml;
const declaredInputs = Object.keys(action.inputs).sort();
const declaredOutputs = Object.keys(action.outputs).sort();

/** Values for the required inputs, so that readSettings gets past them. */
const REQUIRED_VALUES: Record<string, string> = {
  [Inputs.TenantId]: '00000000-0000-0000-0000-000000000001',
  [Inputs.ClientId]: '00000000-0000-0000-0000-000000000002',
  [Inputs.SubscriptionId]: '00000000-0000-0000-0000-000000000003',
  [Inputs.ResourceIds]:
    '/subscriptions/00000000-0000-0000-0000-000000000003/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-prod',
};

/** Every input name that readSettings asks for, given action.yml's defaults. */
function inputsReadBySettings(command: string): string[] {
  const read = new Set<string>();
  readSettings((name) => {
    read.add(name);
    if (name === Inputs.Command) return command;
    if (name === Inputs.RollbackFrom && command === 'rollback') return '[]';
    const given = REQUIRED_VALUES[name] ?? action.inputs[name]?.default;
    return typeof given === 'string' ? given : '';
  });
  return [...read].sort();
}

/** `Outputs.X` names referenced anywhere in src/. */
function outputsUsedInSource(): string[] {
  const src = join(root, 'src');
  const used = new Set<string>();
  for (const file of readdirSync(src).filter((f) => f.endsWith('.ts'))) {
    const text = readFileSync(join(src, file), 'utf8');
    for (const match of text.matchAll(/\bOutputs\.(\w+)/g)) used.add(match[1] as string);
  }
  return [...used].sort();
}

describe('action.yml inputs', () => {
  it('declares exactly the inputs named in src/names.ts', () => {
    expect(declaredInputs).toEqual(Object.values(Inputs).sort());
  });

  it.each(['rotate', 'plan', 'sweep', 'rollback'])(
    'declares every input the code reads, and the code reads every one (command %s)',
    (command) => {
      expect(inputsReadBySettings(command)).toEqual(declaredInputs);
    },
  );

  it.each(declaredInputs)('%s has a description and an explicit required', (name) => {
    const input = action.inputs[name] as ActionInput;

    expect(typeof input.description).toBe('string');
    expect((input.description as string).trim().length).toBeGreaterThan(10);
    expect(typeof input.required).toBe('boolean');
  });

  it.each(declaredInputs)('%s has a string default if any, and none when required', (name) => {
    const input = action.inputs[name] as ActionInput;

    if (input.required === true) expect(input).not.toHaveProperty('default');
    else expect(typeof input.default).toBe('string');
  });

  it('requires the inputs that the early check requires', () => {
    const required = declaredInputs.filter((n) => action.inputs[n]?.required === true);
    const env = (names: string[]) =>
      Object.fromEntries(names.map((n) => [`INPUT_${n.toUpperCase()}`, REQUIRED_VALUES[n] ?? 'x']));

    expect(missingRequiredInput(env(required))).toBeUndefined();
    for (const name of required) {
      const message = missingRequiredInput(env(required.filter((n) => n !== name)));
      expect(message).toContain(`Input '${name}'`);
    }
  });
});

describe('action.yml outputs', () => {
  it('declares exactly the outputs named in src/names.ts', () => {
    expect(declaredOutputs).toEqual(Object.values(Outputs).sort());
  });

  it('sets every output somewhere in src', () => {
    expect(outputsUsedInSource()).toEqual(Object.keys(Outputs).sort());
  });

  it.each(declaredOutputs)('%s has a description', (name) => {
    const description = action.outputs[name]?.description;

    expect(typeof description).toBe('string');
    expect((description as string).trim().length).toBeGreaterThan(10);
  });
});

describe('action.yml runs', () => {
  it('runs dist/index.js on node24 as main and as an always-run post step', () => {
    expect(action.runs).toEqual({
      using: 'node24',
      main: 'dist/index.js',
      post: 'dist/index.js',
      'post-if': 'always()',
    });
  });
});
