import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { link, mkdir, open, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';

/** The formats a report file may have (the domain's `ReportFileFormat`). */
export type ReportFileFormat = 'xlsx' | 'pdf' | 'docx' | 'html';

/** A stored file: where it is, its size and its SM3 checksum (lower-case hex). */
export interface StoredReportFile {
  readonly path: string;
  readonly sizeBytes: number;
  readonly checksum: { readonly algorithm: 'sm3'; readonly value: string };
}

const SAFE_ID = /^[A-Za-z0-9_.-]+$/;

function safe(id: string, what: string): string {
  if (!SAFE_ID.test(id) || id.startsWith('.')) throw new Error(`${what} is not a safe file name: ${JSON.stringify(id)}`);
  return id;
}

/**
 * Report files on disk: `{root}/{reportId}/{fileId}.{format}`. A file is written to a temporary
 * name, flushed to disk (fsync), then linked into place and the directory flushed: a crash leaves
 * either no file or the whole file, never a torn one. Files are never overwritten: when two runs
 * race, the first file in place is the file.
 */
export class ReportFileStore {
  constructor(private readonly root: string) {}

  pathOf(reportId: string, fileId: string, format: ReportFileFormat): string {
    return join(this.root, safe(reportId, 'reportId'), `${safe(fileId, 'fileId')}.${format}`);
  }

  /** The stored file with its checksum (recomputed from the bytes), or null when there is none. */
  async find(reportId: string, fileId: string, format: ReportFileFormat): Promise<StoredReportFile | null> {
    const path = this.pathOf(reportId, fileId, format);
    const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
    if (info === null) return null;
    const hash = createHash('sm3');
    await pipeline(createReadStream(path), hash);
    return { path, sizeBytes: info.size, checksum: { algorithm: 'sm3', value: hash.digest('hex') } };
  }

  /**
   * Writes a new file through `produce` (which writes the whole file to the path it is given and
   * resolves when it is flushed), then moves it into place. Returns the stored file.
   */
  async write(reportId: string, fileId: string, format: ReportFileFormat, produce: (temporaryPath: string) => Promise<void>): Promise<StoredReportFile> {
    const path = this.pathOf(reportId, fileId, format);
    const directory = join(this.root, reportId);
    await mkdir(directory, { recursive: true });
    const temporary = join(directory, `.${fileId}.${randomUUID()}.partial`);
    try {
      await produce(temporary);
      const handle = await open(temporary, 'r+');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      // link, not rename: a file already in place (another run got there first) is never replaced
      await link(temporary, path).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
      });
      await syncDirectory(directory);
    } finally {
      await rm(temporary, { force: true });
    }
    const stored = await this.find(reportId, fileId, format);
    if (stored === null) throw new Error(`report file vanished after writing: ${path}`);
    return stored;
  }

  /** The stored file's size in bytes without reading it, or null when there is none (downloads). */
  async sizeOf(reportId: string, fileId: string, format: ReportFileFormat): Promise<number | null> {
    const info = await stat(this.pathOf(reportId, fileId, format)).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
    return info === null ? null : info.size;
  }

  /** For downloads (the API): a stream of the stored bytes. */
  open(reportId: string, fileId: string, format: ReportFileFormat): ReadStream {
    return createReadStream(this.pathOf(reportId, fileId, format));
  }
}

async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
