/**
 * The durable ingest log: segment files `<seq>.csv` in one directory, written
 * only by appending whole frames (log-format.ts). append() resolves once its
 * frame is written and fdatasync'ed, so an answered batch survives a kill -9
 * or a power cut. rotate() closes the segment being written, so that it can be
 * loaded into DuckDB; the loader deletes a segment once DuckDB has committed
 * its rows. One append or rotation runs at a time.
 */
import { mkdir, open, readdir, readFile, rename, rm, truncate, type FileHandle } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { frameHeader, wholeFrames } from './log-format.js';
import { Mutex } from './database.js';

const SEGMENT = /^(\d{12})\.csv$/;
/** Where segments DuckDB could not read are kept, under the log's directory. */
export const QUARANTINE = 'quarantine';

export interface Segment {
  readonly seq: number;
  readonly path: string;
}

function segmentName(seq: number): string {
  return `${String(seq).padStart(12, '0')}.csv`;
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export class IngestLog {
  private readonly lock = new Mutex();
  private current: { readonly segment: Segment; readonly handle: FileHandle; size: number } | undefined;
  private nextSeq: number;
  /** Set when a write or sync failed: what reached the file is unknown, so nothing more is appended. */
  private failed: unknown;

  private constructor(
    readonly dir: string,
    private closed: Segment[],
    nextSeq: number,
  ) {
    this.nextSeq = nextSeq;
  }

  /**
   * Opens the log directory, creating it, and cuts a half-written frame off the
   * end of each segment a crash left behind. Returns the segments still to load, oldest first.
   */
  static async open(dir: string): Promise<IngestLog> {
    await mkdir(dir, { recursive: true });
    const names = (await readdir(dir)).filter((name) => SEGMENT.test(name)).sort();
    const segments: Segment[] = [];
    for (const name of names) {
      const path = join(dir, name);
      const data = await readFile(path);
      const whole = wholeFrames(data);
      if (whole.bytes < data.length) await truncate(path, whole.bytes);
      segments.push({ seq: Number(SEGMENT.exec(name)?.[1] ?? 0), path });
    }
    const last = segments.at(-1);
    return new IngestLog(dir, segments, last ? last.seq + 1 : 1);
  }

  /** Numbers new segments after `seq` (the last segment DuckDB loaded), whose file may be gone. */
  startAfter(seq: number): void {
    this.nextSeq = Math.max(this.nextSeq, seq + 1);
  }

  /** Closed segments waiting to be loaded, oldest first. */
  get pending(): readonly Segment[] {
    return this.closed;
  }

  /** Appends one frame, whose body is the parts one after the other, and makes it durable. */
  append(parts: readonly Uint8Array[]): Promise<void> {
    return this.lock.run(async () => {
      if (this.failed !== undefined) throw new Error('the ingest log failed earlier; restart launchwatch', { cause: this.failed });
      try {
        const current = this.current ?? (await this.openSegment());
        const length = parts.reduce((n, p) => n + p.byteLength, 0);
        let pending: Uint8Array[] = [frameHeader(length), ...parts];
        let written = 0;
        while (pending.length > 0) {
          const { bytesWritten } = await current.handle.writev(pending, current.size + written);
          written += bytesWritten;
          pending = remainder(pending, bytesWritten);
        }
        current.size += written;
        await current.handle.datasync();
      } catch (error: unknown) {
        this.failed = error;
        throw error;
      }
    });
  }

  /** Closes the segment being written (if it holds anything); every closed segment is then in `pending`. */
  rotate(): Promise<readonly Segment[]> {
    return this.lock.run(async () => {
      const current = this.current;
      if (current && current.size > 0) {
        this.current = undefined;
        await current.handle.close();
        this.closed.push(current.segment);
      }
      return this.closed;
    });
  }

  /**
   * Moves a segment DuckDB could not read into `quarantine/` under the log's
   * directory, kept for an operator (docs/operations.md); it is no longer
   * pending. Returns where it now is.
   */
  async quarantine(segment: Segment): Promise<string> {
    const dir = join(this.dir, QUARANTINE);
    await mkdir(dir, { recursive: true });
    const target = join(dir, basename(segment.path));
    await rename(segment.path, target);
    await syncDirectory(dir);
    await syncDirectory(this.dir);
    this.closed = this.closed.filter((s) => s.seq !== segment.seq);
    return target;
  }

  /** Deletes segments whose rows DuckDB has committed. */
  async remove(segments: readonly Segment[]): Promise<void> {
    const done = new Set(segments.map((s) => s.seq));
    this.closed = this.closed.filter((s) => !done.has(s.seq));
    for (const segment of segments) await rm(segment.path, { force: true });
  }

  async close(): Promise<void> {
    await this.lock.run(async () => {
      const current = this.current;
      this.current = undefined;
      if (!current) return;
      await current.handle.close();
      if (current.size === 0) await rm(current.segment.path, { force: true });
      else this.closed.push(current.segment);
    });
  }

  private async openSegment(): Promise<{ readonly segment: Segment; readonly handle: FileHandle; size: number }> {
    const seq = this.nextSeq++;
    const path = join(this.dir, segmentName(seq));
    const handle = await open(path, 'wx');
    // The new file's directory entry must be durable too, before the first answer depends on it.
    await syncDirectory(this.dir);
    this.current = { segment: { seq, path }, handle, size: 0 };
    return this.current;
  }
}

/** What is left of `parts` once their first `written` bytes are written. */
export function remainder(parts: readonly Uint8Array[], written: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  let skip = written;
  for (const part of parts) {
    if (skip >= part.byteLength) {
      skip -= part.byteLength;
      continue;
    }
    out.push(skip > 0 ? part.subarray(skip) : part);
    skip = 0;
  }
  return out;
}
