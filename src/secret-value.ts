/**
 * Generation of new secret values, and the checks that keep them strong.
 */
import { randomBytes as cryptoRandomBytes } from 'node:crypto';
import { InputError } from './errors.js';

/** The alphabet keyword for URL-safe base64 (`A-Z a-z 0-9 - _`, 6 bits a character). */
export const DEFAULT_ALPHABET = 'base64url';

const MIN_LENGTH = 16;
const MAX_LENGTH = 4096;
const MIN_ENTROPY_BITS = 128;

/** Literal alphabets are sampled with one or two random bytes per character. */
const MAX_ALPHABET_SIZE = 65536;

/** Bound on refills so a broken random source fails instead of spinning forever. */
const MAX_REFILLS = 1000;

/**
 * Checks a secret length and alphabet (`base64url` or a literal set of
 * distinct characters) and returns the entropy of one generated value.
 * Throws an InputError on `secret-length` or `secret-alphabet` otherwise.
 */
export function validateSecretSpec(length: number, alphabet: string): { entropyBits: number } {
  if (!Number.isInteger(length) || length < MIN_LENGTH || length > MAX_LENGTH) {
    throw new InputError(
      'secret-length',
      `got ${length}; use a whole number from ${MIN_LENGTH} to ${MAX_LENGTH}.`,
    );
  }

  // base64url draws ceil(length * 6 / 8) bytes, so every kept character carries 6 full bits.
  const bitsPerChar =
    alphabet === DEFAULT_ALPHABET ? 6 : Math.log2(literalAlphabet(alphabet).length);
  const entropyBits = length * bitsPerChar;
  if (entropyBits < MIN_ENTROPY_BITS) {
    const needed = Math.ceil(MIN_ENTROPY_BITS / bitsPerChar);
    throw new InputError(
      'secret-length',
      `${length} characters from this alphabet give only ${Math.floor(entropyBits)} bits of ` +
        `entropy; use at least ${needed} to reach ${MIN_ENTROPY_BITS} bits.`,
    );
  }
  return { entropyBits };
}

/**
 * Generates a secret value of `length` characters. With `base64url` it
 * encodes ceil(length * 3 / 4) random bytes (44 characters = 33 bytes = 264
 * bits); with a literal alphabet each character is drawn by rejection
 * sampling, so every character is equally likely.
 */
export function generateSecretValue(
  length: number,
  alphabet: string,
  randomBytes: (n: number) => Buffer = cryptoRandomBytes,
): string {
  validateSecretSpec(length, alphabet);
  if (alphabet === DEFAULT_ALPHABET) {
    return randomBytes(Math.ceil((length * 3) / 4))
      .toString('base64url')
      .slice(0, length);
  }
  return sampleFrom(literalAlphabet(alphabet), length, randomBytes);
}

function literalAlphabet(alphabet: string): string[] {
  // Array.from splits by code point, so an emoji counts as one character.
  const chars = Array.from(alphabet);
  const distinct = new Set(chars);
  if (distinct.size < 2) {
    throw new InputError(
      'secret-alphabet',
      `it has ${distinct.size} distinct character(s); give '${DEFAULT_ALPHABET}' or at least two ` +
        'different characters.',
    );
  }
  if (distinct.size !== chars.length) {
    const repeated = [...new Set(chars.filter((char, index) => chars.indexOf(char) !== index))];
    throw new InputError(
      'secret-alphabet',
      `'${repeated.join('')}' appear(s) more than once; list each character once, since a ` +
        'repeated one would be picked more often.',
    );
  }
  if (chars.length > MAX_ALPHABET_SIZE) {
    throw new InputError('secret-alphabet', `it has more than ${MAX_ALPHABET_SIZE} characters.`);
  }
  return chars;
}

/**
 * Draws `length` characters uniformly. A random value is only used when it
 * falls below the largest multiple of the alphabet size; taking the rest
 * modulo the size would favour the first characters.
 */
function sampleFrom(chars: string[], length: number, randomBytes: (n: number) => Buffer): string {
  const bytesPerDraw = chars.length <= 256 ? 1 : 2;
  const range = 256 ** bytesPerDraw;
  const limit = range - (range % chars.length);
  const picked: string[] = [];

  for (let refill = 0; picked.length < length; refill += 1) {
    if (refill >= MAX_REFILLS) {
      throw new Error(
        'Failed to generate secret value: the random source kept giving rejected values',
      );
    }
    const bytes = randomBytes((length - picked.length) * bytesPerDraw * 2);
    for (let offset = 0; offset + bytesPerDraw <= bytes.length; offset += bytesPerDraw) {
      const value = bytesPerDraw === 1 ? (bytes[offset] as number) : bytes.readUInt16BE(offset);
      if (value < limit && picked.length < length) {
        picked.push(chars[value % chars.length] as string);
      }
    }
  }
  return picked.join('');
}
