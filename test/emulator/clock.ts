/**
 * The emulator's clock. Token lifetimes, propagation delays, PIM expiry and the
 * throttle window all read it, so a test can move Azure's time forward without
 * waiting, while the action under test keeps running on real time.
 */
export interface Clock {
  now(): number;
}

export class EmulatorClock implements Clock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** Moves the emulator's time forward (never backward). */
  advance(ms: number): void {
    if (ms < 0) throw new RangeError('The emulator clock only moves forward');
    this.offsetMs += ms;
  }
}
