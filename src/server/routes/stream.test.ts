import { describe, expect, it } from 'vitest';
import { evaluationUpdate, sseFrame, UpdateFeed, type EvaluationUpdate } from './stream.js';

const update: EvaluationUpdate = { evaluated_at: '2026-11-22T12:00:00.000Z', metrics: { green: 1, yellow: 0, red: 2, unknown: 0 }, alerts: { firing: 1, pending: 0 } };

describe('sseFrame', () => {
  it('writes the event name, an id when given, and the data on one line', () => {
    expect(sseFrame('evaluation', { a: 'x\ny' }, 3)).toBe('id: 3\nevent: evaluation\ndata: {"a":"x\\ny"}\n\n');
    expect(sseFrame('ready', {})).toBe('event: ready\ndata: {}\n\n');
  });
});

describe('UpdateFeed', () => {
  it('tells every subscriber until it unsubscribes, and counts what it published', () => {
    const feed = new UpdateFeed();
    const seen: string[] = [];
    const stop = feed.subscribe((u) => seen.push(`a ${u.event === 'evaluation' ? u.data.evaluated_at : u.event}`));
    feed.subscribe(() => seen.push('b'));
    feed.publish(update);
    stop();
    feed.publish(update);
    expect(seen).toEqual(['a 2026-11-22T12:00:00.000Z', 'b', 'b']);
    expect(feed.published).toBe(2);
    expect(feed.subscribers).toBe(1);
  });
  it('announces a new plan as a plan update, keeping its first evaluation in place of the last one of the old plan', () => {
    const feed = new UpdateFeed();
    const seen: unknown[] = [];
    feed.subscribe((u) => seen.push(u));
    const old = { evaluated_at: update.evaluated_at, metrics: [] };
    const fresh = { evaluated_at: '2026-11-22T12:00:05.000Z', metrics: [] };
    feed.publish(update, old);
    feed.publishPlan({ version: 2, reloaded_at: fresh.evaluated_at, metrics: 0 }, fresh);
    expect(seen).toEqual([
      { event: 'evaluation', data: update },
      { event: 'plan', data: { version: 2, reloaded_at: fresh.evaluated_at, metrics: 0 } },
    ]);
    expect(feed.latest).toBe(fresh);
    expect(feed.published).toBe(2);
  });
  it('keeps the last evaluation published with its details, before telling the subscribers', () => {
    const feed = new UpdateFeed();
    const first = { evaluated_at: update.evaluated_at, metrics: [] };
    let seen: unknown;
    feed.subscribe(() => (seen = feed.latest));
    expect(feed.latest).toBeUndefined();
    feed.publish(update, first);
    expect(seen).toBe(first);
    feed.publish(update);
    expect(feed.latest).toBe(first);
  });
});

describe('evaluationUpdate', () => {
  it('counts metrics by status and alerts firing or pending', () => {
    const metrics = [{ status: 'red' as const }, { status: 'green' as const }, { status: 'red' as const }];
    expect(evaluationUpdate('2026-11-22T12:00:00.000Z', metrics, ['firing', 'pending', 'firing', 'resolved'])).toEqual({
      evaluated_at: '2026-11-22T12:00:00.000Z',
      metrics: { green: 1, yellow: 0, red: 2, unknown: 0 },
      alerts: { firing: 2, pending: 1 },
    });
  });
});
