import { describe, expect, it } from 'vitest';
import { InputError } from '../src/errors.js';
import { DEFAULT_ALPHABET, generateSecretValue, validateSecretSpec } from '../src/secret-value.js';

/** A byte source that counts 0, 1, ..., 255, 0, ... and records each request. */
function countingBytes() {
  let next = 0;
  const requests: number[] = [];
  const source = (n: number) => {
    requests.push(n);
    return Buffer.from(Array.from({ length: n }, () => next++ % 256));
  };
  return { source, requests };
}

/** A byte source that replays fixed bytes in a loop. */
function replay(bytes: number[]) {
  let index = 0;
  return (n: number) =>
    Buffer.from(Array.from({ length: n }, () => bytes[index++ % bytes.length] as number));
}

function tally(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const char of Array.from(text)) counts.set(char, (counts.get(char) ?? 0) + 1);
  return counts;
}

describe('validateSecretSpec', () => {
  const cases = [
    { name: 'default 44', length: 44, alphabet: DEFAULT_ALPHABET, want: 264 },
    { name: 'base64url minimum', length: 22, alphabet: DEFAULT_ALPHABET, want: 132 },
    { name: 'base64url not a multiple of 4', length: 46, alphabet: DEFAULT_ALPHABET, want: 276 },
    { name: 'digits', length: 40, alphabet: '0123456789', want: 40 * Math.log2(10) },
    { name: 'binary at 128 bits', length: 128, alphabet: '01', want: 128 },
    { name: 'maximum length', length: 4096, alphabet: 'ab', want: 4096 },
  ];

  it.each(cases)('$name', ({ length, alphabet, want }) => {
    expect(validateSecretSpec(length, alphabet).entropyBits).toBeCloseTo(want, 9);
  });

  const errorCases = [
    {
      name: 'too short',
      length: 15,
      alphabet: DEFAULT_ALPHABET,
      input: 'secret-length',
      want: 'got 15; use a whole number from 16 to 4096',
    },
    {
      name: 'too long',
      length: 4097,
      alphabet: DEFAULT_ALPHABET,
      input: 'secret-length',
      want: 'got 4097',
    },
    {
      name: 'fraction',
      length: 20.5,
      alphabet: DEFAULT_ALPHABET,
      input: 'secret-length',
      want: 'got 20.5',
    },
    {
      name: 'NaN',
      length: Number.NaN,
      alphabet: DEFAULT_ALPHABET,
      input: 'secret-length',
      want: 'got NaN',
    },
    {
      name: 'weak base64url',
      length: 16,
      alphabet: DEFAULT_ALPHABET,
      input: 'secret-length',
      want: 'only 96 bits of entropy; use at least 22 to reach 128 bits',
    },
    {
      name: 'weak digits',
      length: 38,
      alphabet: '0123456789',
      input: 'secret-length',
      want: 'use at least 39',
    },
    {
      name: 'weak binary',
      length: 127,
      alphabet: '01',
      input: 'secret-length',
      want: 'use at least 128',
    },
    {
      name: 'empty alphabet',
      length: 44,
      alphabet: '',
      input: 'secret-alphabet',
      want: '0 distinct',
    },
    {
      name: 'one character',
      length: 44,
      alphabet: 'a',
      input: 'secret-alphabet',
      want: '1 distinct',
    },
    {
      name: 'one repeated character',
      length: 44,
      alphabet: 'aaaa',
      input: 'secret-alphabet',
      want: '1 distinct',
    },
    {
      name: 'duplicates',
      length: 200,
      alphabet: 'abcabd',
      input: 'secret-alphabet',
      want: "'ab' appear(s) more than once",
    },
  ];

  it.each(errorCases)('rejects $name', ({ length, alphabet, input, want }) => {
    const run = () => validateSecretSpec(length, alphabet);

    expect(run).toThrow(InputError);
    expect(run).toThrow(`Input '${input}': `);
    expect(run).toThrow(want);
  });
});

describe('generateSecretValue with base64url', () => {
  const cases = [
    { name: 'default length', length: 44, want: { bytes: 33 } },
    { name: 'not a multiple of 4', length: 45, want: { bytes: 34 } },
    { name: 'minimum', length: 22, want: { bytes: 17 } },
    { name: 'maximum', length: 4096, want: { bytes: 3072 } },
  ];

  it.each(cases)('$name', ({ length, want }) => {
    const { source, requests } = countingBytes();
    const value = generateSecretValue(length, DEFAULT_ALPHABET, source);

    expect(requests).toEqual([want.bytes]);
    expect(value).toHaveLength(length);
    expect(value).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('uses crypto randomness by default', () => {
    const first = generateSecretValue(44, DEFAULT_ALPHABET);
    const second = generateSecretValue(44, DEFAULT_ALPHABET);

    expect(first).toHaveLength(44);
    expect(first).not.toBe(second);
  });
});

describe('generateSecretValue with a literal alphabet', () => {
  // Each counting cycle of 256 bytes yields the accepted values 0..limit-1
  // exactly once, so an unbiased sampler gives every character the same count.
  const cases = [
    { name: 'three characters', alphabet: 'abc', length: 255 * 4, want: 340 },
    { name: 'digits', alphabet: '0123456789', length: 250 * 4, want: 100 },
    { name: 'power of two', alphabet: 'abcdefgh', length: 256 * 2, want: 64 },
    { name: 'emoji count as one character', alphabet: '🔑🔒', length: 256, want: 128 },
  ];

  it.each(cases)('is unbiased: $name', ({ alphabet, length, want }) => {
    const value = generateSecretValue(length, alphabet, countingBytes().source);
    const counts = tally(value);

    expect(Array.from(value)).toHaveLength(length);
    expect([...counts.keys()].sort()).toEqual(Array.from(alphabet).sort());
    expect(new Set(counts.values())).toEqual(new Set([want]));
  });

  it('skips bytes at or above the largest multiple', () => {
    // For 10 characters bytes 250..255 are rejected; 250 % 10 would be '0' again.
    const value = generateSecretValue(39, '0123456789', replay([250, 255, 1, 252, 2]));

    expect(value).toBe('12'.repeat(19) + '1');
  });

  it('draws two bytes per character for large alphabets', () => {
    const alphabet = Array.from({ length: 300 }, (_, index) =>
      String.fromCodePoint(0x100 + index),
    ).join('');
    // 65535 is past 65400, the largest multiple of 300; 0x012c is 300, i.e. index 0.
    const value = generateSecretValue(16, alphabet, replay([0xff, 0xff, 0x01, 0x2c, 0x00, 0x05]));

    expect(value).toBe((String.fromCodePoint(0x100) + String.fromCodePoint(0x105)).repeat(8));
  });

  it('fails on a source that never yields a usable byte', () => {
    expect(() => generateSecretValue(81, 'abc', replay([255]))).toThrow(
      'random source kept giving rejected values',
    );
  });

  it('validates before drawing', () => {
    const { source, requests } = countingBytes();

    expect(() => generateSecretValue(16, 'ab', source)).toThrow("Input 'secret-length'");
    expect(requests).toEqual([]);
  });
});
