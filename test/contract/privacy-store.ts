/**
 * The PrivacyStore contract: the ingest switch kept across restarts, erasure
 * and access for a user over every event table, expiry by age, the audit log
 * written with each change. Any backend runs it unchanged.
 *
 * Its cases fall on the two sides of the ports: `privacyStateContract` (the
 * switch, the audit log, expiry of samples and alerting records: what a
 * state database keeps) and `privacyEventContract` (access, erasure and
 * expiry over the event tables); `privacyStoreContract` is both, as one
 * suite. `privacyErasureContract` is for a `PrivacyStateStore`, where an
 * erasure is recorded as resumable steps.
 */
import { afterEach, expect } from 'vitest';
import type { Plan } from '../../src/plan/types.js';
import type { AuditEntry, PendingErasure, PrivacyStateStore, PrivacyStore } from '../../src/store/privacy.js';
import type { AdmittedEvent, EventStore, StateStore } from '../../src/store/types.js';
import { planFrom } from '../helpers/plan.js';
import { contractSuite, type ContractCase, type ContractOptions } from './suite.js';

/** What both a whole PrivacyStore and the state half of one keep. */
export type PrivacyStateCalls = Pick<PrivacyStore, 'ingestSwitch' | 'setIngestSwitch' | 'expireSamples' | 'expireAlerting' | 'appendAudit' | 'audit'>;

export interface PrivacyStateHandle {
  readonly state: StateStore;
  readonly privacy: PrivacyStateCalls;
  close(): Promise<void>;
}

export interface PrivacyStateFactory {
  fresh(): Promise<PrivacyStateHandle & { reopen(): Promise<PrivacyStateHandle> }>;
}

export interface ErasureHandle {
  readonly privacy: PrivacyStateStore;
  close(): Promise<void>;
}

export interface ErasureFactory {
  fresh(): Promise<ErasureHandle & { reopen(): Promise<ErasureHandle> }>;
}

export interface PrivacyHandle {
  readonly events: EventStore;
  readonly state: StateStore;
  readonly privacy: PrivacyStore;
  close(): Promise<void>;
}

export interface PrivacyStoreFactory {
  fresh(): Promise<PrivacyHandle & { reopen(): Promise<PrivacyHandle> }>;
}

const T0 = Date.parse('2026-11-20T12:00:00Z');
const DAY = 86_400_000;

const PLAN: Plan = planFrom(`
version: 1
product: { name: privacy-contract }
events:
  run: { ok: boolean, shell: { type: string, optional: true } }
  install: { platform: string }
`);

function run(id: string, userId: string | null, ts: number, shell = 'zsh'): AdmittedEvent {
  return { id, type: 'run', ts, userId, sessionId: 's1', properties: { ok: true, shell } };
}

function install(id: string, userId: string | null, ts: number): AdmittedEvent {
  return { id, type: 'install', ts, userId, sessionId: null, properties: { platform: 'linux' } };
}

const audit =
  (action: AuditEntry['action'], subject?: string) =>
  (deleted: unknown): AuditEntry => ({ at: T0, action, actor: 'contract', ...(subject ? { subject } : {}), details: { deleted } });

/** The event-table cases, declared with `it` (inside a suite). */
function eventCases(it: ContractCase, factory: PrivacyStoreFactory): void {
  const open: PrivacyHandle[] = [];
  afterEach(async () => {
    for (const handle of open.splice(0)) await handle.close();
  });
  const fresh = async () => {
    const handle = await factory.fresh();
    open.push(handle);
    await handle.events.prepare(PLAN.events);
    return handle;
  };

  it('exports and purges one user across every event type, and nobody else', async () => {
    const { events, privacy } = await fresh();
    await events.append([run('r1', 'u1', T0), run('r2', 'u2', T0 + 1), install('i1', 'u1', T0 + 2), install('i2', null, T0 + 3), run('r3', 'h_u1', T0 + 4)]);
    const exported = await privacy.userEvents(['u1', 'h_u1']);
    expect(exported.map((e) => `${e.type}/${e.id}`)).toEqual(['run/r1', 'install/i1', 'run/r3']);
    expect(exported[0]).toEqual({ type: 'run', id: 'r1', ts: T0, userId: 'u1', sessionId: 's1', properties: { ok: true, shell: 'zsh' } });

    const deleted = await privacy.purgeUser(['u1', 'h_u1'], audit('purge_user', 'sha256:abc'));
    expect(deleted).toEqual({ run: 2, install: 1 });
    expect(await privacy.userEvents(['u1', 'h_u1'])).toEqual([]);
    expect(await events.counts()).toMatchObject({ run: 1, install: 1 });
    expect(await privacy.audit(1)).toEqual([{ at: T0, action: 'purge_user', actor: 'contract', subject: 'sha256:abc', details: { deleted: { run: 2, install: 1 } } }]);
  });

  it('finds a user in an event table the plan no longer declares', async () => {
    const handle = await fresh();
    await handle.events.append([install('i1', 'u1', T0)]);
    await handle.events.prepare(planFrom('version: 1\nproduct: { name: x }\nevents:\n  run: { ok: boolean, shell: { type: string, optional: true } }\n').events);
    expect((await handle.privacy.userEvents(['u1'])).map((e) => e.id)).toEqual(['i1']);
    expect(await handle.privacy.purgeUser(['u1'], audit('purge_user'))).toEqual({ install: 1 });
  });

  it('expires events older than the cutoff, counted by type', async () => {
    const { events, privacy } = await fresh();
    await events.append([run('old', 'u1', T0 - 100 * DAY), install('old', 'u2', T0 - 91 * DAY), run('new', 'u1', T0 - DAY)]);
    expect(await privacy.expireEvents(T0 - 90 * DAY, audit('retention'))).toEqual({ run: 1, install: 1 });
    expect(await events.counts()).toMatchObject({ run: 1, install: 0 });
    expect(await privacy.expireEvents(T0 - 90 * DAY, audit('retention'))).toEqual({});
    expect((await privacy.audit(10)).map((e) => e.details)).toEqual([{ deleted: {} }, { deleted: { run: 1, install: 1 } }]);
  });
}

/** The state cases: the switch, the audit log, expiry of samples and alerting records. */
function stateCases(it: ContractCase, factory: PrivacyStateFactory): void {
  const open: PrivacyStateHandle[] = [];
  afterEach(async () => {
    for (const handle of open.splice(0)) await handle.close();
  });
  const fresh = async () => {
    const handle = await factory.fresh();
    open.push(handle);
    return handle;
  };

  it('keeps the ingest switch and its audit entry across a restart', async () => {
    const handle = await fresh();
    expect(await handle.privacy.ingestSwitch()).toBeUndefined();
    await handle.privacy.setIngestSwitch({ paused: true, reason: 'PII report', by: 'ops', at: T0 }, { at: T0, action: 'pause', actor: 'ops', details: { reason: 'PII report' } });
    await handle.close();
    open.splice(open.indexOf(handle), 1);
    const again = await handle.reopen();
    open.push(again);
    expect(await again.privacy.ingestSwitch()).toEqual({ paused: true, reason: 'PII report', by: 'ops', at: T0 });
    await again.privacy.setIngestSwitch({ paused: false, by: 'ops', at: T0 + 1000 }, { at: T0 + 1000, action: 'resume', actor: 'ops', details: {} });
    expect(await again.privacy.ingestSwitch()).toEqual({ paused: false, by: 'ops', at: T0 + 1000 });
    expect((await again.privacy.audit(10)).map((e) => e.action)).toEqual(['resume', 'pause']);
  });

  it('expires recorded samples older than the cutoff, with their audit entry', async () => {
    const { state, privacy } = await fresh();
    await state.recordSamples([
      { metricId: 'm', group: {}, ts: T0 - 400 * DAY, value: 1, status: 'green' },
      { metricId: 'm', group: {}, ts: T0, value: 2, status: 'green' },
    ]);
    expect(await privacy.expireSamples(T0 - 365 * DAY, audit('retention'))).toBe(1);
    expect((await state.samples('m', { from: 0, to: T0 + 1 })).map((s) => s.value)).toEqual([2]);
    expect(await privacy.expireSamples(T0 - 365 * DAY, audit('retention'))).toBe(0);
    expect((await privacy.audit(10)).map((e) => [e.action, e.details])).toEqual([
      ['retention', { deleted: 0 }],
      ['retention', { deleted: 1 }],
    ]);
  });

  it('expires alert transitions, finished notifications and ended silences from before the cutoff; a pending notification stays', async () => {
    const { state, privacy } = await fresh();
    const transition = (fingerprint: string, at: number) => ({ fingerprint, rule: 'r', from: 'pending' as const, to: 'firing' as const, severity: 'P2' as const, value: 1, at, reason: 'for_elapsed' as const });
    const note = (id: string, createdAt: number) => ({ id, channel: 'team', kind: 'alert' as const, groupKey: 'g1', groupLabels: { alertname: 'r' }, status: 'firing' as const, alerts: [], createdAt });
    const empty = { instances: [], removedInstances: [], groups: [], removedGroups: [] };
    await state.commitAlerting({ ...empty, transitions: [transition('old', T0 - 200 * DAY), transition('new', T0 - DAY)], notifications: [note('sent-old', T0 - 200 * DAY), note('failed-old', T0 - 200 * DAY), note('pending-old', T0 - 200 * DAY), note('sent-new', T0 - DAY)] });
    await state.markSent('sent-old', T0 - 200 * DAY + 1000);
    await state.markFailed('failed-old', T0 - 200 * DAY + 1000, 5, 'gave up');
    await state.markSent('sent-new', T0 - DAY + 1000);
    const silence = (id: string, endsAt: number) => ({ id, matchers: [{ name: 'alertname', value: 'r', isRegex: false, isEqual: true }], startsAt: endsAt - DAY, endsAt, createdBy: 'ops', comment: 'maintenance', updatedAt: endsAt - DAY });
    await state.putSilence(silence('ended', T0 - 100 * DAY));
    await state.putSilence(silence('active', T0 + DAY));

    expect(await privacy.expireAlerting(T0 - 90 * DAY, audit('retention'))).toEqual({ history: 1, notifications: 2, silences: 1 });
    expect((await state.alertHistory({})).map((t) => t.fingerprint)).toEqual(['new']);
    expect((await state.notifications({})).map((n) => n.id).sort()).toEqual(['pending-old', 'sent-new']);
    expect((await state.silences()).map((x) => x.id)).toEqual(['active']);
    expect(await privacy.expireAlerting(T0 - 90 * DAY, audit('retention'))).toEqual({ history: 0, notifications: 0, silences: 0 });
  });
}

export function privacyEventContract(name: string, factory: PrivacyStoreFactory, options: ContractOptions = {}): void {
  contractSuite(`PrivacyStore contract (events): ${name}`, options, (it) => eventCases(it, factory));
}

export function privacyStateContract(name: string, factory: PrivacyStateFactory, options: ContractOptions = {}): void {
  contractSuite(`PrivacyStore contract (state): ${name}`, options, (it) => stateCases(it, factory));
}

/** Both sides, as one suite: a skip list names cases of either. */
export function privacyStoreContract(name: string, factory: PrivacyStoreFactory, options: ContractOptions = {}): void {
  contractSuite(`PrivacyStore contract: ${name}`, options, (it) => {
    stateCases(it, factory);
    eventCases(it, factory);
  });
}

function erasure(id: string, requestedAt: number, userIds: readonly string[] = ['u1', 'h_u1']): PendingErasure {
  return { id, userIds, requestedAt, actor: 'ops', subject: `sha256:${id}` };
}

const erasureAudit = (e: PendingErasure, step: string): AuditEntry => ({ at: e.requestedAt, action: 'purge_user', actor: e.actor, subject: e.subject, details: { erasure: e.id, step } });

/** Erasure as resumable steps (PrivacyStateStore): requested → completed, each step idempotent by id, kept across restarts. */
export function privacyErasureContract(name: string, factory: ErasureFactory, options: ContractOptions = {}): void {
  contractSuite(`PrivacyStateStore erasure contract: ${name}`, options, (it) => {
    const open: ErasureHandle[] = [];
    afterEach(async () => {
      for (const handle of open.splice(0)) await handle.close();
    });
    const fresh = async () => {
      const handle = await factory.fresh();
      open.push(handle);
      return handle;
    };

    it('records an erasure once by id, with its audit entry, pending oldest first across a restart', async () => {
      const handle = await fresh();
      const first = erasure('e1', T0);
      const second = erasure('e2', T0 + 1000, ['u2']);
      await handle.privacy.requestErasure(second, erasureAudit(second, 'requested'));
      await handle.privacy.requestErasure(first, erasureAudit(first, 'requested'));
      await handle.privacy.requestErasure({ ...first, userIds: ['other'] }, erasureAudit(first, 'requested again'));
      expect(await handle.privacy.pendingErasures()).toEqual([first, second]);
      await handle.close();
      open.splice(open.indexOf(handle), 1);
      const again = await handle.reopen();
      open.push(again);
      expect(await again.privacy.pendingErasures()).toEqual([first, second]);
      expect((await again.privacy.audit(10)).map((e) => e.details)).toEqual([
        { erasure: 'e1', step: 'requested' },
        { erasure: 'e2', step: 'requested' },
      ]);
    });

    it('completes an erasure once: no longer pending, one audit entry, and a repeated request does not bring it back', async () => {
      const { privacy } = await fresh();
      const first = erasure('e1', T0);
      const second = erasure('e2', T0 + 1000);
      await privacy.requestErasure(first, erasureAudit(first, 'requested'));
      await privacy.requestErasure(second, erasureAudit(second, 'requested'));
      await privacy.completeErasure('e1', erasureAudit(first, 'completed'));
      await privacy.completeErasure('e1', erasureAudit(first, 'completed again'));
      await privacy.requestErasure(first, erasureAudit(first, 'requested again'));
      expect(await privacy.pendingErasures()).toEqual([second]);
      expect((await privacy.audit(10)).map((e) => e.details.step)).toEqual(['completed', 'requested', 'requested']);
    });
  });
}
