import { mkdtemp, open, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IngestLog, remainder, type SegmentFile } from './ingest-log.js';
import { frame, wholeFrames } from './log-format.js';

const text = (parts: readonly Uint8Array[]): string => Buffer.concat(parts).toString('latin1');

describe('remainder (what a short writev left to write)', () => {
  const parts = [Buffer.from('#12\n'), Buffer.from('abcdef'), Buffer.alloc(0), Buffer.from('ghijkl')];

  it('drops the parts written whole and cuts the part written in part', () => {
    expect(text(remainder(parts, 0))).toBe('#12\nabcdefghijkl');
    expect(text(remainder(parts, 4))).toBe('abcdefghijkl');
    expect(text(remainder(parts, 7))).toBe('defghijkl');
    expect(text(remainder(parts, 10))).toBe('ghijkl');
    expect(remainder(parts, 16)).toEqual([]);
  });

  it('never keeps an empty part, so a write loop cannot spin on one', () => {
    expect(remainder(parts, 10).every((p) => p.byteLength > 0)).toBe(true);
    expect(remainder([Buffer.alloc(0)], 0)).toEqual([]);
  });
});

/** A real segment file that refuses writes once `room` bytes have been written, as a full disk does, until space is given back. */
class FullDisk {
  room = Infinity;
  truncateFails = false;
  create = async (path: string): Promise<SegmentFile> => {
    const handle = await open(path, 'wx');
    return {
      writev: async (buffers, position) => {
        const bytes = Buffer.concat(buffers);
        const take = Math.min(bytes.length, this.room);
        if (take === 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        this.room -= take;
        return handle.writev([bytes.subarray(0, take)], position);
      },
      datasync: () => handle.datasync(),
      truncate: async (length) => {
        if (this.truncateFails) throw Object.assign(new Error('EIO: i/o error, ftruncate'), { code: 'EIO' });
        await handle.truncate(length);
      },
      close: () => handle.close(),
    };
  };
}

const body = (n: number): Buffer => Buffer.from(`e,id-${n},1,,\n`.repeat(20));

describe('IngestLog after a failed write', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lw-ingest-log-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('cuts the torn frame off at once, so the segment holds only whole frames, and takes the next append once space is back', async () => {
    const disk = new FullDisk();
    const log = await IngestLog.open(dir, { create: disk.create });
    await log.append([body(1)]);
    disk.room = 50; // the next frame gets 50 of its bytes written, then ENOSPC
    await expect(log.append([body(2)])).rejects.toThrow(/ENOSPC/);
    const [segment] = await readdir(dir);
    const torn = await readFile(join(dir, segment ?? ''));
    expect(wholeFrames(torn)).toEqual({ bytes: torn.length, frames: 1 });

    disk.room = Infinity;
    await log.append([body(3)]);
    const [closed] = await log.rotate();
    const data = await readFile(closed?.path ?? '');
    expect(wholeFrames(data)).toEqual({ bytes: data.length, frames: 2 });
    expect(data.toString()).toBe(`${frame(body(1)).toString()}${frame(body(3)).toString()}`);
  });

  it('holds the segment back from loading while the cut itself fails, and cuts it before the next write or rotation', async () => {
    const disk = new FullDisk();
    const log = await IngestLog.open(dir, { create: disk.create });
    await log.append([body(1)]);
    disk.room = 30;
    disk.truncateFails = true;
    await expect(log.append([body(2)])).rejects.toThrow(/ENOSPC/);
    await expect(log.rotate()).rejects.toThrow(/EIO/);
    expect(log.pending).toEqual([]);
    await expect(log.append([body(3)])).rejects.toThrow(/EIO/);

    disk.truncateFails = false;
    disk.room = Infinity;
    const [closed] = await log.rotate();
    const data = await readFile(closed?.path ?? '');
    expect(data.toString()).toBe(frame(body(1)).toString());
    await log.append([body(4)]);
    await log.close();
    expect(log.pending.map((s) => s.seq)).toEqual([1, 2]);
  });
});
