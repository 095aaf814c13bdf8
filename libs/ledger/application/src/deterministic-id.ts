import { createHash } from 'node:crypto';

/**
 * A UUID derived from its parts (SHA-256, shaped as an RFC 4122 version-8 "custom" UUID), so a
 * retried command produces the very same event ids and entity ids, and the store recognises the
 * retry instead of writing twice.
 */
export function deterministicUuid(...parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(`${part.length}:${part}|`);
  const b = hash.digest();
  b[6] = (b[6] & 0x0f) | 0x80; // version 8
  b[8] = (b[8] & 0x3f) | 0x80; // RFC 4122 variant
  const hex = b.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
