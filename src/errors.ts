/**
 * Error types shared by every module, and one way to turn any thrown value
 * into a readable line for logs and `core.setFailed`.
 */

/** How many `cause` links `describeError` follows before it stops. */
const MAX_CAUSE_DEPTH = 3;

/** A bad action input. The message names the input so the user knows what to fix. */
export class InputError extends Error {
  /** The kebab-case input name, as written in action.yml. */
  readonly input: string;

  constructor(input: string, message: string) {
    super(`Input '${input}': ${message}`);
    this.name = 'InputError';
    this.input = input;
  }
}

/** A failed step, worded "Failed to <verb> <object>: <cause>", keeping `cause`. */
export class ActionError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ActionError';
  }
}

/**
 * Wraps a thrown value with what this layer was doing, e.g.
 * `wrapError('assign role Reader on vault kv-prod', err)`.
 */
export function wrapError(doing: string, err: unknown): ActionError {
  return new ActionError(`Failed to ${doing}: ${describeError(err)}`, { cause: err });
}

/**
 * Turns any thrown value (Error, string, object, undefined) into one line.
 * Errors contribute their message and up to three `cause` links; stacks are
 * never included.
 */
export function describeError(err: unknown): string {
  return oneLine(describeAt(err, 0));
}

function describeAt(err: unknown, depth: number): string {
  if (!(err instanceof Error)) {
    return describeValue(err);
  }

  const text = err.message || err.name;
  if (err.cause === undefined || depth >= MAX_CAUSE_DEPTH) {
    return text;
  }

  // A wrapped error usually repeats its cause already ("Failed to x: cause");
  // saying it twice makes the line harder to read, not more helpful.
  const causeText = describeAt(err.cause, depth + 1);
  if (text.includes(causeText)) {
    return text;
  }
  return `${text} (caused by: ${causeText})`;
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') {
    return String(value);
  }

  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    // Circular structures and BigInt values cannot be serialized.
    return String(value);
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
