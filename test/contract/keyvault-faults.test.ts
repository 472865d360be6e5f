// Pure tests of the emulated vault's throttle window and fault PRNG.
import { describe, expect, it } from 'vitest';
import { SeededRandom, ThrottleWindow, secretFails } from '../emulator/keyvault-faults.js';
import { defaultKnobs } from '../emulator/state.js';

describe('ThrottleWindow', () => {
  const cases = [
    {
      name: 'admits up to the limit',
      limit: 3,
      windowMs: 10_000,
      at: [0, 1, 2],
      want: ['ok', 'ok', 'ok'],
    },
    {
      name: 'refuses past the limit until the oldest request leaves',
      limit: 2,
      windowMs: 10_000,
      at: [0, 4000, 5000, 10_000],
      want: ['ok', 'ok', 5, 'ok'],
    },
    {
      name: 'rounds Retry-After up to whole seconds, at least 1',
      limit: 1,
      windowMs: 1000,
      at: [0, 999, 1000],
      want: ['ok', 1, 'ok'],
    },
    {
      name: 'does not count refused requests',
      limit: 1,
      windowMs: 2000,
      at: [0, 500, 1000, 2000, 2001],
      want: ['ok', 2, 1, 'ok', 2],
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const window = new ThrottleWindow();
      const got = c.at.map((now) => {
        const admission = window.admit(now, c.limit, c.windowMs);
        return admission.ok ? 'ok' : admission.retryAfterSeconds;
      });

      expect(got).toEqual(c.want);
    });
  }
});

describe('SeededRandom', () => {
  it('repeats its sequence for the same seed and differs for another', () => {
    const draw = (seed: number) => {
      const random = new SeededRandom(seed);
      return Array.from({ length: 5 }, () => random.next());
    };
    const a = new SeededRandom(42);
    const b = new SeededRandom(42);
    const c = new SeededRandom(43);
    const first = [a.next(), a.next(), a.next()];

    expect([b.next(), b.next(), b.next()]).toEqual(first);
    expect([c.next(), c.next(), c.next()]).not.toEqual(first);
    expect(draw(0).every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('hits a rate close to the one asked for', () => {
    const random = new SeededRandom(7);
    let hits = 0;
    for (let i = 0; i < 10_000; i++) if (random.next() < 0.3) hits++;

    expect(hits / 10_000).toBeGreaterThan(0.27);
    expect(hits / 10_000).toBeLessThan(0.33);
  });
});

describe('secretFails', () => {
  it('matches names case-insensitively, writes and reads apart', () => {
    const knobs = { ...defaultKnobs().keyVault, failingSecrets: ['Db'], failSecretReads: ['api'] };

    expect(secretFails(knobs, 'db', true)).toBe(true);
    expect(secretFails(knobs, 'db', false)).toBe(false);
    expect(secretFails(knobs, 'API', false)).toBe(true);
    expect(secretFails(knobs, 'api', true)).toBe(false);
  });
});
