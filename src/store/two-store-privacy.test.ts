import { describe, expect, it } from 'vitest';
import type { AuditEntry, PendingErasure, PrivacyEventStore, PrivacyStateStore, RowCounts, StoredEvent } from './privacy.js';
import { TwoStorePrivacy } from './two-store-privacy.js';

/** The state half in memory: the audit log and the erasures in progress. */
function memoryState(): PrivacyStateStore & { log: AuditEntry[]; erasures: Map<string, PendingErasure> } {
  const log: AuditEntry[] = [];
  const erasures = new Map<string, PendingErasure>();
  return {
    log,
    erasures,
    ingestSwitch: async () => undefined,
    setIngestSwitch: async (_s, audit) => void log.push(audit),
    expireSamples: async () => 0,
    expireAlerting: async () => ({}),
    appendAudit: async (entry) => void log.push(entry),
    audit: async (limit) => log.slice(-limit).reverse(),
    requestErasure: async (erasure, audit) => {
      if (erasures.has(erasure.id)) return;
      erasures.set(erasure.id, erasure);
      log.push(audit);
    },
    pendingErasures: async () => [...erasures.values()],
    completeErasure: async (id, audit) => {
      if (!erasures.delete(id)) return;
      log.push(audit);
    },
  };
}

/** The events half in memory: events by user; `failNext` makes the next delete die as a crash would. */
function memoryEvents(events: StoredEvent[]): PrivacyEventStore & { events: StoredEvent[]; failNext: boolean } {
  const half = {
    events,
    failNext: false,
    userEvents: async (ids: readonly string[]) => half.events.filter((e) => e.userId !== null && ids.includes(e.userId)),
    deleteUserEvents: async (ids: readonly string[]): Promise<RowCounts> => {
      if (half.failNext) {
        half.failNext = false;
        throw new Error('the replica died');
      }
      const counts: Record<string, number> = {};
      for (const e of half.events) if (e.userId !== null && ids.includes(e.userId)) counts[e.type] = (counts[e.type] ?? 0) + 1;
      half.events = half.events.filter((e) => e.userId === null || !ids.includes(e.userId));
      return counts;
    },
    deleteEventsBefore: async (before: number): Promise<RowCounts> => {
      const counts: Record<string, number> = {};
      for (const e of half.events) if (e.ts < before) counts[e.type] = (counts[e.type] ?? 0) + 1;
      half.events = half.events.filter((e) => e.ts >= before);
      return counts;
    },
  };
  return half;
}

const event = (id: string, userId: string, ts = 1000): StoredEvent => ({ type: 'signup', id, ts, userId, sessionId: null, properties: {} });
const purgeAudit = (deleted: RowCounts): AuditEntry => ({ at: 5000, action: 'purge_user', actor: 'ana', subject: 'sha256:abc', details: { deleted } });

describe('TwoStorePrivacy', () => {
  it('erases a user in three steps, each in the audit log, leaving nothing pending', async () => {
    const state = memoryState();
    const events = memoryEvents([event('e1', 'u1'), event('e2', 'u1'), event('e3', 'u2')]);
    const privacy = new TwoStorePrivacy(state, events, () => 9000);
    expect(await privacy.purgeUser(['u1'], purgeAudit)).toEqual({ signup: 2 });
    expect(events.events.map((e) => e.id)).toEqual(['e3']);
    expect(state.erasures.size).toBe(0);
    expect(state.log.map((e) => [e.action, e.details])).toEqual([
      ['purge_user', { step: 'requested', erasure: expect.any(String) as unknown }],
      ['purge_user', { deleted: { signup: 2 } }],
    ]);
  });

  it('leaves an erasure cut short pending, and resume() completes it with an audit entry that says so', async () => {
    const state = memoryState();
    const events = memoryEvents([event('e1', 'u1'), event('e2', 'u2')]);
    const privacy = new TwoStorePrivacy(state, events, () => 9000);
    events.failNext = true;
    await expect(privacy.purgeUser(['u1'], purgeAudit)).rejects.toThrow('the replica died');
    expect(state.erasures.size).toBe(1);
    expect(events.events).toHaveLength(2);

    expect(await privacy.resume()).toBe(1);
    expect(events.events.map((e) => e.id)).toEqual(['e2']);
    expect(state.erasures.size).toBe(0);
    expect(state.log.at(-1)).toMatchObject({ action: 'purge_user', actor: 'ana', subject: 'sha256:abc', at: 9000, details: { deleted: { signup: 1 }, resumed: true } });
    expect(await privacy.resume()).toBe(0);
  });

  it('expires events, then audits the counts', async () => {
    const state = memoryState();
    const events = memoryEvents([event('old', 'u1', 10), event('new', 'u1', 5000)]);
    const privacy = new TwoStorePrivacy(state, events, () => 9000);
    const deleted = await privacy.expireEvents(1000, (counts) => ({ at: 9000, action: 'retention', actor: 'retention job', details: { deleted: counts } }));
    expect(deleted).toEqual({ signup: 1 });
    expect(state.log).toEqual([{ at: 9000, action: 'retention', actor: 'retention job', details: { deleted: { signup: 1 } } }]);
  });
});
