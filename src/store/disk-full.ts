/**
 * A full disk, recognised and remembered. The store notes every write that
 * failed for want of space (the ingest log's, DuckDB's) and every bulk write
 * that succeeded since; /healthz, GET /api/v1/status and the log say "disk
 * full" while the last of them failed (docs/operations.md, A full disk).
 */

/** What a full disk looks like: Node's ENOSPC or EDQUOT, or DuckDB's "No space left on device", on the error or its causes. */
export function isDiskFull(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = 'code' in e ? String(e.code) : '';
    if (code === 'ENOSPC' || code === 'EDQUOT') return true;
    if (/No space left on device|Disk quota exceeded/i.test(e.message)) return true;
  }
  return false;
}

/** What a client is told when its write cannot be stored for want of space. */
export const DISK_FULL_MESSAGE = 'disk full: the data directory has no space left, so this could not be stored; retry once space is freed';

export interface DiskFullState {
  /** When the first write of this spell failed, epoch ms. */
  readonly since: number;
  /** The first line of the last failure's message (a path, never data). */
  readonly reason: string;
}

/** Whether the store's disk is full now, as far as its last writes tell. */
export class DiskFullWatch {
  private current: DiskFullState | undefined;
  private readonly listeners: ((state: DiskFullState | undefined) => void)[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  /** Notes a failed write; true when it failed for want of space. */
  failed(error: unknown): boolean {
    if (!isDiskFull(error)) return false;
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
    const first = this.current === undefined;
    this.current = { since: this.current?.since ?? this.now(), reason };
    if (first) this.emit();
    return true;
  }

  /** Notes a bulk write that succeeded: the disk has room again. */
  succeeded(): void {
    if (this.current === undefined) return;
    this.current = undefined;
    this.emit();
  }

  state(): DiskFullState | undefined {
    return this.current;
  }

  /** Called when the disk becomes full (with the state) and when it has room again (undefined); at once if it is full now. */
  onChange(listener: (state: DiskFullState | undefined) => void): void {
    this.listeners.push(listener);
    if (this.current) listener(this.current);
  }

  private emit(): void {
    for (const listener of this.listeners) listener(this.current);
  }
}
