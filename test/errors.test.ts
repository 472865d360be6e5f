import { describe, expect, it } from 'vitest';
import { ActionError, InputError, describeError, wrapError } from '../src/errors.js';

describe('InputError', () => {
  it('names the input at the start of the message', () => {
    const err = new InputError('secret-length', 'got 3; use 16 to 4096.');

    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('InputError');
    expect(err.input).toBe('secret-length');
    expect(err.message).toBe("Input 'secret-length': got 3; use 16 to 4096.");
  });
});

describe('describeError', () => {
  const circular: Record<string, unknown> = { a: 1 };
  circular.self = circular;

  const deep = new Error('one', {
    cause: new Error('two', {
      cause: new Error('three', { cause: new Error('four', { cause: 'five' }) }),
    }),
  });

  const cases: Array<{ name: string; err: unknown; want: string }> = [
    { name: 'plain error', err: new Error('boom'), want: 'boom' },
    { name: 'thrown string', err: 'just text', want: 'just text' },
    { name: 'number', err: 42, want: '42' },
    { name: 'null', err: null, want: 'null' },
    { name: 'undefined', err: undefined, want: 'undefined' },
    {
      name: 'plain object',
      err: { code: 'Forbidden', status: 403 },
      want: '{"code":"Forbidden","status":403}',
    },
    { name: 'circular object', err: circular, want: '[object Object]' },
    { name: 'bigint', err: 10n, want: '10' },
    { name: 'symbol', err: Symbol('x'), want: 'Symbol(x)' },
    { name: 'error without message uses its name', err: new TypeError(''), want: 'TypeError' },
    {
      name: 'cause chain',
      err: new Error('outer', { cause: new Error('inner') }),
      want: 'outer (caused by: inner)',
    },
    {
      name: 'non-error cause',
      err: new Error('outer', { cause: { code: 'E1' } }),
      want: 'outer (caused by: {"code":"E1"})',
    },
    {
      name: 'chain stops after three causes',
      err: deep,
      want: 'one (caused by: two (caused by: three (caused by: four)))',
    },
    {
      name: 'cause already in the message is not repeated',
      err: wrapError('read vault kv1', new Error('403 Forbidden')),
      want: 'Failed to read vault kv1: 403 Forbidden',
    },
    {
      name: 'multi-line message becomes one line',
      err: new Error('first line\n  second line\r\nthird'),
      want: 'first line second line third',
    },
  ];

  it.each(cases)('$name', ({ err, want }) => {
    expect(describeError(err)).toBe(want);
  });

  it('never includes a stack', () => {
    const err = new Error('boom', { cause: new Error('inner') });

    expect(describeError(err)).not.toMatch(/errors\.test|\n/);
  });
});

describe('wrapError', () => {
  const cases: Array<{ name: string; doing: string; err: unknown; want: string }> = [
    {
      name: 'error',
      doing: 'assign role Reader on vault kv1',
      err: new Error('403 Forbidden'),
      want: 'Failed to assign role Reader on vault kv1: 403 Forbidden',
    },
    {
      name: 'thrown string',
      doing: 'list secrets',
      err: 'socket hang up',
      want: 'Failed to list secrets: socket hang up',
    },
    {
      name: 'nested cause',
      doing: 'rotate secret db-password',
      err: new Error('set failed', { cause: new Error('timeout') }),
      want: 'Failed to rotate secret db-password: set failed (caused by: timeout)',
    },
  ];

  it.each(cases)('$name', ({ doing, err, want }) => {
    const wrapped = wrapError(doing, err);

    expect(wrapped).toBeInstanceOf(ActionError);
    expect(wrapped.message).toBe(want);
    expect(wrapped.cause).toBe(err);
  });

  it('ActionError passes cause through', () => {
    const cause = new Error('inner');

    expect(new ActionError('outer', { cause }).cause).toBe(cause);
    expect(new ActionError('outer').name).toBe('ActionError');
  });
});
