import { describe, expect, it } from 'vitest';
import { InputError } from '../src/errors.js';
import { compileGlob, compileSecretFilter } from '../src/glob.js';

describe('compileGlob', () => {
  const cases = [
    { name: 'literal', pattern: 'db-password', input: 'db-password', want: true },
    { name: 'literal ignores case', pattern: 'DB-Password', input: 'db-PASSWORD', want: true },
    { name: 'literal mismatch', pattern: 'db-password', input: 'db-passwords', want: false },
    { name: 'star matches a run', pattern: 'db-*', input: 'db-password', want: true },
    { name: 'star matches nothing', pattern: 'db-*', input: 'db-', want: true },
    { name: 'star in the middle', pattern: 'app-*-key', input: 'app-prod-eu-key', want: true },
    { name: 'star needs the suffix', pattern: 'app-*-key', input: 'app-prod-keys', want: false },
    { name: 'only a star', pattern: '*', input: 'anything-1', want: true },
    { name: 'repeated stars', pattern: 'a**b', input: 'axxb', want: true },
    { name: 'question mark is one char', pattern: 'key?', input: 'key1', want: true },
    { name: 'question mark needs a char', pattern: 'key?', input: 'key', want: false },
    { name: 'question mark is not two', pattern: 'key?', input: 'key12', want: false },
    { name: 'class of letters', pattern: 'v[abc]', input: 'vb', want: true },
    { name: 'class miss', pattern: 'v[abc]', input: 'vd', want: false },
    { name: 'range', pattern: 'v[0-9]', input: 'v7', want: true },
    { name: 'range miss', pattern: 'v[0-9]', input: 'vx', want: false },
    { name: 'upper range ignores case', pattern: 'v[A-C]', input: 'vb', want: true },
    { name: 'negated class', pattern: 'v[!0-9]', input: 'vx', want: true },
    { name: 'negated class miss', pattern: 'v[!0-9]', input: 'v3', want: false },
    { name: 'negated ignores case', pattern: 'v[!a-z]', input: 'vQ', want: false },
    { name: 'dash literal in class', pattern: 'a[-x]b', input: 'a-b', want: true },
    { name: 'dash at class end', pattern: 'a[x-]b', input: 'a-b', want: true },
    { name: 'mixed', pattern: '*-[0-9][0-9]?', input: 'svc-42a', want: true },
    { name: 'backtracking star', pattern: '*a*b', input: 'xaxaxb', want: true },
    { name: 'backtracking star miss', pattern: '*a*b', input: 'xaxaxc', want: false },
  ];

  it.each(cases)('$name: $pattern ~ $input', ({ pattern, input, want }) => {
    expect(compileGlob(pattern, 'secret-include')(input)).toBe(want);
  });

  it('stays fast on many stars against a near miss', () => {
    const matches = compileGlob('*a*a*a*a*a*a*a*a*b', 'secret-include');
    const start = performance.now();

    expect(matches('a'.repeat(127))).toBe(false);
    expect(performance.now() - start).toBeLessThan(200);
  });

  const errorCases = [
    { name: 'empty', pattern: '', want: 'it is empty' },
    { name: 'unterminated class', pattern: 'db-[0-9', want: "has no closing ']'" },
    { name: 'empty class', pattern: 'a[]', want: 'is empty' },
    { name: 'empty negated class', pattern: 'a[!]', want: 'is empty' },
    { name: 'underscore', pattern: 'db_password', want: "'_' at position 3 can never appear" },
    { name: 'dot', pattern: 'db.*', want: "'.' at position 3" },
    { name: 'space', pattern: 'db *', want: "' ' at position 3" },
    { name: 'regex special', pattern: 'a(b)', want: "'(' at position 2" },
    { name: 'stray bracket', pattern: 'a]', want: 'never opened' },
    { name: 'bang outside class', pattern: '!a', want: 'only negates a class' },
    { name: 'caret negation', pattern: 'a[^b]', want: "'^' inside a class" },
    { name: 'bad char in class', pattern: 'a[b.]', want: "'.' inside a class" },
    { name: 'backwards range', pattern: 'a[z-a]', want: "range 'z-a'" },
    { name: 'mixed range', pattern: 'a[0-z]', want: "range '0-z'" },
  ];

  it.each(errorCases)('rejects $name', ({ pattern, want }) => {
    const run = () => compileGlob(pattern, 'secret-exclude');

    expect(run).toThrow(InputError);
    expect(run).toThrow(want);
    expect(run).toThrow(`Input 'secret-exclude': pattern '${pattern}' is not valid`);
    expect(run).toThrow('Patterns may use letters, digits');
  });
});

interface FilterCase {
  name: string;
  opts: { include: string[]; exclude: string[]; tags: Record<string, string> };
  secret: { name: string; tags?: Record<string, string> };
  want: boolean;
}

describe('compileSecretFilter', () => {
  const cases: FilterCase[] = [
    {
      name: 'no include means all',
      opts: { include: [], exclude: [], tags: {} },
      secret: { name: 'anything' },
      want: true,
    },
    {
      name: 'matches one include',
      opts: { include: ['db-*', 'api-*'], exclude: [], tags: {} },
      secret: { name: 'api-key' },
      want: true,
    },
    {
      name: 'matches no include',
      opts: { include: ['db-*'], exclude: [], tags: {} },
      secret: { name: 'api-key' },
      want: false,
    },
    {
      name: 'exclude wins',
      opts: { include: ['db-*'], exclude: ['*-old'], tags: {} },
      secret: { name: 'db-password-old' },
      want: false,
    },
    {
      name: 'exclude without include',
      opts: { include: [], exclude: ['tmp-*'], tags: {} },
      secret: { name: 'tmp-1' },
      want: false,
    },
    {
      name: 'all tags present',
      opts: { include: [], exclude: [], tags: { rotate: 'true', team: 'core' } },
      secret: { name: 'a', tags: { rotate: 'true', team: 'core', other: 'x' } },
      want: true,
    },
    {
      name: 'tag value differs',
      opts: { include: [], exclude: [], tags: { rotate: 'true' } },
      secret: { name: 'a', tags: { rotate: 'false' } },
      want: false,
    },
    {
      name: 'tag value case matters',
      opts: { include: [], exclude: [], tags: { rotate: 'true' } },
      secret: { name: 'a', tags: { rotate: 'True' } },
      want: false,
    },
    {
      name: 'tag key case matters',
      opts: { include: [], exclude: [], tags: { rotate: 'true' } },
      secret: { name: 'a', tags: { Rotate: 'true' } },
      want: false,
    },
    {
      name: 'secret without tags',
      opts: { include: [], exclude: [], tags: { rotate: 'true' } },
      secret: { name: 'a' },
      want: false,
    },
    {
      name: 'inherited key is not a tag',
      opts: { include: [], exclude: [], tags: { toString: 'x' } },
      secret: { name: 'a', tags: {} },
      want: false,
    },
  ];

  it.each(cases)('$name', ({ opts, secret, want }) => {
    expect(compileSecretFilter(opts)(secret)).toBe(want);
  });

  it('names the right input in errors', () => {
    const inputNames = { include: 'include-secrets', exclude: 'exclude-secrets' };

    expect(() => compileSecretFilter({ include: ['a.b'], exclude: [], tags: {} })).toThrow(
      "Input 'secret-include'",
    );
    expect(() =>
      compileSecretFilter({ include: [], exclude: ['['], tags: {}, inputNames }),
    ).toThrow("Input 'exclude-secrets'");
  });
});
