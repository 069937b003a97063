/**
 * The HealthStore contract: the outbox counted by state, and the size on
 * disk growing as events are stored.
 */
import { afterEach, expect } from 'vitest';
import type { NotificationRequest } from '../../src/alerting/types.js';
import type { HealthStore } from '../../src/store/health.js';
import type { EventStore, StateStore } from '../../src/store/types.js';
import { contractSuite, type ContractOptions } from './suite.js';

export interface HealthHandle {
  readonly events: EventStore;
  readonly state: StateStore;
  readonly health: HealthStore;
  close(): Promise<void>;
}

export interface HealthStoreFactory {
  /** Stores on a fresh location; `onDisk` says whether sizeBytes must be a number. */
  fresh(): Promise<HealthHandle>;
  readonly onDisk: boolean;
}

const T0 = Date.parse('2026-11-20T12:00:00Z');

function notification(id: string): NotificationRequest {
  return { id, channel: 'team', kind: 'alert', groupKey: 'g1', groupLabels: { alertname: 'x' }, status: 'firing', alerts: [], createdAt: T0 };
}

export function healthStoreContract(name: string, factory: HealthStoreFactory, options: ContractOptions = {}): void {
  contractSuite(`${name}: health store contract`, options, (it) => {
    let open: HealthHandle[] = [];
    afterEach(async () => {
      for (const handle of open) await handle.close().catch(() => undefined);
      open = [];
    });
    async function fresh(): Promise<HealthHandle> {
      const handle = await factory.fresh();
      open.push(handle);
      return handle;
    }

    it('counts notifications by state, every state present', async () => {
      const { state, health } = await fresh();
      expect(await health.notificationCounts()).toEqual({ pending: 0, sent: 0, failed: 0 });
      const empty = { instances: [], removedInstances: [], transitions: [], groups: [], removedGroups: [] };
      await state.commitAlerting({ ...empty, notifications: [notification('n1'), notification('n2'), notification('n3')] });
      await state.markSent('n1', T0 + 1000);
      await state.markFailed('n2', T0 + 1000, 3, 'gave up');
      expect(await health.notificationCounts()).toEqual({ pending: 1, sent: 1, failed: 1 });
    });

    it('has no quarantined ingest-log segments when every append was loaded', async () => {
      const { events, health } = await fresh();
      await events.prepare({ e: { name: 'e', properties: {} } });
      await events.append([{ id: 'q1', type: 'e', ts: T0, userId: null, sessionId: null, properties: {} }]);
      await events.counts();
      expect(await health.quarantinedSegments()).toBe(0);
    });

    it('gives its size on disk, which grows with the events stored', async () => {
      const { events, health } = await fresh();
      await events.prepare({ e: { name: 'e', properties: { text: { type: 'string', optional: false } } } });
      const before = await health.sizeBytes();
      if (!factory.onDisk) {
        expect(before).toBeNull();
        return;
      }
      expect(before).toBeGreaterThan(0);
      const batch = Array.from({ length: 5000 }, (_, i) => ({ id: `e${i}`, type: 'e', ts: T0 + i, userId: null, sessionId: null, properties: { text: `value number ${i} `.repeat(8) } }));
      await events.append(batch);
      expect(await health.sizeBytes()).toBeGreaterThan(before ?? 0);
    });
  });
}
