/**
 * The durable ingest log: segment files `<seq>.csv` in one directory, written
 * only by appending whole frames (log-format.ts). append() resolves once its
 * frame is written and fdatasync'ed, so an answered batch survives a kill -9
 * or a power cut. rotate() closes the segment being written, so that it can be
 * loaded into DuckDB; the loader deletes a segment once DuckDB has committed
 * its rows. One append or rotation runs at a time.
 *
 * A write that fails (a full disk) is cut back to the last whole frame before
 * anything else is written or the segment is closed for loading, so a torn
 * frame never reaches DuckDB and the acknowledged frames before it are never
 * set aside; when even the cut fails, the segment is held back until a later
 * append or rotation manages it.
 */
import { mkdir, open, readdir, readFile, rename, rm, truncate } from 'node:fs/promises';
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

/** What the log needs of an open segment file (node's FileHandle); a test may wrap it to fail. */
export interface SegmentFile {
  writev(buffers: Uint8Array[], position: number): Promise<{ bytesWritten: number }>;
  datasync(): Promise<void>;
  truncate(length: number): Promise<void>;
  close(): Promise<void>;
}

export interface IngestLogOptions {
  /** Creates a new segment file for writing; node's open(path, 'wx') by default. */
  readonly create?: (path: string) => Promise<SegmentFile>;
}

interface OpenSegment {
  readonly segment: Segment;
  readonly handle: SegmentFile;
  /** Bytes of whole, durable frames: where the next frame starts. */
  size: number;
  /** Set when a write failed and the file may hold bytes past `size` that are not yet cut off. */
  torn: boolean;
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
  private current: OpenSegment | undefined;
  private nextSeq: number;
  private readonly create: (path: string) => Promise<SegmentFile>;

  private constructor(
    readonly dir: string,
    private closed: Segment[],
    nextSeq: number,
    options: IngestLogOptions,
  ) {
    this.nextSeq = nextSeq;
    this.create = options.create ?? ((path) => open(path, 'wx'));
  }

  /**
   * Opens the log directory, creating it, and cuts a half-written frame off the
   * end of each segment a crash left behind. Returns the segments still to load, oldest first.
   */
  static async open(dir: string, options: IngestLogOptions = {}): Promise<IngestLog> {
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
    return new IngestLog(dir, segments, last ? last.seq + 1 : 1, options);
  }

  /** Numbers new segments after `seq` (the last segment DuckDB loaded), whose file may be gone. */
  startAfter(seq: number): void {
    this.nextSeq = Math.max(this.nextSeq, seq + 1);
  }

  /** Closed segments waiting to be loaded, oldest first. */
  get pending(): readonly Segment[] {
    return this.closed;
  }

  /**
   * Appends one frame, whose body is the parts one after the other, and makes
   * it durable. When it fails, the frame is cut off again (it was never
   * acknowledged), and the log takes the next append.
   */
  append(parts: readonly Uint8Array[]): Promise<void> {
    return this.lock.run(async () => {
      const current = this.current ?? (await this.openSegment());
      await this.repair(current);
      const length = parts.reduce((n, p) => n + p.byteLength, 0);
      let pending: Uint8Array[] = [frameHeader(length), ...parts];
      let written = 0;
      try {
        while (pending.length > 0) {
          const { bytesWritten } = await current.handle.writev(pending, current.size + written);
          written += bytesWritten;
          pending = remainder(pending, bytesWritten);
        }
        await current.handle.datasync();
      } catch (error: unknown) {
        current.torn = true;
        await this.repair(current).catch(() => undefined); // retried before the next write or the segment's load
        throw error;
      }
      current.size += written;
    });
  }

  /**
   * Closes the segment being written (if it holds anything); every closed
   * segment is then in `pending`. A segment whose torn end could not be cut
   * off yet is cut first; if that fails again, the rotation fails and the
   * segment waits (retried by the next load).
   */
  rotate(): Promise<readonly Segment[]> {
    return this.lock.run(async () => {
      const current = this.current;
      if (current) await this.repair(current);
      if (current && current.size > 0) {
        this.current = undefined;
        await current.handle.close();
        this.closed.push(current.segment);
      }
      return this.closed;
    });
  }

  /** Cuts the segment back to its last whole frame after a failed write, durably; a no-op when nothing is torn. */
  private async repair(current: OpenSegment): Promise<void> {
    if (!current.torn) return;
    await current.handle.truncate(current.size);
    await current.handle.datasync();
    current.torn = false;
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
      if (!current) return;
      await this.repair(current);
      this.current = undefined;
      await current.handle.close();
      if (current.size === 0) await rm(current.segment.path, { force: true });
      else this.closed.push(current.segment);
    });
  }

  private async openSegment(): Promise<OpenSegment> {
    const seq = this.nextSeq++;
    const path = join(this.dir, segmentName(seq));
    const handle = await this.create(path);
    try {
      // The new file's directory entry must be durable too, before the first answer depends on it.
      await syncDirectory(this.dir);
    } catch (error: unknown) {
      await handle.close().catch(() => undefined);
      await rm(path, { force: true }).catch(() => undefined);
      throw error;
    }
    this.current = { segment: { seq, path }, handle, size: 0, torn: false };
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
