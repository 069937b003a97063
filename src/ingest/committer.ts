/**
 * Group commit: events from many requests are appended in one store
 * transaction. Each submit() resolves once its events are durable. While one
 * commit runs, new submissions gather for the next.
 *
 * A store that takes encoded batches (the embedded one: EncodedAppend) gets
 * every commit as encoded batches; submitEncoded() passes batches encoded
 * elsewhere (in an ingest worker thread) straight through, and submit()'s
 * events are encoded here.
 */
import { encodeBatch, type EncodedAppend, type EncodedEvents, type LogEncoding } from '../store/duckdb/log-format.js';
import type { AdmittedEvent, AppendResult, EventStore } from '../store/types.js';

type Pending = {
  readonly count: number;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
} & ({ readonly events: readonly AdmittedEvent[] } | { readonly encoded: EncodedEvents });

export interface CommitStats {
  readonly commits: number;
  readonly events: number;
  /** Incremented after every commit; readers use it to know their view is current. */
  readonly sequence: number;
}

/** Told of each commit: the event types it stored, and the earliest event time of each (what a cache of past minutes reads again). */
export type CommitListener = (types: ReadonlySet<string>, earliest: ReadonlyMap<string, number>) => void;

type Committed = { readonly batch: readonly Pending[]; readonly stored: readonly boolean[]; readonly types: ReadonlySet<string>; readonly earliest: ReadonlyMap<string, number> };

export class GroupCommitter {
  private queue: Pending[] = [];
  private running: Promise<void> | undefined;
  private commits = 0;
  private committed = 0;
  private readonly listeners = new Set<CommitListener>();

  constructor(
    private readonly store: EventStore & Partial<EncodedAppend>,
    private readonly maxEventsPerCommit = 50_000,
    private readonly onListenerError: (error: unknown) => void = (error) => console.error('commit listener failed', error),
  ) {}

  submit(events: readonly AdmittedEvent[]): Promise<AppendResult> {
    if (events.length === 0) return Promise.resolve({ stored: [] });
    return new Promise((resolve, reject) => {
      this.queue.push({ events, count: events.length, resolve, reject });
      this.running ??= this.drain();
    });
  }

  /** The store's encoding, when it takes encoded batches (then submitEncoded may be used). */
  encoding(): LogEncoding | undefined {
    return this.store.encoding?.();
  }

  /** Like submit(), for events encoded with encoding(). */
  submitEncoded(encoded: EncodedEvents): Promise<AppendResult> {
    if (!this.store.appendEncoded) return Promise.reject(new Error('this event store does not take encoded batches'));
    if (encoded.count === 0) return Promise.resolve({ stored: [] });
    return new Promise((resolve, reject) => {
      this.queue.push({ encoded, count: encoded.count, resolve, reject });
      this.running ??= this.drain();
    });
  }

  /** Called after each commit with the event types it stored, and the earliest event time of each. */
  onCommit(listener: CommitListener): () => void {
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
        let committed: Committed | undefined;
        try {
          committed = await this.commit(batch);
        } catch (error: unknown) {
          for (const pending of batch) pending.reject(error);
          continue;
        }
        this.commits++;
        let offset = 0;
        for (const pending of committed.batch) {
          const stored = committed.stored.slice(offset, offset + pending.count);
          for (const kept of stored) if (kept) this.committed++;
          pending.resolve({ stored });
          offset += pending.count;
        }
        if (committed.batch.length > 0) this.notify(committed.types, committed.earliest);
      }
    } finally {
      this.running = undefined;
    }
  }

  /** Appends the batch; with an encoding store, a submission that cannot be encoded fails alone and is left out. */
  private async commit(batch: readonly Pending[]): Promise<Committed> {
    const store = this.store;
    const encoding = store.encoding?.();
    if (!store.appendEncoded || !encoding) {
      const events = batch.flatMap((p) => ('events' in p ? p.events : []));
      const { stored } = await store.append(events);
      const earliest = new Map<string, number>();
      for (const e of events) earliest.set(e.type, Math.min(e.ts, earliest.get(e.type) ?? Infinity));
      return { batch, stored, types: new Set(earliest.keys()), earliest };
    }
    const kept: Pending[] = [];
    const encoded: EncodedEvents[] = [];
    const types = new Set<string>();
    const earliest = new Map<string, number>();
    for (const pending of batch) {
      let one: EncodedEvents;
      try {
        one = 'encoded' in pending ? pending.encoded : encodeBatch(pending.events, encoding);
      } catch (error: unknown) {
        pending.reject(error);
        continue;
      }
      kept.push(pending);
      encoded.push(one);
      for (const type of one.typeNames) types.add(type);
      for (let i = 0; i < one.count; i++) {
        const type = one.typeNames[one.typeOf[i] ?? 0] ?? '';
        earliest.set(type, Math.min(one.ts[i] ?? Infinity, earliest.get(type) ?? Infinity));
      }
    }
    if (kept.length === 0) return { batch: kept, stored: [], types, earliest };
    const { stored } = await store.appendEncoded(encoded);
    return { batch: kept, stored, types, earliest };
  }

  /** A listener's failure is reported, never mistaken for a failed commit, and the other listeners still run. */
  private notify(types: ReadonlySet<string>, earliest: ReadonlyMap<string, number>): void {
    for (const listener of this.listeners) {
      try {
        listener(types, earliest);
      } catch (error: unknown) {
        this.onListenerError(error);
      }
    }
  }

  private take(): Pending[] {
    let count = 0;
    let n = 0;
    while (n < this.queue.length && (n === 0 || count + (this.queue[n]?.count ?? 0) <= this.maxEventsPerCommit)) {
      count += this.queue[n]?.count ?? 0;
      n++;
    }
    const batch = this.queue.slice(0, n);
    this.queue = this.queue.slice(n);
    return batch;
  }
}
