import { describe, expect, it } from 'vitest';
import { VaultPacer } from '../src/pacer.js';
import type { Sleeper } from '../src/retry.js';

/**
 * A clock that moves only when the pacer sleeps. `onSleep` runs before the
 * clock moves, so a test can act "while" a taker waits.
 */
function fakeClock(start = 1_000_000, onSleep?: (ms: number) => void) {
  let now = start;
  const sleeps: number[] = [];
  const sleeper: Sleeper = {
    async sleep(ms, signal) {
      signal?.throwIfAborted();
      sleeps.push(ms);
      onSleep?.(ms);
      now += ms;
    },
  };
  return { now: () => now, sleeper, sleeps };
}

/** Takes `count` turns one after another and returns the time each was granted. */
async function grantTimes(pacer: VaultPacer, now: () => number, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    await pacer.take();
    times.push(now());
  }
  return times;
}

/** The most grants in any window [t, t + windowMs) of the sorted times. */
function busiestWindow(times: number[], windowMs: number): number {
  let most = 0;
  let end = 0;
  for (let start = 0; start < times.length; start++) {
    while (end < times.length && (times[end] as number) < (times[start] as number) + windowMs)
      end++;
    most = Math.max(most, end - start);
  }
  return most;
}

describe('VaultPacer', () => {
  const rateCases = [
    { name: 'the default 380/s', rate: 380, burst: undefined, takes: 5000 },
    { name: 'a slow vault, 5/s', rate: 5, burst: undefined, takes: 200 },
    { name: 'a fast vault, 2000/s', rate: 2000, burst: undefined, takes: 5000 },
    { name: 'no burst, 100/s', rate: 100, burst: 1, takes: 2000 },
    { name: 'an uneven rate, 333/s', rate: 333, burst: 7, takes: 5000 },
  ];

  it.each(rateCases)(
    'keeps $name within the rate in every window',
    async ({ rate, burst, takes }) => {
      const clock = fakeClock();
      const pacer = new VaultPacer(rate, clock.now, clock.sleeper, burst);
      const times = await grantTimes(pacer, clock.now, takes);
      const allowedBurst = burst ?? Math.max(1, Math.min(rate, 32));

      // A token bucket grants at most the burst plus rate * window in any window.
      expect(busiestWindow(times, 1000)).toBeLessThanOrEqual(rate + allowedBurst);
      expect(busiestWindow(times, 10_000)).toBeLessThanOrEqual(rate * 10 + allowedBurst);
      // And it is not needlessly slow: the whole run takes about takes / rate seconds.
      const elapsed = (times.at(-1) as number) - (times[0] as number);
      expect(elapsed).toBeLessThanOrEqual(((takes - allowedBurst) / rate) * 1000 * 1.05 + 10);
    },
  );

  it('stays under Key Vault’s 4,000 per 10 s at the default rate', async () => {
    const clock = fakeClock();
    const pacer = new VaultPacer(380, clock.now, clock.sleeper);
    const times = await grantTimes(pacer, clock.now, 5000);

    expect(busiestWindow(times, 10_000)).toBeLessThan(4000);
  });

  const burstCases = [
    { name: 'default burst caps at 32', rate: 380, burst: undefined, want: 32 },
    { name: 'default burst is the rate when lower', rate: 5, burst: undefined, want: 5 },
    { name: 'a rate of 1 bursts 1', rate: 1, burst: undefined, want: 1 },
    { name: 'explicit burst', rate: 380, burst: 3, want: 3 },
  ];

  it.each(burstCases)('$name', async ({ rate, burst, want }) => {
    const clock = fakeClock();
    const pacer = new VaultPacer(rate, clock.now, clock.sleeper, burst);
    const times = await grantTimes(pacer, clock.now, want + 5);

    expect(times.filter((t) => t === times[0])).toHaveLength(want);
    expect(clock.sleeps.length).toBeGreaterThan(0);
  });

  it('refills the burst after an idle spell', async () => {
    const clock = fakeClock();
    const pacer = new VaultPacer(10, clock.now, clock.sleeper);
    await grantTimes(pacer, clock.now, 20);
    await clock.sleeper.sleep(5000);
    const before = clock.sleeps.length;
    await grantTimes(pacer, clock.now, 10);

    expect(clock.sleeps.length).toBe(before);
  });

  it('holds every taker until pauseUntil', async () => {
    const clock = fakeClock();
    const pacer = new VaultPacer(380, clock.now, clock.sleeper);
    await grantTimes(pacer, clock.now, 3);
    const until = clock.now() + 7000;
    pacer.pauseUntil(until);
    const times = await grantTimes(pacer, clock.now, 50);

    expect(Math.min(...times)).toBeGreaterThanOrEqual(until);
  });

  it('keeps the later pause when an earlier one arrives after it', async () => {
    const clock = fakeClock();
    const pacer = new VaultPacer(380, clock.now, clock.sleeper);
    const start = clock.now();
    pacer.pauseUntil(start + 9000);
    pacer.pauseUntil(start + 2000);
    const times = await grantTimes(pacer, clock.now, 1);

    expect(times[0]).toBeGreaterThanOrEqual(start + 9000);
  });

  it('holds a taker that was already waiting for a token when the pause came', async () => {
    let until = 0;
    const clock = fakeClock(0, () => {
      // A 429 arrives while the taker sleeps for a token.
      if (until === 0) {
        until = 60_000;
        pacer.pauseUntil(until);
      }
    });
    const pacer = new VaultPacer(1, clock.now, clock.sleeper);
    const times = await grantTimes(pacer, clock.now, 2);

    expect(times[0]).toBe(0);
    expect(times[1]).toBeGreaterThanOrEqual(until);
  });

  it('serves concurrent takers in the order they asked', async () => {
    const clock = fakeClock();
    const pacer = new VaultPacer(50, clock.now, clock.sleeper);
    const served: number[] = [];
    const times: number[] = [];
    await Promise.all(
      Array.from({ length: 500 }, (_, i) =>
        pacer.take().then(() => {
          served.push(i);
          times.push(clock.now());
        }),
      ),
    );

    expect(served).toEqual(Array.from({ length: 500 }, (_, i) => i));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(busiestWindow(times, 1000)).toBeLessThanOrEqual(50 + 32);
  });

  it('rejects an aborted taker and still serves the ones after it', async () => {
    const clock = fakeClock();
    const pacer = new VaultPacer(1, clock.now, clock.sleeper);
    const aborted = AbortSignal.abort(new Error('cancelled'));
    await pacer.take();
    const first = pacer.take(aborted);
    const second = pacer.take();

    await expect(first).rejects.toThrow('cancelled');
    await expect(second).resolves.toBeUndefined();
  });
});
