/**
 * Key Vault's service limits and the emulator's injected faults: a per-vault
 * sliding throttle window on the emulator clock, throttle storms, added latency,
 * server errors and connection resets drawn from a seeded PRNG so that a run
 * with the same seed fails the same way every time.
 */
import type { EmulatorResponse } from './http.js';
import type { EmulatorState, KeyVaultKnobs } from './state.js';
import { serverError, throttled } from './keyvault-errors.js';

export type Admission = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * Requests admitted in the last `windowMs`. Azure docs, "Azure Key Vault
 * service limits": 4,000 secret transactions per vault per 10 s; past that the
 * vault answers 429 until the window has room again.
 * Note: refused requests are not counted, so a client that backs off as told
 * always gets through once the window frees.
 */
export class ThrottleWindow {
  private readonly admitted: number[] = [];

  admit(now: number, limit: number, windowMs: number): Admission {
    while (this.admitted.length > 0 && (this.admitted[0] ?? 0) <= now - windowMs) {
      this.admitted.shift();
    }
    if (this.admitted.length < limit) {
      this.admitted.push(now);
      return { ok: true };
    }
    // The oldest admitted request leaves the window first.
    const freesAt = (this.admitted[0] ?? now) + windowMs;
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((freesAt - now) / 1000)) };
  }
}

/** A small xorshift32 generator: uniform enough for fault rates, and reproducible. */
export class SeededRandom {
  private value: number;

  constructor(readonly seed: number) {
    // Zero is xorshift's fixed point; any other 32-bit value works.
    this.value = seed >>> 0 || 0x9e3779b9;
  }

  /** A number in [0, 1). */
  next(): number {
    let x = this.value;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.value = x >>> 0;
    return this.value / 0x1_0000_0000;
  }
}

interface FaultState {
  windows: Map<string, ThrottleWindow>;
  random: SeededRandom;
}

const faultStates = new WeakMap<EmulatorState, FaultState>();

/** The emulator's fault state, reseeded whenever the `seed` knob changes. */
function faultState(state: EmulatorState): FaultState {
  const seed = state.knobs.keyVault.seed;
  let current = faultStates.get(state);
  if (!current) {
    current = { windows: new Map(), random: new SeededRandom(seed) };
    faultStates.set(state, current);
  }
  if (current.random.seed !== seed) current.random = new SeededRandom(seed);
  return current;
}

/** Waits the configured latency on real time: the action under test runs on real time. */
export async function addLatency(knobs: KeyVaultKnobs): Promise<void> {
  if (knobs.latencyMs <= 0) return;
  await new Promise((resolve) => setTimeout(resolve, knobs.latencyMs));
}

/** 429 while a throttle storm lasts, or when the vault's window is full. */
function throttle(state: EmulatorState, vaultName: string): EmulatorResponse | undefined {
  const knobs = state.knobs.keyVault;
  if (knobs.throttleStorm > 0) {
    knobs.throttleStorm -= 1;
    return throttled(Math.max(1, knobs.throttleStormRetryAfterSeconds));
  }
  const { windows } = faultState(state);
  const key = vaultName.toLowerCase();
  const window = windows.get(key) ?? new ThrottleWindow();
  windows.set(key, window);
  const admission = window.admit(state.clock.now(), knobs.throttleLimit, knobs.throttleWindowMs);
  return admission.ok ? undefined : throttled(admission.retryAfterSeconds);
}

/** A reset or a 500/503 drawn from the seeded PRNG, at the configured rates. */
function randomFault(state: EmulatorState): EmulatorResponse | undefined {
  const knobs = state.knobs.keyVault;
  const { random } = faultState(state);
  if (knobs.resetRate > 0 && random.next() < knobs.resetRate) {
    return { status: 0, reset: true };
  }
  if (knobs.serverErrorRate > 0 && random.next() < knobs.serverErrorRate) {
    return serverError(knobs.serverErrorStatus);
  }
  return undefined;
}

/**
 * Faults for an authenticated request, in the order a caller meets them: the
 * vault's rate limit first, then transient failures. Undefined lets it through.
 * Note: 401 challenges are not counted; Azure counts every transaction, but a
 * challenge costs one per client and would only blur the tests' arithmetic.
 */
export function injectFault(state: EmulatorState, vaultName: string): EmulatorResponse | undefined {
  return throttle(state, vaultName) ?? randomFault(state);
}

/** Whether a write (PUT, PATCH) or read (GET) of this secret is set to fail. */
export function secretFails(knobs: KeyVaultKnobs, secretName: string, write: boolean): boolean {
  const names = write ? knobs.failingSecrets : knobs.failSecretReads;
  return names.some((n) => n.toLowerCase() === secretName.toLowerCase());
}
