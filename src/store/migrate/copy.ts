/**
 * Copies one kind of record in batches: stream the rows after the last key
 * copied (one query, in key order), write each batch, record its last key (in
 * the transaction of the write, for the SQL kinds), and say how far it got.
 */
import { batchQuery, keyOf, type RecordKind } from './kind.js';
import { saveProgress, type Progress } from './progress.js';
import type { Source } from './source.js';
import type { Target } from './target.js';

export interface CopyControl {
  /** Rows per batch. */
  readonly batchSize: number;
  /** Stop (as if interrupted) once this many batches were written in this run; for tests. */
  readonly stopAfterBatches?: number;
  readonly signal?: AbortSignal;
  /** A human line: table, rows copied, rate. */
  readonly progress: (line: string) => void;
  readonly now: () => number;
}

/** Batches written so far in this run, across kinds. */
export interface RunState {
  batches: number;
}

export interface KindCopied {
  readonly name: string;
  /** Rows copied in this run. */
  readonly copied: number;
  /** Rows copied over every run. */
  readonly total: number;
  readonly stopped: boolean;
}

/** Seconds between progress lines of one table while it is copied. */
const PROGRESS_EVERY_MS = 2_000;

function shouldStop(control: CopyControl, run: RunState): boolean {
  return control.signal?.aborted === true || (control.stopAfterBatches !== undefined && run.batches >= control.stopAfterBatches);
}

export function progressLine(name: string, total: number, copied: number, elapsedMs: number, done: boolean): string {
  const rate = elapsedMs > 0 ? Math.round((copied * 1000) / elapsedMs) : copied;
  const state = done ? (copied === 0 ? 'done (nothing new)' : 'done') : 'copying';
  return `${name}: ${total} rows copied, ${copied} in this run (${rate} rows/s), ${state}`;
}

export async function copyKind(kind: RecordKind, source: Source, target: Target, start: Progress | undefined, control: CopyControl, run: RunState): Promise<KindCopied> {
  let total = start?.rows ?? 0;
  let copied = 0;
  let stopped = shouldStop(control, run);
  if (stopped) return { name: kind.name, copied, total, stopped };
  const began = control.now();
  let lastLine = began;
  const after = start?.lastKey;
  await source.scan(batchQuery(kind, after), after ?? [], control.batchSize, async (rows) => {
    const last = rows[rows.length - 1];
    if (!last) return true;
    const lastKey = keyOf(kind, last);
    const next = total + rows.length;
    await target.db.transaction(async (tx) => {
      await kind.write(rows, tx, target);
      await saveProgress(tx, kind.name, { lastKey, rows: next }, control.now());
    });
    total = next;
    copied += rows.length;
    run.batches++;
    if (control.now() - lastLine >= PROGRESS_EVERY_MS) {
      lastLine = control.now();
      control.progress(progressLine(kind.name, total, copied, lastLine - began, false));
    }
    stopped = shouldStop(control, run);
    return !stopped;
  });
  if (stopped) return { name: kind.name, copied, total, stopped };
  await kind.finish?.(target);
  control.progress(progressLine(kind.name, total, copied, control.now() - began, true));
  return { name: kind.name, copied, total, stopped: false };
}
