import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { EOL, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { failEarly, missingRequiredInput, saveStateEarly } from '../src/early.js';

const GUID = '00000000-0000-0000-0000-000000000001';

/** Every required input filled in, as the runner passes them. */
const complete = {
  'INPUT_TENANT-ID': GUID,
  'INPUT_CLIENT-ID': GUID,
  'INPUT_SUBSCRIPTION-ID': GUID,
  'INPUT_RESOURCE-IDS': '/subscriptions/x/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv',
};

describe('missingRequiredInput', () => {
  const cases: {
    name: string;
    env: Record<string, string | undefined>;
    want: string | undefined;
  }[] = [
    { name: 'all given', env: complete, want: undefined },
    { name: 'nothing given: the first is named', env: {}, want: 'tenant-id' },
    {
      name: 'tenant-id absent',
      env: { ...complete, 'INPUT_TENANT-ID': undefined },
      want: 'tenant-id',
    },
    { name: 'client-id blank', env: { ...complete, 'INPUT_CLIENT-ID': '' }, want: 'client-id' },
    {
      name: 'subscription-id whitespace',
      env: { ...complete, 'INPUT_SUBSCRIPTION-ID': ' \t\n ' },
      want: 'subscription-id',
    },
    {
      name: 'resource-ids blank',
      env: { ...complete, 'INPUT_RESOURCE-IDS': '\n' },
      want: 'resource-ids',
    },
    {
      name: 'two missing: the first in order is named',
      env: { ...complete, 'INPUT_CLIENT-ID': '', 'INPUT_RESOURCE-IDS': '' },
      want: 'client-id',
    },
    {
      name: 'underscores instead of hyphens do not count',
      env: { ...complete, 'INPUT_TENANT-ID': undefined, INPUT_TENANT_ID: GUID },
      want: 'tenant-id',
    },
    {
      name: 'lower-case variable names do not count',
      env: { ...complete, 'INPUT_TENANT-ID': undefined, 'input_tenant-id': GUID },
      want: 'tenant-id',
    },
  ];

  it.each(cases)('$name', ({ env, want }) => {
    const message = missingRequiredInput(env);
    if (want === undefined) {
      expect(message).toBeUndefined();
      return;
    }
    expect(message).toMatch(new RegExp(`^Input '${want}': is required\\. \\S`));
  });

  it('says how to fill the input in', () => {
    expect(missingRequiredInput({ ...complete, 'INPUT_RESOURCE-IDS': '' })).toContain(
      'Key Vault resource IDs',
    );
    expect(missingRequiredInput({})).toContain('az account show');
  });
});

describe('failEarly', () => {
  let written: string[];
  let savedExitCode: typeof process.exitCode;

  beforeEach(() => {
    written = [];
    savedExitCode = process.exitCode;
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
  });

  afterEach(() => {
    vi.restoreAllMocks();
    process.exitCode = savedExitCode;
  });

  const cases = [
    { name: 'plain text', message: 'Input missing', want: '::error::Input missing' },
    {
      name: 'percent first, so escapes stay literal',
      message: '100% of %0A',
      want: '::error::100%25 of %250A',
    },
    { name: 'newline', message: 'a\nb', want: '::error::a%0Ab' },
    { name: 'carriage return', message: 'a\r\nb', want: '::error::a%0D%0Ab' },
    { name: 'a smuggled command', message: 'x\n::add-mask::y', want: '::error::x%0A::add-mask::y' },
    { name: 'empty', message: '', want: '::error::' },
  ];

  it.each(cases)('writes one escaped ::error:: line: $name', ({ message, want }) => {
    failEarly(message);

    expect(written).toEqual([`${want}${EOL}`]);
  });

  it('sets a failing exit code without exiting', () => {
    process.exitCode = 0;
    failEarly('bad');

    expect(process.exitCode).toBe(1);
  });
});

describe('saveStateEarly', () => {
  let dir: string;
  let savedState: string | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'jit-early-'));
    savedState = process.env.GITHUB_STATE;
  });

  afterEach(() => {
    if (savedState === undefined) delete process.env.GITHUB_STATE;
    else process.env.GITHUB_STATE = savedState;
    rmSync(dir, { recursive: true, force: true });
  });

  /** Reads a file of `name<<delimiter` commands the way the runner does. */
  function readState(text: string): Record<string, string> {
    const lines = text.split(EOL);
    const state: Record<string, string> = {};
    for (let i = 0; i < lines.length; i++) {
      const match = /^([^<]+)<<(ghadelimiter_[0-9a-f-]{36})$/.exec(lines[i] as string);
      if (!match) continue;
      const end = lines.indexOf(match[2] as string, i + 1);
      state[match[1] as string] = lines.slice(i + 1, end).join(EOL);
      i = end;
    }
    return state;
  }

  const cases = [
    { name: 'a simple value', value: 'true' },
    { name: 'JSON', value: '[{"id":"/subscriptions/x","status":"pending"}]' },
    { name: 'several lines', value: `one${EOL}two${EOL}three` },
    { name: 'an empty value', value: '' },
    { name: 'a value that looks like a command', value: 'other<<EOF' },
  ];

  it.each(cases)('writes the runner’s heredoc format: $name', ({ value }) => {
    const file = join(dir, 'state');
    writeFileSync(file, '');
    process.env.GITHUB_STATE = file;
    saveStateEarly('grants', value);

    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^grants<<ghadelimiter_[0-9a-f-]{36}\r?\n/);
    expect(readState(text)).toEqual({ grants: value });
  });

  it('appends, keeping what was saved before', () => {
    const file = join(dir, 'state');
    writeFileSync(file, '');
    process.env.GITHUB_STATE = file;
    saveStateEarly('is-post', 'true');
    saveStateEarly('journal', '/tmp/journal.jsonl');

    expect(readState(readFileSync(file, 'utf8'))).toEqual({
      'is-post': 'true',
      journal: '/tmp/journal.jsonl',
    });
  });

  it('uses a new delimiter each time', () => {
    const file = join(dir, 'state');
    process.env.GITHUB_STATE = file;
    saveStateEarly('a', '1');
    saveStateEarly('b', '2');
    const delimiters = readFileSync(file, 'utf8').match(/ghadelimiter_[0-9a-f-]{36}/g) ?? [];

    expect(new Set(delimiters).size).toBe(2);
  });

  it('does nothing without GITHUB_STATE', () => {
    delete process.env.GITHUB_STATE;
    expect(() => saveStateEarly('a', '1')).not.toThrow();
  });
});
