import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Where a report goes: a file path, or a writable stream (which the writer ends). */
export type ReportOutput = string | Writable;

/** SM3 (GB/T 32905, node:crypto 'sm3') by default, as the event store's hash chain; SHA-256 on request. */
export type ChecksumAlgorithm = 'sm3' | 'sha256';

/** What a stored report file is recorded with: its size and checksum (hex, lower case). */
export type FileDigest = { bytes: number; algorithm: ChecksumAlgorithm; checksum: string };

/**
 * Runs `write` against a stream that hashes and counts every byte on its way to `output`, and
 * resolves once the output has flushed everything. `write` must end the stream it is given.
 */
export async function writeWithDigest(
  output: ReportOutput,
  algorithm: ChecksumAlgorithm,
  write: (stream: Writable) => Promise<void>,
): Promise<FileDigest> {
  const hash = createHash(algorithm);
  let bytes = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      bytes += chunk.length;
      callback(null, chunk);
    },
  });
  const destination = typeof output === 'string' ? createWriteStream(output) : output;
  const piped = pipeline(tap, destination);
  try {
    await write(tap);
  } catch (error) {
    tap.destroy(error instanceof Error ? error : new Error(String(error)));
    await piped.catch(() => undefined);
    throw error;
  }
  await piped;
  return { bytes, algorithm, checksum: hash.digest('hex') };
}

/** The digest of bytes already in memory (e.g. a rendered HTML report). */
export function digestOf(content: Buffer | string, algorithm: ChecksumAlgorithm = 'sm3'): FileDigest {
  const buffer = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return { bytes: buffer.length, algorithm, checksum: createHash(algorithm).update(buffer).digest('hex') };
}

/** Lets pending I/O (zip compression, file writes) run: called every few hundred rows. */
export function yieldToIo(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
