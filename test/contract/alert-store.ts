/**
 * The alerting half of the StateStore contract: instances, history, groups,
 * the outbox and silences, written atomically and kept across restarts.
 */
import { afterEach, expect } from 'vitest';
import type { AggregationGroup, AlertInstance, NotificationRequest, Silence } from '../../src/alerting/types.js';
import type { AlertingChange } from '../../src/store/types.js';
import type { StateHandle, StateStoreFactory } from './stores.js';
import { contractSuite, type ContractOptions } from './suite.js';

const T0 = Date.parse('2026-11-20T12:00:00Z');

export function instance(fingerprint: string, overrides: Partial<AlertInstance> = {}): AlertInstance {
  return {
    fingerprint,
    rule: 'rate_drop',
    source: 'rule',
    labels: { alertname: 'rate_drop', severity: 'P1', backend: 'static' },
    annotations: { summary: 'rate low' },
    state: 'firing',
    severity: 'P1',
    value: 0.7,
    since: T0,
    activeAt: T0,
    firedAt: T0,
    resolvedAt: null,
    lastBreachAt: T0,
    lastEvaluatedAt: T0,
    acknowledgedBy: null,
    acknowledgedAt: null,
    endsAt: null,
    health: 'ok',
    error: null,
    ...overrides,
  };
}

function notification(id: string, createdAt = T0, channel = 'team'): NotificationRequest {
  return { id, channel, kind: 'alert', groupKey: 'g1', groupLabels: { alertname: 'rate_drop' }, status: 'firing', alerts: [], createdAt };
}

const group: AggregationGroup = { key: 'g1', route: 0, labels: { alertname: 'rate_drop' }, createdAt: T0, nextFlushAt: T0 + 30_000, sent: {} };

const empty: AlertingChange = { instances: [], removedInstances: [], transitions: [], groups: [], removedGroups: [], notifications: [] };

export function alertStoreContract(name: string, factory: StateStoreFactory, options: ContractOptions = {}): void {
  contractSuite(`${name}: alerting state contract`, options, (it) => {
    let open: StateHandle[] = [];
    afterEach(async () => {
      for (const handle of open) await handle.close().catch(() => undefined);
      open = [];
    });
    async function fresh() {
      const handle = await factory.fresh();
      open.push(handle);
      return handle;
    }

    it('commits instances, transitions, groups and notifications together, and keeps them across a restart', async () => {
      const handle = await fresh();
      await handle.state.commitAlerting({
        ...empty,
        instances: [instance('a1'), instance('a2', { state: 'pending' })],
        transitions: [{ fingerprint: 'a1', rule: 'rate_drop', from: 'pending', to: 'firing', severity: 'P1', value: 0.7, at: T0, reason: 'for_elapsed' }],
        groups: [group],
        notifications: [notification('n1')],
      });
      await handle.close();
      open = [];
      const again = await handle.reopen();
      open.push(again);
      const loaded = await again.state.loadAlerting();
      expect(loaded.instances.map((i) => [i.fingerprint, i.state])).toEqual([
        ['a1', 'firing'],
        ['a2', 'pending'],
      ]);
      expect(loaded.instances[0]).toEqual(instance('a1'));
      expect(loaded.groups).toEqual([group]);
      expect(await again.state.alertHistory({})).toEqual([
        { fingerprint: 'a1', rule: 'rate_drop', from: 'pending', to: 'firing', severity: 'P1', value: 0.7, at: T0, reason: 'for_elapsed' },
      ]);
      expect((await again.state.due(T0, 10)).map((n) => n.id)).toEqual(['n1']);
    });

    it('records transitions without a severity or value (no data, errors)', async () => {
      const { state } = await fresh();
      const t = { fingerprint: 'a9', rule: 'silent', from: 'inactive' as const, to: 'nodata' as const, severity: null, value: null, at: T0, reason: 'no_data' as const };
      await state.commitAlerting({ ...empty, transitions: [t] });
      expect(await state.alertHistory({ fingerprint: 'a9' })).toEqual([t]);
    });

    it('writes nothing of a change that fails part-way', async () => {
      const { state } = await fresh();
      await state.commitAlerting({ ...empty, notifications: [notification('n1')] });
      await expect(state.commitAlerting({ ...empty, instances: [instance('b1')], notifications: [notification('n2'), notification('n1')] })).rejects.toThrow();
      expect((await state.loadAlerting()).instances).toEqual([]);
      expect((await state.notifications({})).map((n) => n.id)).toEqual(['n1']);
    });

    it('replaces and removes instances and groups', async () => {
      const { state } = await fresh();
      await state.commitAlerting({ ...empty, instances: [instance('a1')], groups: [group] });
      await state.commitAlerting({ ...empty, instances: [instance('a1', { state: 'resolved', resolvedAt: T0 + 1 })] });
      expect((await state.loadAlerting()).instances[0]?.state).toBe('resolved');
      await state.commitAlerting({ ...empty, removedInstances: ['a1'], removedGroups: ['g1'] });
      expect(await state.loadAlerting()).toEqual({ instances: [], groups: [] });
    });

    it('drains the outbox: due in order, retried later, sent once, failed for good', async () => {
      const { state } = await fresh();
      await state.commitAlerting({ ...empty, notifications: [notification('n2', T0 + 1), notification('n1', T0), notification('n3', T0 + 2)] });
      expect((await state.due(T0 + 5, 10)).map((n) => n.id)).toEqual(['n1', 'n2', 'n3']);
      expect((await state.due(T0 + 5, 2)).map((n) => n.id)).toEqual(['n1', 'n2']);
      await state.markSent('n1', T0 + 10);
      await state.markRetry('n2', T0 + 60_000, 1, 'receiver answered 503');
      await state.markFailed('n3', T0 + 10, 1, 'receiver answered 400');
      expect(await state.due(T0 + 59_999, 10)).toEqual([]);
      const [retry] = await state.due(T0 + 60_000, 10);
      expect(retry).toMatchObject({ id: 'n2', delivery: 'pending', attempts: 1, nextAttemptAt: T0 + 60_000, lastError: 'receiver answered 503', channel: 'team' });
      expect((await state.notifications({ status: 'sent' })).map((n) => [n.id, n.sentAt, n.attempts])).toEqual([['n1', T0 + 10, 1]]);
      expect((await state.notifications({ status: 'failed' })).map((n) => [n.id, n.lastError])).toEqual([['n3', 'receiver answered 400']]);
    });

    it('lists the notifications owed in a range, both ends included, newest first, with a status too', async () => {
      const { state } = await fresh();
      await state.commitAlerting({ ...empty, notifications: [notification('a', T0), notification('b', T0 + 10), notification('c', T0 + 20), notification('d', T0 + 30)] });
      await state.markSent('c', T0 + 25);
      expect((await state.notifications({ from: T0 + 10, to: T0 + 20 })).map((n) => n.id)).toEqual(['c', 'b']);
      expect((await state.notifications({ from: T0 + 10 })).map((n) => n.id)).toEqual(['d', 'c', 'b']);
      expect((await state.notifications({ to: T0 + 10, limit: 1 })).map((n) => n.id)).toEqual(['b']);
      expect((await state.notifications({ from: T0, to: T0 + 30, status: 'sent' })).map((n) => n.id)).toEqual(['c']);
    });

    it('lists the notifications being retried (pending, attempted), due or not, oldest first', async () => {
      const { state } = await fresh();
      await state.commitAlerting({ ...empty, notifications: [notification('r2', T0 + 2), notification('r1', T0 + 1), notification('new', T0 + 3), notification('gone', T0)] });
      await state.markRetry('r2', T0 + 60_000, 2, 'receiver answered 503');
      await state.markRetry('r1', T0 + 120_000, 1, 'receiver answered 429');
      await state.markRetry('new', T0 + 5_000, 0, 'waiting for notification r1 of the same group');
      await state.markFailed('gone', T0 + 10, 3, 'gave up');
      expect((await state.retrying()).map((n) => [n.id, n.attempts, n.nextAttemptAt])).toEqual([
        ['r1', 1, T0 + 120_000],
        ['r2', 2, T0 + 60_000],
      ]);
    });

    it('records many delivery outcomes at once, each with its own time, attempts and reason', async () => {
      const { state } = await fresh();
      const many = Array.from({ length: 1500 }, (_, i) => notification(`m${String(i).padStart(4, '0')}`, T0 + i));
      await state.commitAlerting({ ...empty, notifications: many });
      await state.recordDeliveries([
        ...many.slice(0, 1000).map((n, i) => ({ kind: 'sent' as const, id: n.id, at: T0 + 10_000 + i, attempts: 1 })),
        ...many.slice(1000, 1400).map((n) => ({ kind: 'retry' as const, id: n.id, at: T0 + 60_000, attempts: 2, error: `receiver answered 503 to ${n.id}` })),
        ...many.slice(1400).map((n) => ({ kind: 'failed' as const, id: n.id, at: T0 + 20_000, attempts: 3, error: 'receiver answered 400' })),
      ]);
      const sent = await state.notifications({ status: 'sent', limit: 2000 });
      expect(sent).toHaveLength(1000);
      expect(sent.find((n) => n.id === 'm0007')).toMatchObject({ sentAt: T0 + 10_007, attempts: 1, lastError: null });
      expect((await state.due(T0 + 59_999, 2000)).length).toBe(0);
      const retried = await state.due(T0 + 60_000, 2000);
      expect(retried.map((n) => n.id)).toEqual(many.slice(1000, 1400).map((n) => n.id));
      expect(retried[0]).toMatchObject({ attempts: 2, lastError: 'receiver answered 503 to m1000', nextAttemptAt: T0 + 60_000 });
      expect((await state.notifications({ status: 'failed', limit: 2000 })).map((n) => [n.attempts, n.lastError])).toEqual(Array.from({ length: 100 }, () => [3, 'receiver answered 400']));
    });

    it('commits ten thousand instances and groups in one change, the last of a repeated fingerprint winning', async () => {
      const { state } = await fresh();
      const instances = Array.from({ length: 10_000 }, (_, i) => instance(`h${String(i).padStart(5, '0')}`, { labels: { alertname: 'down', host: `host-${i}` } }));
      const groups = instances.map((i) => ({ ...group, key: `g-${i.fingerprint}`, labels: i.labels }));
      await state.commitAlerting({ ...empty, instances: [...instances, instance('h00000', { state: 'resolved', resolvedAt: T0 + 5 })], groups });
      const loaded = await state.loadAlerting();
      expect(loaded.instances).toHaveLength(10_000);
      expect(loaded.instances[0]).toMatchObject({ fingerprint: 'h00000', state: 'resolved', resolvedAt: T0 + 5 });
      expect(loaded.instances[9_999]).toEqual(instances[9_999]);
      expect(loaded.groups).toHaveLength(10_000);
      await state.commitAlerting({ ...empty, removedInstances: instances.slice(0, 9_998).map((i) => i.fingerprint), removedGroups: groups.slice(1).map((g) => g.key) });
      const after = await state.loadAlerting();
      expect(after.instances.map((i) => i.fingerprint)).toEqual(['h09998', 'h09999']);
      expect(after.groups.map((g) => g.key)).toEqual([groups[0]?.key]);
    });

    it('keeps silences, replacing one by its id', async () => {
      const { state } = await fresh();
      const silence: Silence = {
        id: 's1',
        matchers: [{ name: 'alertname', value: 'rate_drop', isRegex: false, isEqual: true }],
        startsAt: T0,
        endsAt: T0 + 3_600_000,
        createdBy: 'ana',
        comment: 'deploying',
        updatedAt: T0,
      };
      await state.putSilence(silence);
      await state.putSilence({ ...silence, endsAt: T0 + 60_000, updatedAt: T0 + 1 });
      expect(await state.silences()).toEqual([{ ...silence, endsAt: T0 + 60_000, updatedAt: T0 + 1 }]);
    });
  });
}
