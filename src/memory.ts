/**
 * Keeps the main step's memory flat on large vaults. Each secret leaves a few
 * hundred kilobytes of short-lived SDK objects; V8 lets garbage pile up to
 * many times the live heap before a full collection, so a 10,000-secret run
 * peaked far above what it actually holds. A full collection every few
 * thousand secrets (tens of milliseconds each) keeps the peak near the live
 * size.
 * Note: Node exposes `gc` only behind a flag; it is turned on here at run time
 * because the runner starts the action without flags.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | undefined;

export function collectGarbage(): void {
  try {
    if (!collect) {
      setFlagsFromString('--expose-gc');
      collect = runInNewContext('gc') as () => void;
    }
    collect();
  } catch {
    // Collection is an optimisation; if the runtime refuses, carry on.
    collect = () => undefined;
  }
}
