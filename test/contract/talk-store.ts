/**
 * The TalkStore contract: a talk record is written once with its
 * notifications (a key already there writes nothing, also after a reopen),
 * subscribers are kept, found by address and state, confirmed, deleted and
 * expired, and maintenance windows are listed while they have not ended.
 */
import { afterEach, expect } from 'vitest';
import type { NotificationRequest } from '../../src/alerting/types.js';
import type { MaintenanceWindow, Subscriber, TalkRecord, TalkStore } from '../../src/store/talk.js';
import type { StateStore } from '../../src/store/types.js';
import { contractSuite, type ContractOptions } from './suite.js';

export interface TalkHandle {
  readonly talk: TalkStore;
  /** The outbox the notifications go to. */
  readonly state: StateStore;
  close(): Promise<void>;
}

export interface TalkStoreFactory {
  fresh(): Promise<TalkHandle & { reopen(): Promise<TalkHandle> }>;
}

const T0 = Date.parse('2026-12-07T10:00:00Z');
const H = 3_600_000;

const record = (key: string, fields: Partial<TalkRecord> = {}): TalkRecord => ({ key, kind: 'announcement', incidentId: 'INC-1', at: T0, recordedAt: T0 + 1, notifications: 1, ...fields });

function note(id: string, channel = 'incidents_slack'): NotificationRequest {
  return {
    id,
    channel,
    kind: 'digest',
    groupKey: 'incident:INC-1:announce',
    groupLabels: { incident: 'INC-1' },
    status: 'firing',
    alerts: [],
    createdAt: T0,
    digest: { subject: 'INC-1 declared', summary: 'INC-1 declared (SEV2): checkout errors', text: 'INC-1', html: '<p>INC-1</p>', url: 'http://lw/app/incidents/INC-1' },
  };
}

const subscriber = (id: string, fields: Partial<Subscriber> = {}): Subscriber => ({
  id,
  kind: 'email',
  address: `${id}@example.com`,
  components: ['api'],
  confirmHash: 'c'.repeat(64),
  unsubscribeToken: 'u'.repeat(43),
  createdAt: T0,
  confirmedAt: null,
  ...fields,
});

const maintenance = (id: string, from: number, to: number): MaintenanceWindow => ({ id, components: ['api'], from, to, message: 'database upgrade', createdAt: T0, createdBy: 'api' });

export function talkStoreContract(name: string, factory: TalkStoreFactory, options: ContractOptions = {}): void {
  contractSuite(`${name}: talk store contract`, options, (it) => {
    let open: TalkHandle[] = [];
    afterEach(async () => {
      for (const handle of open) await handle.close().catch(() => undefined);
      open = [];
    });

    it('records a key once, with its notifications in the outbox, also after a reopen', async () => {
      const h = await factory.fresh();
      open.push(h);
      expect(await h.talk.recordTalk(record('a'), [note('n1'), note('n2', 'mail')])).toBe('recorded');
      expect(await h.talk.recordTalk(record('a', { recordedAt: T0 + 5 }), [note('n3')])).toBe('exists');
      const due = await h.state.due(T0, 10);
      expect(due.map((n) => [n.id, n.channel, n.kind])).toEqual([
        ['n1', 'incidents_slack', 'digest'],
        ['n2', 'mail', 'digest'],
      ]);
      expect(due[0]?.digest).toEqual(note('n1').digest);
      await h.close();
      const again = await h.reopen();
      open.push(again);
      expect(await again.talk.recordTalk(record('a'), [note('n4')])).toBe('exists');
      expect(await again.talk.talkRecord('a')).toEqual(record('a'));
      expect((await again.state.due(T0, 10)).map((n) => n.id)).toEqual(['n1', 'n2']);
    });

    it('lists the records of an incident, latest first, by kind', async () => {
      const h = await factory.fresh();
      open.push(h);
      await h.talk.recordTalk(record('s1', { kind: 'stakeholder_update', at: T0 + H }), []);
      await h.talk.recordTalk(record('s2', { kind: 'stakeholder_update', at: T0 + 2 * H }), []);
      await h.talk.recordTalk(record('a1'), []);
      await h.talk.recordTalk(record('other', { incidentId: 'INC-2' }), []);
      expect((await h.talk.talkRecords('INC-1')).map((r) => r.key)).toEqual(['s2', 's1', 'a1']);
      expect((await h.talk.talkRecords('INC-1', 'stakeholder_update')).map((r) => r.at)).toEqual([T0 + 2 * H, T0 + H]);
      expect(await h.talk.talkRecord('missing')).toBeUndefined();
    });

    it('keeps subscribers: by id, by address, confirmed or not; deletes and expires them', async () => {
      const h = await factory.fresh();
      open.push(h);
      await h.talk.putSubscriber(subscriber('s1'));
      await h.talk.putSubscriber(subscriber('s2', { createdAt: T0 + H, kind: 'webhook', address: 'https://hooks.example.com/x', components: [] }));
      await h.talk.putSubscriber(subscriber('s3', { createdAt: T0 + 2 * H }));
      expect(await h.talk.subscriber('s1')).toEqual(subscriber('s1'));
      expect(await h.talk.subscriber('nope')).toBeUndefined();
      const confirmed = { ...subscriber('s1'), confirmHash: null, confirmedAt: T0 + 10 };
      await h.talk.putSubscriber(confirmed);
      expect(await h.talk.subscribers({ confirmed: true })).toEqual([confirmed]);
      expect((await h.talk.subscribers({ confirmed: false })).map((s) => s.id)).toEqual(['s2', 's3']);
      expect((await h.talk.subscribers({ address: 's3@example.com' })).map((s) => s.id)).toEqual(['s3']);
      expect(await h.talk.expireUnconfirmed(T0 + 2 * H)).toBe(1);
      expect((await h.talk.subscribers({})).map((s) => s.id)).toEqual(['s1', 's3']);
      expect(await h.talk.deleteSubscribers(['s1', 'nope'])).toBe(1);
      expect((await h.talk.subscribers({})).map((s) => s.id)).toEqual(['s3']);
    });

    it('lists maintenance windows that have not ended, by start, and deletes them', async () => {
      const h = await factory.fresh();
      open.push(h);
      await h.talk.putMaintenance(maintenance('m2', T0 + 2 * H, T0 + 3 * H));
      await h.talk.putMaintenance(maintenance('m1', T0, T0 + H));
      expect((await h.talk.maintenanceWindows(T0 - H)).map((m) => m.id)).toEqual(['m1', 'm2']);
      expect(await h.talk.maintenanceWindows(T0 + H)).toEqual([maintenance('m2', T0 + 2 * H, T0 + 3 * H)]);
      expect(await h.talk.deleteMaintenance('m2')).toBe(true);
      expect(await h.talk.deleteMaintenance('m2')).toBe(false);
      expect(await h.talk.maintenanceWindows(T0 - H)).toEqual([maintenance('m1', T0, T0 + H)]);
    });
  });
}
