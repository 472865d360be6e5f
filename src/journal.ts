/**
 * An append-only record of each secret's outcome, one JSON line per secret,
 * written the moment it is known. If the runner kills the main step, the post
 * step (or a person) can still read which secrets were rotated.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { RotationRecord } from './rotation.js';

export class Journal {
  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
  }

  append(record: RotationRecord): void {
    appendFileSync(this.path, JSON.stringify(record) + '\n', { mode: 0o600 });
  }
}

/** Reads a journal, skipping a last line cut short by a kill. */
export function readJournal(path: string): RotationRecord[] {
  if (!existsSync(path)) return [];
  const records: RotationRecord[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      records.push(JSON.parse(line) as RotationRecord);
    } catch {
      // A line the kill cut short: the secret's outcome is unknown, and the
      // post step reports it as such.
    }
  }
  return records;
}
