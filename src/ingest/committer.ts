/**
 * Group commit: events from many requests are appended in one store
 * transaction. Each submit() resolves once its events are durable. While one
 * commit runs, new submissions gather for the next.
 */
import type { AdmittedEvent, AppendResult, EventStore } from '../store/types.js';

interface Pending {
  readonly events: readonly AdmittedEvent[];
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

export interface CommitStats {
  readonly commits: number;
  readonly events: number;
  /** Incremented after every commit; readers use it to know their view is current. */
  readonly sequence: number;
}

export class GroupCommitter {
  private queue: Pending[] = [];
  private running: Promise<void> | undefined;
  private commits = 0;
  private committed = 0;
  private readonly listeners = new Set<(types: ReadonlySet<string>) => void>();

  constructor(
    private readonly store: EventStore,
    private readonly maxEventsPerCommit = 50_000,
    private readonly onListenerError: (error: unknown) => void = (error) => console.error('commit listener failed', error),
  ) {}

  submit(events: readonly AdmittedEvent[]): Promise<AppendResult> {
    if (events.length === 0) return Promise.resolve({ stored: [] });
    return new Promise((resolve, reject) => {
      this.queue.push({ events, resolve, reject });
      this.running ??= this.drain();
    });
  }

  /** Called after each commit with the event types it stored. */
  onCommit(listener: (types: ReadonlySet<string>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  stats(): CommitStats {
    return { commits: this.commits, events: this.committed, sequence: this.commits };
  }

  /** Resolves when everything submitted so far is committed (or failed). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.take();
        const events = batch.flatMap((p) => p.events);
        try {
          const { stored } = await this.store.append(events);
          this.commits++;
          this.committed += stored.filter(Boolean).length;
          let offset = 0;
          for (const pending of batch) {
            pending.resolve({ stored: stored.slice(offset, offset + pending.events.length) });
            offset += pending.events.length;
          }
        } catch (error: unknown) {
          for (const pending of batch) pending.reject(error);
          continue;
        }
        this.notify(new Set(events.map((e) => e.type)));
      }
    } finally {
      this.running = undefined;
    }
  }

  /** A listener's failure is reported, never mistaken for a failed commit, and the other listeners still run. */
  private notify(types: ReadonlySet<string>): void {
    for (const listener of this.listeners) {
      try {
        listener(types);
      } catch (error: unknown) {
        this.onListenerError(error);
      }
    }
  }

  private take(): Pending[] {
    let count = 0;
    let n = 0;
    while (n < this.queue.length && (n === 0 || count + (this.queue[n]?.events.length ?? 0) <= this.maxEventsPerCommit)) {
      count += this.queue[n]?.events.length ?? 0;
      n++;
    }
    const batch = this.queue.slice(0, n);
    this.queue = this.queue.slice(n);
    return batch;
  }
}
