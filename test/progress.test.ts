import { describe, expect, it } from 'vitest';
import { Progress } from '../src/lifecycle.js';
import type { Runtime } from '../src/runtime.js';
import type { RotationRecord } from '../src/rotation.js';

function fakeRuntime() {
  let now = 0;
  const lines: string[] = [];
  const rt: Runtime = {
    now: () => now,
    random: () => 0.5,
    sleeper: { sleep: async () => undefined },
    log: {
      debug: () => undefined,
      info: (m) => lines.push(m),
      warning: (m) => lines.push(m),
      group: (_n, fn) => fn(),
    },
  };
  return { rt, lines, advance: (ms: number) => (now += ms) };
}

const record: RotationRecord = { vault: 'kv', secret: 's', status: 'rotated' };

describe('Progress', () => {
  it('logs every 10 seconds: handled of selected, rate, and time left once listing is done', () => {
    const { rt, lines, advance } = fakeRuntime();
    const progress = new Progress(rt, 'kv');
    progress.listed(500, false);
    for (let i = 0; i < 100; i++) {
      advance(110);
      progress.tick(record);
    }
    expect(lines).toEqual(['kv: 91 of 500 selected secrets handled (still listing), 9/s']);

    progress.listed(1000, true);
    for (let i = 0; i < 100; i++) {
      advance(110);
      progress.tick(record);
    }
    expect(lines[1]).toBe('kv: 182 of 1000 selected secrets handled, about 90 s left, 9/s');
    progress.done();
    expect(lines.at(-1)).toBe('kv: 200 secrets handled in 22.0 s');
  });
});
