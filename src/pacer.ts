/**
 * Paces requests to one vault below Key Vault's limit instead of leaning on
 * 429s. Key Vault allows 4,000 secret transactions per vault per 10 seconds
 * (Azure docs, "Azure Key Vault service limits"); the default rate of 380 per
 * second with a small burst stays under that in every 10-second window. A 429
 * pauses every request to the vault until its Retry-After has passed.
 */
import type { Sleeper } from './retry.js';

export class VaultPacer {
  private tokens: number;
  private last: number;
  private pausedUntil = 0;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly ratePerSecond: number,
    private readonly now: () => number,
    private readonly sleeper: Sleeper,
    private readonly burst = Math.max(1, Math.min(ratePerSecond, 32)),
  ) {
    this.tokens = this.burst;
    this.last = now();
  }

  /** Waits for a turn. Callers are served in the order they asked. */
  take(signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(() => this.waitForToken(signal));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** Holds every request until `untilMs` (a server's Retry-After). */
  pauseUntil(untilMs: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, untilMs);
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(
      this.burst,
      this.tokens + ((now - this.last) / 1000) * this.ratePerSecond,
    );
    this.last = now;
  }

  private async waitForToken(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const pause = this.pausedUntil - this.now();
      if (pause > 0) {
        await this.sleeper.sleep(pause, signal);
        continue;
      }
      this.refill();
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.sleeper.sleep(Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000), signal);
    }
  }
}
