import { describe, expect, it } from 'vitest';
import { anchoredRegex } from '../../alerting/regex.js';
import type { Labels } from '../../alerting/types.js';
import { alertGroups, compareAlerts, labelsBefore, type GroupedAlert } from './alertmanager-groups.js';

describe('labelsBefore (Go model.LabelSet.Before)', () => {
  it('puts fewer labels first, whatever their values', () => {
    expect(labelsBefore({ z: 'z' }, { a: 'a', b: 'b' })).toBe(true);
    expect(labelsBefore({ a: 'a', b: 'b' }, { z: 'z' })).toBe(false);
  });

  it('compares at the first name, in sorted order, where the sets differ; a missing name first', () => {
    expect(labelsBefore({ alertname: 'a', service: 'z' }, { alertname: 'b', service: 'a' })).toBe(true);
    expect(labelsBefore({ alertname: 'a', service: 'b' }, { alertname: 'a', service: 'a' })).toBe(false);
    // At b, the first name of both sets: the set without it comes first.
    expect(labelsBefore({ a: 'x', c: 'x' }, { a: 'x', b: 'x' })).toBe(true);
    expect(labelsBefore({ a: 'x', b: 'x' }, { a: 'x', c: 'x' })).toBe(false);
  });

  it('is false both ways for equal sets', () => {
    expect(labelsBefore({ a: '1' }, { a: '1' })).toBe(false);
  });
});

describe('compareAlerts (Alertmanager types.AlertSlice)', () => {
  it('orders by job, then instance, an alert with the label first, then by labels', () => {
    const alerts: Labels[] = [{ a: '1' }, { instance: 'b' }, { instance: 'a' }, { job: 'y' }, { job: 'x', instance: 'z' }, { job: 'x', instance: 'a' }];
    const sorted = alerts.sort(compareAlerts);
    expect(sorted).toEqual([{ job: 'x', instance: 'a' }, { job: 'x', instance: 'z' }, { job: 'y' }, { instance: 'a' }, { instance: 'b' }, { a: '1' }]);
  });
});

describe('alertGroups', () => {
  const alert = (labels: Record<string, string>, placements: GroupedAlert<unknown>['placements']): GroupedAlert<{ labels: Record<string, string>; receivers: readonly string[] }> => ({
    labels,
    placements,
    wire: (receivers) => ({ labels, receivers }),
  });
  const a = alert({ alertname: 'a', instance: '2' }, [{ route: 0, receiver: 'hook' }, { route: 1, receiver: 'pager' }]);
  const b = alert({ alertname: 'a', instance: '1' }, [{ route: 0, receiver: 'hook' }]);
  const c = alert({ alertname: 'b' }, [{ route: -1, receiver: 'none' }]);

  it('makes one group per route, receiver and group labels, and lists each alert with the receivers of its groups', () => {
    expect(alertGroups([a, b, c], ['alertname'], null)).toEqual([
      { labels: { alertname: 'a' }, receiver: { name: 'hook' }, alerts: [{ labels: b.labels, receivers: ['hook'] }, { labels: a.labels, receivers: ['hook', 'pager'] }] },
      { labels: { alertname: 'a' }, receiver: { name: 'pager' }, alerts: [{ labels: a.labels, receivers: ['hook', 'pager'] }] },
      { labels: { alertname: 'b' }, receiver: { name: 'none' }, alerts: [{ labels: c.labels, receivers: ['none'] }] },
    ]);
  });

  it('keeps two routes to one receiver apart, and an alert once in a group', () => {
    const twice = alert({ alertname: 'a' }, [{ route: 0, receiver: 'pager' }, { route: 2, receiver: 'pager' }]);
    const groups = alertGroups([twice], ['alertname'], null);
    expect(groups.map((g) => g.receiver.name)).toEqual(['pager', 'pager']);
    expect(groups.map((g) => g.alerts.length)).toEqual([1, 1]);
    expect(groups[0]?.alerts[0]?.receivers).toEqual(['pager']);
  });

  it('answers only the groups whose receiver the filter accepts, and those receivers on the alerts', () => {
    const filter = anchoredRegex('pag.*');
    if (filter.kind !== 'ok') throw new Error(filter.reason);
    expect(alertGroups([a, b, c], ['alertname'], filter.regex)).toEqual([
      { labels: { alertname: 'a' }, receiver: { name: 'pager' }, alerts: [{ labels: a.labels, receivers: ['pager'] }] },
    ]);
  });

  it('groups by every label with `...`', () => {
    expect(alertGroups([a, b], ['...'], null).map((g) => g.labels)).toEqual([
      { alertname: 'a', instance: '1' },
      { alertname: 'a', instance: '2' },
      { alertname: 'a', instance: '2' },
    ]);
  });
});
