/**
 * The SDK's local queue, in files: track() appends one line to queue.ndjson;
 * before sending, the queue is renamed into outbox/ as files of at most one
 * batch each (a rename is atomic, so another process of the same program
 * appends to a fresh queue meanwhile). A batch file is deleted only once the
 * server answered it; a crash leaves it to be sent again, which the event ids
 * make harmless.
 */
import { appendFileSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Batch {
  readonly file: string;
  readonly lines: readonly string[];
}

export class FileQueue {
  readonly queueFile: string;
  readonly outbox: string;
  private sequence = 0;

  constructor(
    readonly dir: string,
    private readonly maxBytes: number,
  ) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.queueFile = join(dir, 'queue.ndjson');
    this.outbox = join(dir, 'outbox');
    mkdirSync(this.outbox, { recursive: true, mode: 0o700 });
  }

  /** Appends one event line; false (and nothing written) when the queue is full. */
  append(line: string): boolean {
    let size = 0;
    try {
      size = statSync(this.queueFile).size;
    } catch {
      // no queue yet
    }
    if (size + line.length + 1 > this.maxBytes) return false;
    appendFileSync(this.queueFile, `${line}\n`, { mode: 0o600 });
    return true;
  }

  /** Moves what is queued into the outbox as batch files of at most `size` lines. */
  claim(size: number): void {
    const taken = join(this.dir, `claim-${process.pid}-${Date.now()}-${this.sequence++}.ndjson`);
    try {
      renameSync(this.queueFile, taken);
    } catch {
      return; // nothing queued
    }
    const lines = readLines(taken);
    for (let i = 0; i < lines.length; i += size) {
      const name = `${Date.now().toString().padStart(14, '0')}-${process.pid}-${this.sequence++}.ndjson`;
      writeFileSync(join(this.outbox, name), `${lines.slice(i, i + size).join('\n')}\n`, { mode: 0o600 });
    }
    rmSync(taken, { force: true });
  }

  /** The batch files waiting, oldest first. */
  batches(): Batch[] {
    let names: string[];
    try {
      names = readdirSync(this.outbox).filter((n) => n.endsWith('.ndjson')).sort();
    } catch {
      return [];
    }
    return names.map((name) => ({ file: join(this.outbox, name), lines: readLines(join(this.outbox, name)) })).filter((b) => b.lines.length > 0);
  }

  done(batch: Batch): void {
    rmSync(batch.file, { force: true });
  }

  /** Every queued event line: in the outbox first, then the queue. */
  all(): string[] {
    return [...this.batches().flatMap((b) => b.lines), ...readLines(this.queueFile)];
  }

  clear(): void {
    rmSync(this.queueFile, { force: true });
    rmSync(this.outbox, { recursive: true, force: true });
    mkdirSync(this.outbox, { recursive: true, mode: 0o700 });
  }
}

function readLines(file: string): string[] {
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '');
  } catch {
    return [];
  }
}
