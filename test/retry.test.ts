import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  backoffDelay,
  parseRetryAfter,
  realSleeper,
  retry,
  type RetryInfo,
  type RetryOptions,
  type Sleeper,
} from '../src/retry.js';

/** A clock that only moves when the fake sleeper sleeps. */
function fakeTime(start = 1_000_000) {
  let now = start;
  const delays: number[] = [];
  const sleeper: Sleeper = {
    async sleep(ms) {
      delays.push(ms);
      now += ms;
    },
  };
  return { now: () => now, sleeper, delays };
}

/** A function that fails with the given errors in turn, then returns 'ok'. */
function failing(errors: unknown[]) {
  const calls: number[] = [];
  const fn = async (attempt: number) => {
    calls.push(attempt);
    if (attempt <= errors.length) throw errors[attempt - 1];
    return 'ok';
  };
  return { fn, calls };
}

function options(overrides: Partial<RetryOptions> = {}) {
  const time = fakeTime();
  const logged: RetryInfo[] = [];
  const opts: RetryOptions = {
    attempts: 3,
    now: time.now,
    sleeper: time.sleeper,
    random: () => 0.5,
    baseMs: 100,
    maxMs: 1000,
    classify: () => ({ retry: true }),
    onRetry: (info) => logged.push(info),
    ...overrides,
  };
  return { opts, delays: time.delays, logged };
}

describe('backoffDelay', () => {
  const opts = { baseMs: 100, maxMs: 1000 };
  const cases = [
    { name: 'first attempt, low random', attempt: 1, random: 0, want: 50 },
    { name: 'first attempt, high random', attempt: 1, random: 0.999999, want: 100 },
    { name: 'second attempt doubles', attempt: 2, random: 0, want: 100 },
    { name: 'third attempt', attempt: 3, random: 0.5, want: 300 },
    { name: 'capped at maxMs', attempt: 10, random: 0, want: 500 },
    { name: 'capped top', attempt: 10, random: 0.999999, want: 1000 },
    { name: 'random of 1 stays at cap', attempt: 4, random: 1, want: 800 },
    { name: 'huge attempt does not overflow', attempt: 5000, random: 0, want: 500 },
  ];

  it.each(cases)('$name', ({ attempt, random, want }) => {
    expect(backoffDelay(attempt, { ...opts, random: () => random })).toBe(want);
  });

  it('stays within [cap/2, cap] for many random values', () => {
    for (let attempt = 1; attempt <= 12; attempt += 1) {
      const cap = Math.min(1000, 100 * 2 ** (attempt - 1));
      for (let step = 0; step < 100; step += 1) {
        const delay = backoffDelay(attempt, { ...opts, random: () => step / 100 });
        expect(delay).toBeGreaterThanOrEqual(cap / 2);
        expect(delay).toBeLessThanOrEqual(cap);
      }
    }
  });

  it('handles a zero base', () => {
    expect(backoffDelay(60, { baseMs: 0, maxMs: 1000, random: () => 0.5 })).toBe(0);
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects attempt %s', (attempt) => {
    expect(() => backoffDelay(attempt, { ...opts, random: () => 0 })).toThrow(RangeError);
  });
});

describe('retry', () => {
  const transient = new Error('503 Service Unavailable');
  const fatal = new Error('403 Forbidden');

  const cases = [
    {
      name: 'success first time',
      errors: [],
      overrides: {},
      want: { result: 'ok', calls: [1], delays: [] },
    },
    {
      name: 'succeeds after two failures',
      errors: [transient, transient],
      overrides: {},
      want: { result: 'ok', calls: [1, 2, 3], delays: [75, 150] },
    },
    {
      name: 'server delay overrides backoff',
      errors: [transient],
      overrides: { classify: () => ({ retry: true, delayMs: 4200 }) },
      want: { result: 'ok', calls: [1, 2], delays: [4200] },
    },
    {
      name: 'fractional or negative server delay is normalised',
      errors: [transient, transient],
      overrides: {
        classify: (() => {
          const asked = [12.2, -5];
          return () => ({ retry: true, delayMs: asked.shift() });
        })(),
      },
      want: { result: 'ok', calls: [1, 2, 3], delays: [13, 0] },
    },
    {
      name: 'NaN server delay falls back to backoff',
      errors: [transient],
      overrides: { classify: () => ({ retry: true, delayMs: Number.NaN }) },
      want: { result: 'ok', calls: [1, 2], delays: [75] },
    },
    {
      name: 'until-deadline keeps going',
      errors: [transient, transient, transient, transient],
      overrides: { attempts: 'until-deadline' as const, deadlineMs: 1_000_000 + 10_000 },
      want: { result: 'ok', calls: [1, 2, 3, 4, 5], delays: [75, 150, 300, 600] },
    },
  ];

  it.each(cases)('$name', async ({ errors, overrides, want }) => {
    const { fn, calls } = failing(errors);
    const { opts, delays } = options(overrides);

    await expect(retry(fn, opts)).resolves.toBe(want.result);
    expect(calls).toEqual(want.calls);
    expect(delays).toEqual(want.delays);
  });

  const giveUpCases = [
    {
      name: 'not retryable',
      errors: [fatal],
      overrides: { classify: () => ({ retry: false }) },
      want: { error: fatal, calls: [1], delays: [] },
    },
    {
      name: 'out of attempts',
      errors: [transient, transient, fatal],
      overrides: {},
      want: { error: fatal, calls: [1, 2, 3], delays: [75, 150] },
    },
    {
      name: 'one attempt only',
      errors: [transient],
      overrides: { attempts: 1 },
      want: { error: transient, calls: [1], delays: [] },
    },
    {
      name: 'next sleep would pass the deadline',
      errors: [transient, transient, fatal],
      overrides: { attempts: 10, deadlineMs: 1_000_000 + 200 },
      want: { error: transient, calls: [1, 2], delays: [75] },
    },
    {
      name: 'server delay past the deadline',
      errors: [transient],
      overrides: {
        deadlineMs: 1_000_000 + 5000,
        classify: () => ({ retry: true, delayMs: 60_000 }),
      },
      want: { error: transient, calls: [1], delays: [] },
    },
    {
      name: 'until-deadline stops at the deadline',
      errors: Array.from({ length: 50 }, () => transient),
      overrides: { attempts: 'until-deadline' as const, deadlineMs: 1_000_000 + 3000 },
      want: {
        error: transient,
        calls: [1, 2, 3, 4, 5, 6, 7],
        delays: [75, 150, 300, 600, 750, 750],
      },
    },
    {
      name: 'thrown string is rethrown as is',
      errors: ['plain string'],
      overrides: { attempts: 1 },
      want: { error: 'plain string', calls: [1], delays: [] },
    },
  ];

  it.each(giveUpCases)('gives up: $name', async ({ errors, overrides, want }) => {
    const { fn, calls } = failing(errors);
    const { opts, delays } = options(overrides);

    await expect(retry(fn, opts)).rejects.toBe(want.error);
    expect(calls).toEqual(want.calls);
    expect(delays).toEqual(want.delays);
  });

  it('reports each retry before sleeping', async () => {
    const { fn } = failing([transient, new Error('timeout')]);
    const { opts, logged, delays } = options({
      classify: (err) => ({ retry: true, reason: err === transient ? 'throttled' : undefined }),
      onRetry: (info) => {
        logged.push(info);
        expect(delays).toHaveLength(logged.length - 1);
      },
    });

    await retry(fn, opts);

    expect(logged).toEqual([
      { attempt: 1, maxAttempts: 3, delayMs: 75, reason: 'throttled', error: transient },
      { attempt: 2, maxAttempts: 3, delayMs: 150, reason: 'timeout', error: expect.any(Error) },
    ]);
  });

  it('leaves maxAttempts out when retrying until the deadline', async () => {
    const { fn } = failing([transient]);
    const { opts, logged } = options({ attempts: 'until-deadline', deadlineMs: 2_000_000 });

    await retry(fn, opts);

    expect(logged[0]?.maxAttempts).toBeUndefined();
  });

  it('stops when the signal is aborted', async () => {
    const controller = new AbortController();
    const { fn, calls } = failing([transient, transient]);
    const { opts } = options({
      signal: controller.signal,
      onRetry: () => controller.abort(new Error('cancelled')),
    });

    await expect(retry(fn, opts)).rejects.toThrow('cancelled');
    expect(calls).toEqual([1]);
  });

  const badOptions = [
    { name: 'zero attempts', overrides: { attempts: 0 }, want: 'attempts must be 1 or more' },
    {
      name: 'until-deadline without deadline',
      overrides: { attempts: 'until-deadline' as const },
      want: 'needs deadlineMs',
    },
  ];

  it.each(badOptions)('rejects $name', async ({ overrides, want }) => {
    const { fn, calls } = failing([]);

    await expect(retry(fn, options(overrides).opts)).rejects.toThrow(want);
    expect(calls).toEqual([]);
  });
});

describe('realSleeper', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resolves after the delay', async () => {
    vi.useFakeTimers();
    let done = false;
    const sleeping = realSleeper.sleep(1000).then(() => {
      done = true;
    });

    await vi.advanceTimersByTimeAsync(999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await sleeping;
    expect(done).toBe(true);
  });

  it('rejects with the reason when aborted while sleeping', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const sleeping = realSleeper.sleep(60_000, controller.signal);

    controller.abort(new Error('job cancelled'));

    await expect(sleeping).rejects.toThrow('job cancelled');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects at once when already aborted', async () => {
    const reason = new Error('already');

    await expect(realSleeper.sleep(60_000, AbortSignal.abort(reason))).rejects.toBe(reason);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2024-05-01T12:00:00Z');
  const cases = [
    { name: 'missing', value: undefined, want: undefined },
    { name: 'null', value: null, want: undefined },
    { name: 'empty', value: '  ', want: undefined },
    { name: 'seconds', value: '120', want: 120_000 },
    { name: 'zero', value: '0', want: 0 },
    { name: 'decimal seconds', value: '1.5', want: 1500 },
    { name: 'padded', value: ' 3 ', want: 3000 },
    { name: 'imf date', value: 'Wed, 01 May 2024 12:00:30 GMT', want: 30_000 },
    { name: 'rfc 850 date', value: 'Wednesday, 01-May-24 12:01:00 GMT', want: 60_000 },
    { name: 'asctime date is GMT', value: 'Wed May  1 12:00:05 2024', want: 5000 },
    { name: 'date in the past', value: 'Wed, 01 May 2024 11:00:00 GMT', want: 0 },
    { name: 'negative', value: '-5', want: undefined },
    { name: 'garbage', value: 'soon', want: undefined },
    { name: 'large seconds', value: '2024 ', want: 2_024_000 },
    { name: 'iso date is not an http date', value: '2024-05-01T12:00:30Z', want: undefined },
    { name: 'exponent', value: '1e3', want: undefined },
    { name: 'bad date', value: 'Wed, 01 Foo 2024 12:00:30 GMT', want: undefined },
  ];

  it.each(cases)('$name', ({ value, want }) => {
    expect(parseRetryAfter(value, now)).toBe(want);
  });
});
