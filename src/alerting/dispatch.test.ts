import { describe, expect, it } from 'vitest';
import type { ChannelSpec, Routing } from '../plan/alert-types.js';
import { needsUpdate } from './dedup.js';
import { acknowledgements, dispatch } from './dispatch.js';
import { ORPHAN_ROUTE, groupKey, routeIds } from './groups.js';
import type { AggregationGroup, AlertInstance, DispatchAlert, Labels, NotificationRequest, SentRecord } from './types.js';

const S = 1_000;
const M = 60 * S;
const H = 60 * M;

const routing: Routing = {
  groupBy: ['alertname'],
  groupWaitMs: 30 * S,
  groupIntervalMs: 5 * M,
  repeatIntervalMs: 4 * H,
  routes: [
    { match: { severity: ['P1'] }, channels: ['pager', 'slack'], continue: false },
    { match: { severity: ['P2', 'P3'] }, channels: ['slack'], continue: false },
  ],
  fallback: ['email'],
};

const channels: Record<string, ChannelSpec> = {
  pager: { name: 'pager', type: 'pagerduty', routingKey: 'k', url: 'http://pd', sendResolved: true },
  slack: { name: 'slack', type: 'slack', webhookUrl: 'http://slack', sendResolved: true },
  email: { name: 'email', type: 'email', to: ['a@b'], from: 'lw@b', smtp: { host: 'smtp', port: 25, secure: false }, sendResolved: false },
};

/** Alerts and groups over time: each step runs dispatch at `now` and keeps its groups, as the engine would. */
function timeline(initial: Routing = routing) {
  let r = initial;
  let groups: AggregationGroup[] = [];
  const alerts = new Map<string, DispatchAlert>();
  const removed: string[] = [];
  let ids = 0;
  const newId = (): string => `n${++ids}`;
  const update = (fp: string, change: Partial<AlertInstance>, muted: Partial<DispatchAlert> = {}): void => {
    const d = alerts.get(fp);
    if (!d) throw new Error(`no alert ${fp}`);
    alerts.set(fp, { ...d, ...muted, alert: { ...d.alert, ...change } });
  };
  return {
    fire(fp: string, labels: Labels, at: number): void {
      const previous = alerts.get(fp);
      const base: AlertInstance = previous?.alert ?? {
        fingerprint: fp, rule: labels.alertname ?? 'rule', source: 'rule', labels, annotations: { summary: fp }, state: 'firing', severity: null,
        value: 1, since: at, activeAt: at, firedAt: at, resolvedAt: null, lastBreachAt: at, lastEvaluatedAt: at,
        acknowledgedBy: null, acknowledgedAt: null, endsAt: null, health: 'ok', error: null,
      };
      alerts.set(fp, { alert: { ...base, state: 'firing', since: at, firedAt: at, resolvedAt: null, acknowledgedBy: null, acknowledgedAt: null }, silencedBy: [], inhibitedBy: [] });
    },
    resolve: (fp: string, at: number) => update(fp, { state: 'resolved', since: at, resolvedAt: at }),
    ack: (fp: string, at: number) => update(fp, { acknowledgedBy: 'ana', acknowledgedAt: at }),
    mute: (fp: string, silencedBy: string[], inhibitedBy: string[] = []) => update(fp, {}, { silencedBy, inhibitedBy }),
    forget: (fp: string) => alerts.delete(fp),
    step(now: number): NotificationRequest[] {
      const result = dispatch({ groups, alerts: [...alerts.values()], routing: r, channels, now, newId });
      groups = result.groups;
      removed.push(...result.removed);
      return result.notifications;
    },
    acknowledge(fingerprint: string, now: number): NotificationRequest[] {
      return acknowledgements({ fingerprint, groups, alerts: [...alerts.values()], routing: r, channels, now, newId });
    },
    groups: () => groups,
    removed: () => removed,
    /** The plan's routes change (a plan edit and a restart). */
    reroute: (next: Routing) => {
      r = next;
    },
    /** The stored groups as an earlier version left them. */
    restore: (stored: AggregationGroup[]) => {
      groups = stored;
    },
  };
}

/** Runs the timeline at each time and collects what is sent, as "at channel status fingerprints". */
function run(t: ReturnType<typeof timeline>, times: readonly number[]): string[] {
  return times.flatMap((now) => t.step(now).map((n) => `${now / S}s ${n.channel} ${n.status} ${n.alerts.map((a) => a.fingerprint).join('+')}`));
}

const rateDrop = (severity: string, extra: Labels = {}): Labels => ({ alertname: 'rate_drop', severity, ...extra });

describe('needsUpdate', () => {
  const sent = (firing: string[], resolved: string[] = [], at = 0): SentRecord => ({ firing, resolved, at });

  it('sends the first time only when something fires', () => {
    expect(needsUpdate(undefined, ['a'], [], [], true, H, 0)).toEqual({ send: true, reason: 'first_notification' });
    expect(needsUpdate(undefined, [], ['a'], [], true, H, 0)).toEqual({ send: false, reason: 'nothing_firing' });
  });

  it('sends when an alert fires that the channel has not heard of', () => {
    expect(needsUpdate(sent(['a']), ['a', 'b'], [], ['a', 'b'], true, H, 1)).toEqual({ send: true, reason: 'new_alert_firing' });
  });

  it('announces all resolved only to channels that want resolved messages', () => {
    expect(needsUpdate(sent(['a']), [], ['a'], [], true, H, 1)).toEqual({ send: true, reason: 'all_resolved' });
    expect(needsUpdate(sent(['a']), [], ['a'], [], false, H, 1)).toEqual({ send: false, reason: 'all_resolved_unsent' });
  });

  it('does not announce alerts that fired and resolved between two flushes', () => {
    expect(needsUpdate(sent([], ['a']), [], ['a', 'b'], [], true, H, 1)).toEqual({ send: false, reason: 'nothing_firing' });
  });

  it('announces a newly resolved alert while others still fire, if the channel wants it', () => {
    expect(needsUpdate(sent(['a', 'b']), ['b'], ['a'], [], true, H, 1)).toEqual({ send: true, reason: 'newly_resolved' });
    expect(needsUpdate(sent(['a', 'b']), ['b'], ['a'], [], false, H, 1)).toEqual({ send: false, reason: 'unchanged' });
    expect(needsUpdate(sent(['b'], ['a']), ['b'], ['a'], [], true, H, 1)).toEqual({ send: false, reason: 'unchanged' });
  });

  it('repeats from the repeat interval on, unless every firing alert is acknowledged', () => {
    expect(needsUpdate(sent(['a', 'b'], [], 100), ['a', 'b'], [], [], true, H, 100 + H - 1)).toEqual({ send: false, reason: 'unchanged' });
    expect(needsUpdate(sent(['a', 'b'], [], 100), ['a', 'b'], [], [], true, H, 100 + H)).toEqual({ send: true, reason: 'repeat_interval' });
    expect(needsUpdate(sent(['a', 'b'], [], 100), ['a', 'b'], [], ['a'], true, H, 100 + H)).toEqual({ send: true, reason: 'repeat_interval' });
    expect(needsUpdate(sent(['a', 'b'], [], 100), ['a', 'b'], [], ['a', 'b'], true, H, 100 + H)).toEqual({ send: false, reason: 'acknowledged' });
  });
});

describe('dispatch: grouping and timing', () => {
  it('waits group_wait, then notifies each channel of the route once', () => {
    const t = timeline();
    t.fire('a', rateDrop('P1'), 0);
    expect(run(t, [0, 10 * S, 29 * S])).toEqual([]);
    const sent = t.step(30 * S);
    expect(sent.map((n) => n.channel)).toEqual(['pager', 'slack']);
    expect(sent[0]).toEqual({
      id: 'n1', channel: 'pager', kind: 'alert', groupKey: '{severity="P1"}:{"alertname":"rate_drop"}', groupLabels: { alertname: 'rate_drop' },
      status: 'firing', createdAt: 30 * S,
      alerts: [{ fingerprint: 'a', status: 'firing', labels: rateDrop('P1'), annotations: { summary: 'a' }, startsAt: 0, endsAt: null, value: 1, acknowledged: false }],
    });
    expect(t.groups()).toMatchObject([{ route: 0, createdAt: 0, nextFlushAt: 30 * S + 5 * M, lastFlushAt: 30 * S }]);
  });

  it('holds an alert that joins later until the next flush, group_interval after the last', () => {
    const t = timeline();
    t.fire('a', rateDrop('P2', { region: 'eu' }), 0);
    expect(run(t, [0, 30 * S])).toEqual(['30s slack firing a']);
    t.fire('b', rateDrop('P2', { region: 'us' }), M);
    expect(run(t, [M, 2 * M, 5 * M + 29 * S])).toEqual([]);
    expect(run(t, [5 * M + 30 * S])).toEqual(['330s slack firing a+b']);
  });

  it('repeats after repeat_interval only while some firing alert is unacknowledged', () => {
    const t = timeline();
    t.fire('a', rateDrop('P2'), 0);
    t.fire('b', rateDrop('P3'), 0);
    const flushes = Array.from({ length: 60 }, (_, i) => 30 * S + i * 5 * M);
    expect(run(t, [0, ...flushes.filter((at) => at < 30 * S + 4 * H)])).toEqual(['30s slack firing a+b']);
    expect(run(t, [30 * S + 4 * H])).toEqual(['14430s slack firing a+b']);
    t.ack('a', 4 * H + M);
    t.ack('b', 4 * H + M);
    expect(run(t, [30 * S + 8 * H, 30 * S + 12 * H])).toEqual([]);
    expect(t.groups()).toHaveLength(1);
  });

  it('notifies the resolution to channels that want it, then removes the group', () => {
    const t = timeline({ ...routing, routes: [{ match: { severity: ['P1'] }, channels: ['pager', 'email'], continue: false }] });
    t.fire('a', rateDrop('P1'), 0);
    expect(run(t, [0, 30 * S])).toEqual(['30s pager firing a', '30s email firing a']);
    expect(run(t, [5 * M + 30 * S])).toEqual([]);
    t.resolve('a', 7 * M);
    expect(run(t, [7 * M, 10 * M + 29 * S])).toEqual([]);
    const sent = t.step(10 * M + 30 * S);
    expect(sent.map((n) => `${n.channel} ${n.status}`)).toEqual(['pager resolved']);
    expect(sent[0]?.alerts).toMatchObject([{ fingerprint: 'a', status: 'resolved', startsAt: 0, endsAt: 7 * M }]);
    expect(t.groups()).toEqual([]);
    expect(t.removed()).toEqual([groupKey('{severity="P1"}', { alertname: 'rate_drop' })]);
  });

  it('says nothing of an alert that resolved within group_wait, and drops its group', () => {
    const t = timeline();
    t.fire('a', rateDrop('P1'), 0);
    expect(run(t, [0])).toEqual([]);
    t.resolve('a', 10 * S);
    expect(run(t, [10 * S, 30 * S])).toEqual([]);
    expect(t.groups()).toEqual([]);
    expect(t.removed()).toHaveLength(1);
  });

  it('removes a group whose alerts are gone, and never creates one for an alert already resolved', () => {
    const t = timeline();
    t.fire('a', rateDrop('P2'), 0);
    run(t, [0, 30 * S]);
    t.forget('a');
    expect(run(t, [5 * M + 30 * S])).toEqual([]);
    expect(t.groups()).toEqual([]);
    t.fire('b', rateDrop('P2'), 6 * M);
    t.resolve('b', 6 * M);
    expect(run(t, [7 * M, 8 * M])).toEqual([]);
    expect(t.groups()).toEqual([]);
  });

  it('lets a resolved alert leave the group once its resolution has been flushed', () => {
    const t = timeline();
    t.fire('a', rateDrop('P2'), 0);
    t.fire('b', rateDrop('P2', { region: 'us' }), 0);
    run(t, [0, 30 * S]);
    t.resolve('a', M);
    expect(run(t, [5 * M + 30 * S])).toEqual(['330s slack firing b+a']);
    expect(run(t, [5 * M + 30 * S + 4 * H])).toEqual(['14730s slack firing b']);
  });

  it('makes one group per distinct label set with group_by ...', () => {
    const t = timeline({ ...routing, groupBy: ['...'] });
    t.fire('a', rateDrop('P2', { region: 'eu' }), 0);
    t.fire('b', rateDrop('P2', { region: 'us' }), 0);
    expect(run(t, [0, 30 * S])).toEqual(['30s slack firing a', '30s slack firing b']);
    expect(t.groups().map((g) => g.labels)).toEqual([rateDrop('P2', { region: 'eu' }), rateDrop('P2', { region: 'us' })]);
  });

  it('flushes a new group at once with a group_wait of zero', () => {
    const t = timeline({ ...routing, groupWaitMs: 0 });
    t.fire('a', rateDrop('P2'), 0);
    expect(run(t, [0])).toEqual(['0s slack firing a']);
  });
});

describe('dispatch: routing', () => {
  const severityRouting: Routing = {
    ...routing,
    groupBy: ['alertname', 'severity'],
    routes: [
      { match: { severity: ['P1'] }, channels: ['pager', 'slack'], continue: true },
      { match: { severity: ['P1', 'P2'] }, channels: ['email'], continue: false },
      { match: { team: ['web'] }, channels: ['slack'], continue: false },
    ],
    fallback: ['slack'],
  };

  it('sends by severity to several channels, keeps going after continue, and falls back', () => {
    const t = timeline(severityRouting);
    t.fire('p1', rateDrop('P1', { team: 'web' }), 0);
    t.fire('p2', rateDrop('P2', { team: 'web' }), 0);
    t.fire('p4', rateDrop('P4'), 0);
    expect(run(t, [0, 30 * S])).toEqual(['30s pager firing p1', '30s slack firing p1', '30s email firing p1', '30s email firing p2', '30s slack firing p4']);
    expect(t.groups().map((g) => g.route)).toEqual([0, 1, 1, -1]);
  });
});

describe('dispatch: silences and inhibition', () => {
  it('keeps a silenced alert in its group but out of notifications, and sends once the silence ends', () => {
    const t = timeline();
    t.fire('a', rateDrop('P2'), 0);
    t.mute('a', ['s1']);
    expect(run(t, [0, 30 * S])).toEqual([]);
    expect(t.groups()).toHaveLength(1);
    t.mute('a', []);
    expect(run(t, [5 * M + 30 * S])).toEqual(['330s slack firing a']);
  });

  it('tells a channel that heard an alert fire of its resolution, even under a silence', () => {
    const t = timeline();
    t.fire('a', rateDrop('P2'), 0);
    run(t, [0, 30 * S]);
    t.mute('a', ['s1']);
    expect(run(t, [5 * M + 30 * S])).toEqual([]);
    t.resolve('a', 6 * M);
    expect(run(t, [10 * M + 30 * S])).toEqual(['630s slack resolved a']);
  });

  it('leaves out the P3 that a P1 with the same alertname inhibits', () => {
    const t = timeline({ ...routing, routes: [{ match: {}, channels: ['slack'], continue: false }] });
    t.fire('p1', rateDrop('P1'), 0);
    t.fire('p3', rateDrop('P3'), 0);
    t.mute('p3', [], ['p1']);
    expect(run(t, [0, 30 * S])).toEqual(['30s slack firing p1']);
  });

  it('forgets what a quiet channel heard once everything resolved, so a re-fire is sent at once', () => {
    const t = timeline({ ...routing, routes: [] });
    t.fire('a', rateDrop('P1'), 0);
    t.fire('b', rateDrop('P1', { region: 'us' }), 0);
    expect(run(t, [0, 30 * S])).toEqual(['30s email firing a+b']);
    t.mute('b', ['s1']);
    t.resolve('a', 2 * M);
    expect(run(t, [5 * M + 30 * S])).toEqual([]);
    expect(t.groups()[0]?.sent.email).toEqual({ firing: [], resolved: ['a'], at: 5 * M + 30 * S });
    t.fire('a', rateDrop('P1'), 6 * M);
    expect(run(t, [10 * M + 30 * S])).toEqual(['630s email firing a']);
  });
});

describe('acknowledgements', () => {
  it('sends acknowledge to pagerduty channels that heard the group, with the same group key', () => {
    const t = timeline();
    t.fire('a', rateDrop('P1'), 0);
    expect(run(t, [0, 30 * S])).toEqual(['30s pager firing a', '30s slack firing a']);
    const [page] = t.groups();
    t.ack('a', M);
    const acks = t.acknowledge('a', M);
    expect(acks).toMatchObject([{ channel: 'pager', kind: 'acknowledge', groupKey: page?.key, status: 'firing', createdAt: M }]);
    expect(acks[0]?.alerts).toMatchObject([{ fingerprint: 'a', acknowledged: true }]);
  });

  it('waits until every firing alert of the group is acknowledged', () => {
    const t = timeline();
    t.fire('a', rateDrop('P1'), 0);
    t.fire('b', rateDrop('P1', { region: 'us' }), 0);
    run(t, [0, 30 * S]);
    t.ack('a', M);
    expect(t.acknowledge('a', M)).toEqual([]);
    t.ack('b', 2 * M);
    expect(t.acknowledge('b', 2 * M).map((n) => n.channel)).toEqual(['pager']);
  });

  it('says nothing before pagerduty heard the group', () => {
    const t = timeline();
    t.fire('a', rateDrop('P1'), 0);
    run(t, [0]);
    t.ack('a', 10 * S);
    expect(t.acknowledge('a', 10 * S)).toEqual([]);
  });
});

describe('dispatch: route identities in group keys', () => {
  it('names a route by its match, names and values sorted, the n-th with the same match #n', () => {
    const routes: Routing['routes'] = [
      { match: { severity: ['P2', 'P1'], team: ['core'] }, channels: ['pager'], continue: true },
      { match: {}, channels: ['slack'], continue: true },
      { match: { team: ['core'], severity: ['P1', 'P2'] }, channels: ['email'], continue: false },
    ];
    expect(routeIds({ ...routing, routes })).toEqual(['{severity="P1|P2",team="core"}', '{}', '{severity="P1|P2",team="core"}#2']);
  });

  it('keeps a group, and tells no channel again, when the plan reorders its routes', () => {
    const t = timeline();
    t.fire('a', rateDrop('P1'), 0);
    expect(run(t, [0, 30 * S])).toEqual(['30s pager firing a', '30s slack firing a']);
    const key = t.groups()[0]?.key;
    t.reroute({ ...routing, routes: [...routing.routes].reverse() });
    expect(run(t, [30 * S + 5 * M, 30 * S + 10 * M])).toEqual([]);
    expect(t.groups().map((g) => [g.key, g.route])).toEqual([[key, 1]]);
    t.resolve('a', 11 * M);
    expect(run(t, [30 * S + 15 * M])).toEqual(['930s pager resolved a', '930s slack resolved a']);
  });

  it('re-keys a group stored before route identities, without telling its channels again', () => {
    const t = timeline();
    t.fire('a', rateDrop('P1'), 0);
    t.restore([{ key: '0:{"alertname":"rate_drop"}', route: 0, labels: { alertname: 'rate_drop' }, createdAt: 0, nextFlushAt: 5 * M, lastFlushAt: 0, sent: { pager: { firing: ['a@'], resolved: [], at: 0 }, slack: { firing: ['a@'], resolved: [], at: 0 } } }]);
    expect(run(t, [5 * M])).toEqual([]);
    expect(t.removed()).toEqual(['0:{"alertname":"rate_drop"}']);
    expect(t.groups().map((g) => g.key)).toEqual([groupKey('{severity="P1"}', { alertname: 'rate_drop' })]);
  });

  it('lets a group whose route left the plan tell only the channels it told, the resolution included', () => {
    const t = timeline();
    t.fire('a', rateDrop('P1'), 0);
    expect(run(t, [0, 30 * S])).toEqual(['30s pager firing a', '30s slack firing a']);
    // The P1 route is gone: the alert now takes the default channels, in a new group.
    t.reroute({ ...routing, routes: routing.routes.slice(1) });
    expect(run(t, [30 * S + 5 * M, 60 * S + 5 * M])).toEqual(['360s email firing a']);
    const orphan = t.groups().find((g) => g.route === ORPHAN_ROUTE);
    expect(orphan?.key).toBe(groupKey('{severity="P1"}', { alertname: 'rate_drop' }));
    t.resolve('a', 10 * M);
    expect(run(t, [60 * S + 10 * M])).toEqual(['660s pager resolved a', '660s slack resolved a']);
    expect(t.groups().some((g) => g.route === ORPHAN_ROUTE)).toBe(false);
  });
});

describe('dispatch: mute and active time intervals', () => {
  // t = 0 is Thursday 1970-01-01 00:00 UTC.
  const timed: Routing = {
    ...routing,
    routes: [
      { match: { severity: ['P1'] }, channels: ['pager', 'slack'], continue: false, muteTimeIntervals: ['deploy'] },
      { match: { severity: ['P2'] }, channels: ['slack'], continue: false, activeTimeIntervals: ['office'] },
      { match: { severity: ['P3'] }, channels: ['slack'], continue: false },
    ],
    timeIntervals: {
      deploy: [{ times: [{ startMinute: 0, endMinute: 10 }] }],
      office: [{ weekdays: [{ begin: 1, end: 5 }], times: [{ startMinute: 9 * 60, endMinute: 17 * 60 }] }],
    },
  };
  /** Every flush of a group first flushed at `first`, up to `until`. */
  const flushes = (first: number, until: number): number[] => Array.from({ length: Math.floor((until - first) / (5 * M)) + 1 }, (_, i) => first + i * 5 * M);

  it('a route in a mute interval sends and logs nothing; the first flush after it sends what is owed, other routes go on', () => {
    const t = timeline(timed);
    t.fire('a', rateDrop('P1'), 0);
    t.fire('c', { alertname: 'latency', severity: 'P3' }, 0);
    expect(run(t, [0, 30 * S, 30 * S + 5 * M])).toEqual(['30s slack firing c']);
    const muted = t.groups().find((g) => g.route === 0);
    expect(muted?.sent).toEqual({});
    expect(muted?.nextFlushAt).toBe(30 * S + 10 * M);
    expect(run(t, [30 * S + 10 * M])).toEqual(['630s pager firing a', '630s slack firing a']);
  });

  it('a route with active intervals waits for them, and hears together what fired meanwhile', () => {
    const t = timeline(timed);
    // Thursday 08:59: the office opens at 09:00.
    const start = 8 * H + 59 * M;
    t.fire('a', rateDrop('P2'), start);
    expect(run(t, [start, start + 30 * S])).toEqual([]);
    expect(run(t, [start + 30 * S + 5 * M])).toEqual(['32670s slack firing a']);
    // It repeats after repeat_interval (4h) while the office is open.
    expect(run(t, flushes(start + 30 * S + 10 * M, 16 * H + 59 * M + 30 * S))).toEqual(['47070s slack firing a']);
    // Thursday 17:00: closed until Friday 09:00. b fires in the evening; the 4h repeat falls at night.
    expect(run(t, flushes(17 * H + 4 * M + 30 * S, 17 * H + 30 * M))).toEqual([]);
    t.fire('b', rateDrop('P2', { backend: 'x' }), 17 * H + 30 * M);
    // Friday 08:59:30 is the last flush before the office opens.
    expect(run(t, flushes(17 * H + 34 * M + 30 * S, 32 * H + 59 * M + 30 * S))).toEqual([]);
    expect(t.groups()[0]?.sent.slack?.firing).toEqual(['a@']);
    expect(run(t, [33 * H + 4 * M + 30 * S])).toEqual(['119070s slack firing a+b']);
  });

  it('a channel told before the mute is not told again after it until something changes or repeat_interval passes', () => {
    const t = timeline(timed);
    t.fire('a', rateDrop('P1'), -H);
    expect(run(t, [-H, -H + 30 * S])).toEqual([`${(-H + 30 * S) / S}s pager firing a`, `${(-H + 30 * S) / S}s slack firing a`]);
    expect(run(t, flushes(-H + 30 * S + 5 * M, 20 * M))).toEqual([]);
    expect(t.groups()[0]?.sent.pager?.at).toBe(-H + 30 * S);
  });
});

describe('dispatch: resolutions and time intervals', () => {
  const muted: Routing = {
    ...routing,
    routes: [{ match: { severity: ['P1'] }, channels: ['pager'], continue: false, muteTimeIntervals: ['night'] }],
    timeIntervals: { night: [{ times: [{ startMinute: 0, endMinute: 6 * 60 }] }] },
  };

  it('a channel hears after the interval of an alert that resolved in it while others of the group still fire', () => {
    const t = timeline(muted);
    t.fire('a', rateDrop('P1'), -H);
    t.fire('b', rateDrop('P1'), -H);
    expect(run(t, [-H, -H + 30 * S])).toEqual([`${(-H + 30 * S) / S}s pager firing a+b`]);
    const flushes = Array.from({ length: 85 }, (_, i) => -H + 30 * S + (i + 1) * 5 * M);
    expect(run(t, flushes.filter((at) => at < 0))).toEqual([]);
    t.resolve('a', H);
    expect(run(t, flushes.filter((at) => at >= 0 && at < 6 * H))).toEqual([]);
    expect(run(t, [6 * H + 30 * S])).toEqual(['21630s pager firing b+a']);
  });

  it('the resolution of the last alert of a group in the interval is sent at the first flush after it, to the channels told it fired', () => {
    const t = timeline(muted);
    t.fire('a', rateDrop('P1'), -H);
    expect(run(t, [-H, -H + 30 * S])).toEqual([`${(-H + 30 * S) / S}s pager firing a`]);
    const flushes = Array.from({ length: 84 }, (_, i) => -H + 30 * S + (i + 1) * 5 * M);
    expect(run(t, flushes.filter((at) => at < 0))).toEqual([]);
    t.resolve('a', H);
    expect(run(t, flushes.filter((at) => at >= 0 && at < 6 * H))).toEqual([]);
    // The group stays: its channel heard the alert fire and not yet its resolution.
    expect(t.groups()[0]?.sent.pager?.firing).toEqual(['a@']);
    expect(run(t, [6 * H + 30 * S])).toEqual(['21630s pager resolved a']);
    expect(t.groups()).toEqual([]);
  });

  it('an alert that fired and resolved inside the interval is never told, nor its resolution', () => {
    const t = timeline(muted);
    t.fire('a', rateDrop('P1'), H);
    t.resolve('a', 2 * H);
    expect(run(t, [H, H + 30 * S, 2 * H + 30 * S, 6 * H + 30 * S])).toEqual([]);
    expect(t.groups()).toEqual([]);
  });
});

describe('acknowledgements and time intervals', () => {
  const muted: Routing = {
    ...routing,
    routes: [{ match: { severity: ['P1'] }, channels: ['pager', 'slack'], continue: false, muteTimeIntervals: ['night'] }],
    timeIntervals: { night: [{ times: [{ startMinute: 0, endMinute: 6 * 60 }] }] },
  };
  const kinds = (ns: readonly NotificationRequest[]): string[] => ns.map((n) => `${n.createdAt / S}s ${n.channel} ${n.kind} ${n.alerts.map((a) => a.fingerprint).join('+')}`);

  it('an acknowledgement in a mute interval sends nothing then; the first flush after it sends pagerduty the acknowledge, once', () => {
    const t = timeline(muted);
    t.fire('a', rateDrop('P1'), -H);
    expect(kinds([...t.step(-H), ...t.step(-H + 30 * S)])).toEqual(['-3570s pager alert a', '-3570s slack alert a']);
    const flushes = Array.from({ length: 84 }, (_, i) => -H + 30 * S + (i + 1) * 5 * M);
    expect(flushes.filter((at) => at < 0).flatMap((at) => kinds(t.step(at)))).toEqual([]);
    t.ack('a', H);
    expect(t.acknowledge('a', H)).toEqual([]);
    expect(flushes.filter((at) => at >= 0 && at < 6 * H).flatMap((at) => kinds(t.step(at)))).toEqual([]);
    expect(kinds(t.step(6 * H + 30 * S))).toEqual(['21630s pager acknowledge a']);
    expect(t.groups()[0]?.sent.pager?.acknowledged).toBe(6 * H + 30 * S);
    // Nothing again: not the acknowledge, and no repeat of an acknowledged alert.
    expect([6 * H + 5 * M + 30 * S, 11 * H + 30 * S].flatMap((at) => kinds(t.step(at)))).toEqual([]);
  });

  it('an acknowledgement outside the interval is sent at once and not again at the next flush', () => {
    const t = timeline(muted);
    t.fire('a', rateDrop('P1'), 7 * H);
    expect(kinds([...t.step(7 * H), ...t.step(7 * H + 30 * S)])).toEqual(['25230s pager alert a', '25230s slack alert a']);
    t.ack('a', 8 * H);
    expect(kinds(t.acknowledge('a', 8 * H))).toEqual(['28800s pager acknowledge a']);
    expect(kinds(t.step(8 * H + 30 * S))).toEqual([]);
  });

  it('an alert acknowledged and resolved in the interval: the channels hear the resolution, not an acknowledge', () => {
    const t = timeline(muted);
    t.fire('a', rateDrop('P1'), -H);
    for (const at of [-H, ...Array.from({ length: 12 }, (_, i) => -H + 30 * S + i * 5 * M)]) t.step(at);
    t.ack('a', H);
    t.resolve('a', 2 * H);
    expect(kinds(t.step(6 * H + 30 * S))).toEqual(['21630s pager alert a', '21630s slack alert a']);
    expect(t.groups()).toEqual([]);
  });
});
