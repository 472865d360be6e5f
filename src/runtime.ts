/**
 * What the lifecycle needs from the world besides Azure: a clock, a way to
 * sleep, randomness for jitter, a log, and the GitHub runner's state and
 * output files. Tests can pass their own; the action uses the real ones.
 */
import * as core from '@actions/core';
import { realSleeper, type Sleeper } from './retry.js';

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warning(message: string): void;
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

export interface Runtime {
  now(): number;
  sleeper: Sleeper;
  random(): number;
  log: Logger;
}

export const coreLogger: Logger = {
  debug: (m) => core.debug(m),
  info: (m) => core.info(m),
  warning: (m) => core.warning(m),
  group: (name, fn) => core.group(name, fn),
};

export const realRuntime: Runtime = {
  now: () => Date.now(),
  sleeper: realSleeper,
  random: Math.random,
  log: coreLogger,
};
