/**
 * Glob patterns for choosing Key Vault secrets by name, and the filter that
 * combines include patterns, exclude patterns and required tags.
 */
import { InputError } from './errors.js';

type Token =
  | { kind: 'star' }
  | { kind: 'one' }
  | { kind: 'literal'; char: string }
  | { kind: 'class'; negated: boolean; ranges: Array<[string, string]> };

/** Characters a Key Vault secret name may contain. */
const NAME_CHAR = /^[0-9a-zA-Z-]$/;

const PATTERN_HELP =
  "Patterns may use letters, digits and '-', plus * (any run of characters), " +
  '? (one character) and classes such as [abc], [a-z] or [!0-9].';

/**
 * Compiles a glob pattern into a case-insensitive matcher for secret names,
 * as Key Vault treats names case-insensitively. Throws an InputError naming
 * `inputName` when the pattern is empty, malformed, or uses a character no
 * secret name can contain.
 */
export function compileGlob(pattern: string, inputName: string): (name: string) => boolean {
  const tokens = tokenize(pattern, inputName);
  return (name) => matchTokens(tokens, name.toLowerCase());
}

/**
 * Builds the secret filter: a secret is chosen when it matches at least one
 * include pattern (no include patterns means every secret), no exclude
 * pattern, and carries every required tag with exactly that value (Key Vault
 * tag keys and values are case-sensitive).
 */
export function compileSecretFilter(opts: {
  include: string[];
  exclude: string[];
  tags: Record<string, string>;
  inputNames?: { include: string; exclude: string };
}): (secret: { name: string; tags?: Record<string, string> }) => boolean {
  const inputNames = opts.inputNames ?? { include: 'secret-include', exclude: 'secret-exclude' };
  const includes = opts.include.map((pattern) => compileGlob(pattern, inputNames.include));
  const excludes = opts.exclude.map((pattern) => compileGlob(pattern, inputNames.exclude));
  const requiredTags = Object.entries(opts.tags);

  return (secret) => {
    const included = includes.length === 0 || includes.some((matches) => matches(secret.name));
    if (!included || excludes.some((matches) => matches(secret.name))) {
      return false;
    }
    const tags = secret.tags ?? {};
    return requiredTags.every(([key, value]) => Object.hasOwn(tags, key) && tags[key] === value);
  };
}

function tokenize(pattern: string, inputName: string): Token[] {
  const fail = (reason: string): InputError =>
    new InputError(inputName, `pattern '${pattern}' is not valid: ${reason}. ${PATTERN_HELP}`);
  if (pattern.length === 0) {
    throw fail('it is empty');
  }

  const tokens: Token[] = [];
  let index = 0;
  while (index < pattern.length) {
    const char = pattern[index] as string;
    if (char === '[') {
      const parsed = parseClass(pattern, index + 1, fail);
      tokens.push(parsed.token);
      index = parsed.next;
      continue;
    }

    if (char === '*') {
      // Consecutive stars mean the same as one; keeping one keeps matching fast.
      if (tokens.at(-1)?.kind !== 'star') tokens.push({ kind: 'star' });
    } else if (char === '?') {
      tokens.push({ kind: 'one' });
    } else if (NAME_CHAR.test(char)) {
      tokens.push({ kind: 'literal', char: char.toLowerCase() });
    } else {
      throw fail(describeBadChar(char, index));
    }
    index += 1;
  }
  return tokens;
}

function describeBadChar(char: string, index: number): string {
  const where = `'${char}' at position ${index + 1}`;
  if (char === ']') return `${where} closes a class that was never opened`;
  if (char === '!') return `${where} only negates a class, as in [!a-z]`;
  return `${where} can never appear in a secret name`;
}

/** Parses a class whose body starts at `start` (just after '['). */
function parseClass(
  pattern: string,
  start: number,
  fail: (reason: string) => InputError,
): { token: Token; next: number } {
  const close = pattern.indexOf(']', start);
  if (close < 0) {
    throw fail(`the class opened at position ${start} has no closing ']'`);
  }

  let body = pattern.slice(start, close);
  const negated = body.startsWith('!');
  if (negated) body = body.slice(1);
  if (body.length === 0) {
    throw fail(`the class at position ${start} is empty`);
  }

  const ranges: Array<[string, string]> = [];
  for (let index = 0; index < body.length; index += 1) {
    const first = body[index] as string;
    const isRange = body[index + 1] === '-' && index + 2 < body.length;
    const last = isRange ? (body[index + 2] as string) : first;
    ranges.push(checkRange(first, last, fail));
    if (isRange) index += 2;
  }
  return { token: { kind: 'class', negated, ranges }, next: close + 1 };
}

function checkRange(
  first: string,
  last: string,
  fail: (reason: string) => InputError,
): [string, string] {
  for (const char of [first, last]) {
    if (!NAME_CHAR.test(char)) {
      throw fail(`'${char}' inside a class can never appear in a secret name`);
    }
  }

  const low = first.toLowerCase();
  const high = last.toLowerCase();
  const sameKind = /^[0-9]$/.test(low) === /^[0-9]$/.test(high) && low !== '-' && high !== '-';
  if (first !== last && (!sameKind || low > high)) {
    throw fail(`the range '${first}-${last}' must run upwards within digits or within letters`);
  }
  return [low, high];
}

function matchesOne(token: Token, char: string): boolean {
  switch (token.kind) {
    case 'star':
      return false;
    case 'one':
      return true;
    case 'literal':
      return token.char === char;
    case 'class':
      return token.ranges.some(([low, high]) => char >= low && char <= high) !== token.negated;
  }
}

/**
 * Matches with a single backtrack point per star, which runs in
 * O(pattern x name) time; a regular expression built from several stars can
 * backtrack exponentially on names that almost match.
 */
function matchTokens(tokens: Token[], name: string): boolean {
  let tokenIndex = 0;
  let nameIndex = 0;
  let starToken = -1;
  let starName = 0;

  while (nameIndex < name.length) {
    const token = tokens[tokenIndex];
    if (token?.kind === 'star') {
      starToken = tokenIndex;
      starName = nameIndex;
      tokenIndex += 1;
    } else if (token && matchesOne(token, name[nameIndex] as string)) {
      tokenIndex += 1;
      nameIndex += 1;
    } else if (starToken >= 0) {
      // Let the last star swallow one more character and try again from there.
      starName += 1;
      tokenIndex = starToken + 1;
      nameIndex = starName;
    } else {
      return false;
    }
  }

  while (tokens[tokenIndex]?.kind === 'star') tokenIndex += 1;
  return tokenIndex === tokens.length;
}
