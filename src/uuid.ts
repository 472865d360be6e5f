import { createHash } from 'node:crypto';

/** This action's namespace for name-based UUIDs (RFC 9562 version 5). */
export const ACTION_NAMESPACE = '6f1d3b0a-4c59-4b7e-9a3c-2f6e8d1c5a47';

/** A version 5 UUID: the same inputs always give the same assignment name. */
export function uuidV5(name: string, namespace = ACTION_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
