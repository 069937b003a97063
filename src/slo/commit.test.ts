/**
 * The rollups hear of commits as the app wires them (src/app.ts: the group
 * committer's onCommit hands each commit's earliest event time per type to
 * SloService.noteCommit): a commit's events, however old, are in the next
 * evaluation, and the minutes read again start at the commit's earliest event.
 */
import { describe, expect, it } from 'vitest';
import { GroupCommitter } from '../ingest/committer.js';
import { loadPlanText } from '../plan/load.js';
import type { Filter, MetricSpec } from '../plan/metric-types.js';
import type { Plan } from '../plan/types.js';
import type { AdmittedEvent, AppendResult, EventStore, Measurement, Series, TimeRange } from '../store/types.js';
import { minuteOf } from './rollup.js';
import { SloService } from './service.js';

const M = 60_000;
const T0 = Date.parse('2026-12-07T12:00:00Z');

function plan(): Plan {
  const text = ['version: 1', 'product: { name: shop }', 'events:', '  api_request: { status: number }', 'slos:', '  avail: { objective: 99%, window: 1d, sli: { events: api_request, good: { status: { lt: 500 } } } }'].join('\n');
  const result = loadPlanText(text, 'plan.yaml', {});
  if (result.kind !== 'ok') throw new Error('the plan loads');
  return result.plan;
}

const passes = (e: AdmittedEvent, filters: readonly Filter[]): boolean =>
  filters.every((f) => {
    if (!('field' in f) || f.condition.op !== 'lt') throw new Error('this store knows only lt filters');
    return Number(e.properties[f.field]) < Number(f.condition.value);
  });

/** Events in memory; series counts them per minute and records the range it was asked for. */
class MemoryStore implements EventStore {
  readonly events: AdmittedEvent[] = [];
  readonly reads: TimeRange[] = [];

  async append(events: readonly AdmittedEvent[]): Promise<AppendResult> {
    this.events.push(...events);
    return { stored: events.map(() => true) };
  }

  async series(metric: MetricSpec, range: TimeRange, stepMs: number): Promise<Series> {
    this.reads.push(range);
    const counts = new Map<number, number>();
    for (const e of this.events) {
      if (e.type !== metric.from || e.ts < range.from || e.ts >= range.to || !passes(e, metric.where)) continue;
      const t = Math.floor(e.ts / stepMs) * stepMs;
      counts.set(t, (counts.get(t) ?? 0) + 1);
    }
    return { points: [...counts].map(([t, value]) => ({ t, value })), groups: [] };
  }

  async prepare(): Promise<void> {}
  async measure(): Promise<Measurement> {
    throw new Error('not read by the SLOs');
  }
  async counts(): Promise<Readonly<Record<string, number>>> {
    return {};
  }
  async close(): Promise<void> {}
}

let ids = 0;
const request = (ts: number, status: number): AdmittedEvent => ({ id: `e${ids++}`, type: 'api_request', ts, userId: null, sessionId: null, properties: { status } });

function wired() {
  let now = T0 + 40 * M + 30_000;
  const store = new MemoryStore();
  const committer = new GroupCommitter(store);
  const p = plan();
  const slos = new SloService({ plan: () => p, now: () => now, events: store, incidents: { incidents: () => Promise.resolve([]) } });
  committer.onCommit((_types, earliest) => slos.noteCommit(earliest));
  const figures = async () => {
    const at = (await slos.current()).slos.get('avail');
    return [at?.good, at?.total];
  };
  return { store, committer, slos, figures, later: (ms: number) => (now += ms) };
}

describe('the SLO rollup fed on commit', () => {
  it("reads again from a commit's earliest event, an event older than the minutes re-read each tick among later ones", async () => {
    const { store, committer, figures, later } = wired();
    await committer.submit(Array.from({ length: 41 }, (_, m) => request(T0 + m * M, 200)));
    expect(await figures()).toEqual([41, 41]);
    later(2_000);
    store.reads.length = 0;
    // One commit: a failure in the current minute and one stamped minute 7, listed after it.
    await committer.submit([request(T0 + 40 * M + 1_000, 503), request(T0 + 7 * M + 5_000, 503)]);
    expect(await figures()).toEqual([41, 43]);
    // The read after the commit started at minute 7, not at the last minutes alone.
    expect(Math.min(...store.reads.map((r) => r.from))).toBe(minuteOf(T0 + 7 * M) * M);
  });

  it('counts an event older than every kept minute when it is within the window; reads no further back than the longest window (3d)', async () => {
    const { store, committer, figures, later } = wired();
    await committer.submit([request(T0 + 30 * M, 200)]);
    expect(await figures()).toEqual([1, 1]);
    later(2_000);
    store.reads.length = 0;
    // Ten hours before the first kept event (in the 1-day window), two days back (out of it, in the 3-day burn window), four days back (out of both).
    await committer.submit([request(T0 - 10 * 60 * M, 503), request(T0 - 2 * 1_440 * M, 503), request(T0 - 4 * 1_440 * M, 503)]);
    expect(await figures()).toEqual([1, 2]);
    // The read starts at the first minute of the longest window: nothing older is read, nothing in it skipped.
    expect(Math.min(...store.reads.map((r) => r.from))).toBe((minuteOf(T0 + 40 * M + 32_000) - 3 * 1_440 + 1) * M);
  });

  it('reads only the last minutes when the commit holds nothing older', async () => {
    const { store, committer, figures, later } = wired();
    await committer.submit([request(T0 + 10 * M, 200)]);
    await figures();
    later(M);
    store.reads.length = 0;
    await committer.submit([request(T0 + 41 * M, 200)]);
    expect(await figures()).toEqual([2, 2]);
    // The minute read through last time less the two re-read each tick.
    expect(Math.min(...store.reads.map((r) => r.from))).toBe((minuteOf(T0 + 40 * M) - 2) * M);
  });
});
