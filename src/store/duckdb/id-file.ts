/**
 * The id set (id-set.ts) saved next to the database at a clean stop, so that
 * a start reads it in a fraction of a second instead of hashing every stored
 * id again (seconds at 10 M events). The file is trusted only as what the
 * store held when it was written: its header names the last loaded ingest-log
 * segment and the number of stored events, and a start that finds either
 * changed, or no file, rebuilds the set from the tables. A start removes the
 * file once it has read it, so a run that ends in a crash leaves none behind
 * and the next start rebuilds.
 *
 * Layout: "LWIDSET1", then six little-endian u32 words: slot count (a power
 * of two), hashes held, loaded segment (low, high), stored events (low,
 * high); then the slots, two words each, in the machine's byte order.
 */
import { open, rename, rm } from 'node:fs/promises';
import { IdHashSet } from './id-set.js';

const MAGIC = Buffer.from('LWIDSET1', 'latin1');
const HEADER_WORDS = 6;
const HEADER_BYTES = MAGIC.length + HEADER_WORDS * 4;
/** Bytes per read or write. */
const CHUNK = 8 << 20;

/** What the store held when the set was saved; a start compares it with what the store holds now. */
export interface IdSetStamp {
  /** The last ingest-log segment loaded into the tables. */
  readonly loadedSegment: number;
  /** Events in the event tables. */
  readonly stored: number;
}

const split = (n: number): [number, number] => [n % 2 ** 32, Math.floor(n / 2 ** 32)];

/** Writes the set to `path` (through a temporary file, synced, then renamed over it). */
export async function saveIdSet(path: string, set: IdHashSet, stamp: IdSetStamp): Promise<void> {
  const temporary = `${path}.partial`;
  const handle = await open(temporary, 'w');
  try {
    const header = Buffer.alloc(HEADER_BYTES);
    MAGIC.copy(header, 0);
    const words = [set.table.length / 2, set.size, ...split(stamp.loadedSegment), ...split(stamp.stored)];
    words.forEach((word, i) => header.writeUInt32LE(word, MAGIC.length + 4 * i));
    await handle.write(header, 0, header.length, 0);
    const bytes = new Uint8Array(set.table.buffer, set.table.byteOffset, set.table.byteLength);
    for (let at = 0; at < bytes.length; at += CHUNK) {
      const part = bytes.subarray(at, Math.min(bytes.length, at + CHUNK));
      await handle.write(part, 0, part.length, HEADER_BYTES + at);
    }
    await handle.datasync();
  } finally {
    await handle.close();
  }
  await rename(temporary, path);
}

/**
 * Reads the set saved at `path` if its stamp is `expected`; undefined when
 * there is no file, or it is not whole, or the store changed since. The file
 * is removed either way.
 */
export async function takeIdSet(path: string, expected: IdSetStamp): Promise<IdHashSet | undefined> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error: unknown) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return await readSet(handle, expected);
  } finally {
    await handle.close();
    await rm(path, { force: true });
  }
}

async function readSet(handle: Awaited<ReturnType<typeof open>>, expected: IdSetStamp): Promise<IdHashSet | undefined> {
  const { size } = await handle.stat();
  const header = Buffer.alloc(HEADER_BYTES);
  const { bytesRead } = await handle.read(header, 0, HEADER_BYTES, 0);
  if (bytesRead < HEADER_BYTES || !header.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const word = (i: number): number => header.readUInt32LE(MAGIC.length + 4 * i);
  const capacity = word(0);
  const count = word(1);
  const loadedSegment = word(2) + word(3) * 2 ** 32;
  const stored = word(4) + word(5) * 2 ** 32;
  if (loadedSegment !== expected.loadedSegment || stored !== expected.stored) return undefined;
  if (capacity < 1 || (capacity & (capacity - 1)) !== 0 || size !== HEADER_BYTES + capacity * 8 || count > capacity) return undefined;
  const slots = new Uint32Array(capacity * 2);
  const bytes = new Uint8Array(slots.buffer);
  for (let at = 0; at < bytes.length; at += CHUNK) {
    const length = Math.min(CHUNK, bytes.length - at);
    const read = await handle.read(bytes, at, length, HEADER_BYTES + at);
    if (read.bytesRead !== length) return undefined;
  }
  return IdHashSet.fromTable(slots, count);
}
