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

/** Reads a journal file; see parseJournal. */
export function readJournal(path: string): RotationRecord[] {
  return existsSync(path) ? parseJournal(readFileSync(path, 'utf8')) : [];
}

/** Journal lines as records, skipping a last line cut short by a kill. */
export function parseJournal(text: string): RotationRecord[] {
  const records: RotationRecord[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    try {
      records.push(JSON.parse(line) as RotationRecord);
    } catch {
      // A line the kill cut short: that secret's outcome is unknown, and a
      // secret still marked `started` is reported as such.
    }
  }
  return records;
}

/** The last record of each secret: a journal appends `started`, then the outcome. */
export function latestPerSecret<T extends { vault: string; secret: string }>(records: T[]): T[] {
  const latest = new Map<string, T>();
  for (const r of records) latest.set(`${r.vault}/${r.secret}`.toLowerCase(), r);
  return [...latest.values()];
}
