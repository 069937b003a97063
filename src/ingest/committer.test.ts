import { describe, expect, it } from 'vitest';
import type { AdmittedEvent, AppendResult, EventStore, Measurement, Series } from '../store/types.js';
import { encodeBatch, idAt, typeAt, type EncodedEvents, type LogEncoding } from '../store/duckdb/log-format.js';
import { GroupCommitter } from './committer.js';

/**
 * An in-memory EventStore whose append can be held open, to have a commit in
 * flight, and made to fail. An id seen before is answered stored=false.
 */
class FakeStore implements EventStore {
  /** The ids of each append call, in call order. */
  readonly appends: string[][] = [];
  readonly ids = new Set<string>();
  failWhen: ((events: readonly AdmittedEvent[]) => boolean) | undefined;
  private gate: Promise<void> | undefined;
  private open: (() => void) | undefined;

  /** Appends from now on wait until release(). */
  hold(): void {
    this.gate = new Promise((resolve) => {
      this.open = resolve;
    });
  }

  release(): void {
    this.gate = undefined;
    this.open?.();
  }

  async append(events: readonly AdmittedEvent[]): Promise<AppendResult> {
    this.appends.push(events.map((e) => e.id));
    if (this.gate) await this.gate;
    if (this.failWhen?.(events)) throw new Error('disk full');
    const stored = events.map((e) => {
      if (this.ids.has(e.id)) return false;
      this.ids.add(e.id);
      return true;
    });
    return { stored };
  }

  async prepare(): Promise<void> {
    throw new Error('not used by the committer');
  }

  async measure(): Promise<Measurement> {
    throw new Error('not used by the committer');
  }

  async series(): Promise<Series> {
    throw new Error('not used by the committer');
  }

  async counts(): Promise<Readonly<Record<string, number>>> {
    throw new Error('not used by the committer');
  }

  async close(): Promise<void> {}
}

function ev(id: string, type = 'command_generation'): AdmittedEvent {
  return { id, type, ts: 1_795_339_800_000, userId: null, sessionId: null, properties: {} };
}

/** Lets every pending callback and promise continuation run. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

describe('GroupCommitter: grouping', () => {
  it('commits submissions made while a commit is in flight together, in one following append', async () => {
    const store = new FakeStore();
    const committer = new GroupCommitter(store);
    store.hold();
    const first = committer.submit([ev('a1')]);
    const second = committer.submit([ev('b1'), ev('b2')]);
    const third = committer.submit([ev('c1')]);
    expect(store.appends).toEqual([['a1']]);

    store.release();
    await Promise.all([first, second, third]);
    expect(store.appends).toEqual([['a1'], ['b1', 'b2', 'c1']]);
    expect(committer.stats()).toEqual({ commits: 2, events: 4, sequence: 2 });
  });

  it('resolves each submission only once its own events are stored', async () => {
    const store = new FakeStore();
    const committer = new GroupCommitter(store);
    store.hold();
    let done = false;
    const submitted = committer.submit([ev('a1')]).then(() => {
      done = true;
    });
    await settle();
    expect(done).toBe(false);
    expect(store.ids.has('a1')).toBe(false);

    store.release();
    await submitted;
    expect(store.ids.has('a1')).toBe(true);
  });

  it('gives each submission exactly its own slice of stored, in its order', async () => {
    const store = new FakeStore();
    const committer = new GroupCommitter(store);
    await committer.submit([ev('seen')]);

    store.hold();
    const inFlight = committer.submit([ev('x1')]);
    const first = committer.submit([ev('seen'), ev('n1')]);
    const second = committer.submit([ev('n2'), ev('n1'), ev('n3')]);
    store.release();

    expect(await inFlight).toEqual({ stored: [true] });
    expect(await first).toEqual({ stored: [false, true] });
    expect(await second).toEqual({ stored: [true, false, true] });
    expect(store.appends).toHaveLength(3);
    expect(committer.stats().events).toBe(5);
  });

  it('answers an empty submission at once, without a commit', async () => {
    const store = new FakeStore();
    const committer = new GroupCommitter(store);
    expect(await committer.submit([])).toEqual({ stored: [] });
    expect(store.appends).toEqual([]);
    expect(committer.stats().commits).toBe(0);
  });
});

describe('GroupCommitter: maxEventsPerCommit', () => {
  it('splits the waiting submissions into commits of at most that many events, never splitting one', async () => {
    const store = new FakeStore();
    const committer = new GroupCommitter(store, 3);
    store.hold();
    const submitted = [
      committer.submit([ev('a1')]),
      committer.submit([ev('b1'), ev('b2')]),
      committer.submit([ev('c1'), ev('c2')]),
      committer.submit([ev('d1')]),
    ];
    store.release();
    await Promise.all(submitted);
    expect(store.appends).toEqual([['a1'], ['b1', 'b2'], ['c1', 'c2', 'd1']]);
  });

  it('commits a submission larger than the limit whole, on its own', async () => {
    const store = new FakeStore();
    const committer = new GroupCommitter(store, 3);
    store.hold();
    const submitted = [committer.submit([ev('a1')]), committer.submit(['b1', 'b2', 'b3', 'b4', 'b5'].map((id) => ev(id))), committer.submit([ev('c1')])];
    store.release();
    const results = await Promise.all(submitted);
    expect(store.appends).toEqual([['a1'], ['b1', 'b2', 'b3', 'b4', 'b5'], ['c1']]);
    expect(results[1]).toEqual({ stored: [true, true, true, true, true] });
  });
});

describe('GroupCommitter: a failing commit', () => {
  it('rejects only the submissions of its batch; later submissions are committed', async () => {
    const store = new FakeStore();
    const committer = new GroupCommitter(store);
    store.failWhen = (events) => events.some((e) => e.id === 'b1');
    store.hold();
    const outcomes = Promise.allSettled([committer.submit([ev('a1')]), committer.submit([ev('b1')]), committer.submit([ev('c1')])]);
    store.release();

    const [first, second, third] = await outcomes;
    expect(first).toEqual({ status: 'fulfilled', value: { stored: [true] } });
    expect(second).toMatchObject({ status: 'rejected', reason: new Error('disk full') });
    expect(third).toMatchObject({ status: 'rejected', reason: new Error('disk full') });
    expect(store.ids.has('c1')).toBe(false);

    expect(await committer.submit([ev('d1')])).toEqual({ stored: [true] });
    expect(committer.stats()).toEqual({ commits: 2, events: 2, sequence: 2 });
  });

  it('does not hold back the submissions queued behind it', async () => {
    const store = new FakeStore();
    const committer = new GroupCommitter(store);
    store.failWhen = (events) => events.some((e) => e.id === 'a1');
    store.hold();
    const outcomes = Promise.allSettled([committer.submit([ev('a1')]), committer.submit([ev('b1')])]);
    store.release();

    const [first, second] = await outcomes;
    expect(first).toMatchObject({ status: 'rejected', reason: new Error('disk full') });
    expect(second).toEqual({ status: 'fulfilled', value: { stored: [true] } });
  });
});

describe('GroupCommitter: onCommit', () => {
  it('tells listeners the event types of each commit, after it is stored', async () => {
    const store = new FakeStore();
    const committer = new GroupCommitter(store);
    const seen: string[][] = [];
    committer.onCommit((types) => seen.push([...types].sort()));
    store.hold();
    const submitted = [committer.submit([ev('a1', 'session_start')]), committer.submit([ev('b1', 'command_generation')]), committer.submit([ev('c1', 'session_start')])];
    expect(seen).toEqual([]);
    store.release();
    await Promise.all(submitted);
    expect(seen).toEqual([['session_start'], ['command_generation', 'session_start']]);
  });

  it('does not tell listeners of a failed commit', async () => {
    const store = new FakeStore();
    const committer = new GroupCommitter(store);
    const seen: string[][] = [];
    committer.onCommit((types) => seen.push([...types]));
    store.failWhen = () => true;
    await expect(committer.submit([ev('a1')])).rejects.toThrow('disk full');
    expect(seen).toEqual([]);
  });

  it('stops telling a listener once it unsubscribes', async () => {
    const store = new FakeStore();
    const committer = new GroupCommitter(store);
    const seen: string[][] = [];
    const unsubscribe = committer.onCommit((types) => seen.push([...types]));
    await committer.submit([ev('a1', 'session_start')]);
    unsubscribe();
    await committer.submit([ev('b1', 'session_end')]);
    expect(seen).toEqual([['session_start']]);
  });
});

describe('GroupCommitter: idle', () => {
  it('resolves at once when nothing was submitted', async () => {
    await expect(new GroupCommitter(new FakeStore()).idle()).resolves.toBeUndefined();
  });

  it('waits until everything submitted so far is committed, over several commits', async () => {
    const store = new FakeStore();
    const committer = new GroupCommitter(store);
    store.hold();
    const submitted = Promise.all([committer.submit([ev('a1')]), committer.submit([ev('b1')])]);
    let idle = false;
    const waiting = committer.idle().then(() => {
      idle = true;
    });
    await settle();
    expect(idle).toBe(false);

    store.release();
    await waiting;
    expect([...store.ids]).toEqual(['a1', 'b1']);
    expect(committer.stats().commits).toBe(2);
    await submitted;
  });

  it('resolves, not rejects, when a commit failed', async () => {
    const store = new FakeStore();
    const committer = new GroupCommitter(store);
    store.failWhen = () => true;
    const outcome = Promise.allSettled([committer.submit([ev('a1')])]);
    await expect(committer.idle()).resolves.toBeUndefined();
    expect((await outcome)[0]?.status).toBe('rejected');
  });
});

/** A FakeStore that also takes encoded batches (as the embedded store does), for the types it has a layout for. */
class EncodingStore extends FakeStore {
  readonly encodedAppends: number[][] = [];

  encoding(): LogEncoding {
    return { layouts: new Map([['command_generation', { properties: [] }], ['session_start', { properties: [] }]]), width: 0 };
  }

  async appendEncoded(batches: readonly EncodedEvents[]): Promise<AppendResult> {
    this.encodedAppends.push(batches.map((b) => b.count));
    const events = batches.flatMap((b) => Array.from({ length: b.count }, (_, i) => ev(idAt(b, i), typeAt(b, i))));
    return this.append(events);
  }
}

describe('GroupCommitter: encoded batches', () => {
  const encodedOf = (store: EncodingStore, events: readonly AdmittedEvent[]): EncodedEvents => encodeBatch(events, store.encoding());

  it('commits encoded and object submissions made together as one append of encoded batches, each answered its own slice', async () => {
    const store = new EncodingStore();
    const committer = new GroupCommitter(store);
    const types: string[][] = [];
    committer.onCommit((t) => types.push([...t].sort()));
    store.hold();
    const first = committer.submit([ev('x1')]);
    await settle();
    const encoded = committer.submitEncoded(encodedOf(store, [ev('a1'), ev('a2', 'session_start')]));
    const objects = committer.submit([ev('b1'), ev('a1')]);
    store.release();
    expect(await first).toEqual({ stored: [true] });
    expect(await encoded).toEqual({ stored: [true, true] });
    expect(await objects).toEqual({ stored: [true, false] });
    expect(store.encodedAppends).toEqual([[1], [2, 2]]);
    expect(store.appends).toEqual([['x1'], ['a1', 'a2', 'b1', 'a1']]);
    expect(types).toEqual([['command_generation'], ['command_generation', 'session_start']]);
    expect(committer.stats()).toMatchObject({ commits: 2, events: 4 });
  });

  it('fails alone a submission whose event type the store cannot encode; the rest of its commit is stored', async () => {
    const store = new EncodingStore();
    const committer = new GroupCommitter(store);
    store.hold();
    const first = committer.submit([ev('x1')]);
    await settle();
    const bad = committer.submit([ev('u1', 'undeclared')]);
    const good = committer.submit([ev('g1')]);
    store.release();
    await first;
    await expect(bad).rejects.toThrow(/"undeclared" is not prepared/);
    expect(await good).toEqual({ stored: [true] });
    expect(store.ids.has('u1')).toBe(false);
  });

  it('refuses encoded batches when the store takes none', async () => {
    const committer = new GroupCommitter(new FakeStore());
    expect(committer.encoding()).toBeUndefined();
    await expect(committer.submitEncoded(encodeBatch([ev('a1')], new EncodingStore().encoding()))).rejects.toThrow(/does not take encoded batches/);
  });
});
