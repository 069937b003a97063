/**
 * The incident half of the StateStore contract: ids, incidents with their
 * timeline written together, queries by status and time, action items, all
 * kept across restarts.
 */
import { afterEach, expect } from 'vitest';
import type { ActionItem, Incident, TimelineEntry } from '../../src/incidents/types.js';
import type { StateHandle, StateStoreFactory } from './stores.js';
import { contractSuite, type ContractOptions } from './suite.js';

const T0 = Date.parse('2026-11-20T12:00:00Z');
const MIN = 60_000;

export function incident(id: string, overrides: Partial<Incident> = {}): Incident {
  return {
    id,
    title: 'Command generation failing',
    severity: 'SEV2',
    status: 'investigating',
    commander: 'ana',
    components: { cli: 'degraded' },
    alerts: [],
    declaredAt: T0,
    declaredBy: 'ana',
    acknowledgedAt: null,
    mitigatedAt: null,
    resolvedAt: null,
    lastUpdateAt: T0,
    postmortemDueAt: null,
    postmortemWrittenAt: null,
    ...overrides,
  };
}

function entry(incidentId: string, at: number, kind: TimelineEntry['kind'], text: string, isPublic = false): TimelineEntry {
  return { incidentId, at, kind, by: 'ana', text, public: isPublic };
}

function item(id: string, incidentId: string, createdAt: number, overrides: Partial<ActionItem> = {}): ActionItem {
  return { id, incidentId, title: 'Add a canary', owner: 'ben', dueAt: T0 + 7 * 86_400_000, done: false, createdAt, ...overrides };
}

export function incidentStoreContract(name: string, factory: StateStoreFactory, options: ContractOptions = {}): void {
  contractSuite(`${name}: incident state contract`, options, (it) => {
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

    it('hands out INC-1, INC-2, … and AI-1, AI-2, …, never twice, also after a restart', async () => {
      const handle = await fresh();
      expect([await handle.state.nextIncidentId(), await handle.state.nextIncidentId()]).toEqual(['INC-1', 'INC-2']);
      expect(await handle.state.nextActionItemId()).toBe('AI-1');
      await handle.close();
      open = [];
      const again = await handle.reopen();
      open.push(again);
      expect(await again.state.nextIncidentId()).toBe('INC-3');
      expect(await again.state.nextActionItemId()).toBe('AI-2');
    });

    it('hands out distinct ids to concurrent callers', async () => {
      const { state } = await fresh();
      const ids = await Promise.all(Array.from({ length: 20 }, () => state.nextIncidentId()));
      expect(new Set(ids).size).toBe(20);
    });

    it('writes an incident with its timeline entries, replaces it by id, and keeps both across a restart', async () => {
      const handle = await fresh();
      const declared = incident('INC-1');
      await handle.state.putIncident(declared, [entry('INC-1', T0, 'declared', 'declared SEV2')]);
      const identified = incident('INC-1', { status: 'identified', acknowledgedAt: T0 + MIN, lastUpdateAt: T0 + MIN, summary: 'bad deploy', eta: T0 + 60 * MIN });
      await handle.state.putIncident(identified, [
        entry('INC-1', T0 + MIN, 'acknowledged', 'acknowledged'),
        entry('INC-1', T0 + MIN, 'status_changed', 'investigating → identified'),
        entry('INC-1', T0 + MIN, 'public_update', 'We found the cause', true),
      ]);
      await handle.close();
      open = [];
      const again = await handle.reopen();
      open.push(again);
      expect(await again.state.incident('INC-1')).toEqual(identified);
      expect(await again.state.incident('INC-9')).toBeUndefined();
      expect((await again.state.timeline('INC-1')).map((e) => [e.at - T0, e.kind])).toEqual([
        [0, 'declared'],
        [MIN, 'acknowledged'],
        [MIN, 'status_changed'],
        [MIN, 'public_update'],
      ]);
      expect(await again.state.timeline('INC-1', { publicOnly: true })).toEqual([entry('INC-1', T0 + MIN, 'public_update', 'We found the cause', true)]);
    });

    it('keeps the holders of incident roles with the incident, also after a restart and once a role is taken back', async () => {
      const handle = await fresh();
      const staffed = incident('INC-1', { roles: { communications: 'ben', scribe: 'cem' } });
      await handle.state.putIncident(staffed, [entry('INC-1', T0, 'role_changed', 'scribe: none → cem')]);
      await handle.close();
      open = [];
      const again = await handle.reopen();
      open.push(again);
      expect(await again.state.incident('INC-1')).toEqual(staffed);
      const fewer = incident('INC-1', { roles: { communications: 'ben' } });
      await again.state.putIncident(fewer, [entry('INC-1', T0 + MIN, 'role_changed', 'scribe: cem → none')]);
      expect((await again.state.incident('INC-1'))?.roles).toEqual({ communications: 'ben' });
      expect((await again.state.timeline('INC-1')).map((e) => [e.kind, e.text])).toEqual([
        ['role_changed', 'scribe: none → cem'],
        ['role_changed', 'scribe: cem → none'],
      ]);
    });

    it('writes nothing of a change that fails part-way', async () => {
      const { state } = await fresh();
      await state.putIncident(incident('INC-1'), [entry('INC-1', T0, 'declared', 'declared')]);
      const broken = { ...entry('INC-1', T0 + MIN, 'note', 'x'), at: Number.NaN };
      await expect(state.putIncident(incident('INC-1', { status: 'monitoring' }), [entry('INC-1', T0 + MIN, 'status_changed', 'ok'), broken])).rejects.toThrow();
      expect((await state.incident('INC-1'))?.status).toBe('investigating');
      expect((await state.timeline('INC-1')).map((e) => e.kind)).toEqual(['declared']);
    });

    it('appends timeline entries on their own, ordered by time then by writing order', async () => {
      const { state } = await fresh();
      await state.putIncident(incident('INC-1'), [entry('INC-1', T0, 'declared', 'declared')]);
      await state.putIncident(incident('INC-2'), [entry('INC-2', T0, 'declared', 'other')]);
      await state.appendTimeline([entry('INC-1', T0 + 2 * MIN, 'reminder', 'update overdue'), entry('INC-1', T0 + MIN, 'alert_fired', 'rate_drop fired')]);
      await state.appendTimeline([]);
      await state.appendTimeline([entry('INC-1', T0 + MIN, 'escalated', 'paged ben')]);
      expect((await state.timeline('INC-1')).map((e) => e.kind)).toEqual(['declared', 'alert_fired', 'escalated', 'reminder']);
      expect((await state.timeline('INC-2')).map((e) => e.text)).toEqual(['other']);
      expect(await state.timeline('INC-3')).toEqual([]);
    });

    it('lists incidents newest first, by status and by the time they were active', async () => {
      const { state } = await fresh();
      const hour = 60 * MIN;
      await state.putIncident(incident('INC-1', { declaredAt: T0, status: 'resolved', resolvedAt: T0 + hour }), []);
      await state.putIncident(incident('INC-2', { declaredAt: T0 + 2 * hour, status: 'monitoring' }), []);
      await state.putIncident(incident('INC-3', { declaredAt: T0 + 3 * hour }), []);
      await state.putIncident(incident('INC-10', { declaredAt: T0 + 3 * hour }), []);
      const ids = (list: Incident[]) => list.map((i) => i.id);
      expect(ids(await state.incidents({}))).toEqual(['INC-10', 'INC-3', 'INC-2', 'INC-1']);
      expect(ids(await state.incidents({ status: 'open' }))).toEqual(['INC-10', 'INC-3', 'INC-2']);
      expect(ids(await state.incidents({ status: 'resolved' }))).toEqual(['INC-1']);
      expect(ids(await state.incidents({ status: 'monitoring' }))).toEqual(['INC-2']);
      // Active in [T0 + 30m, T0 + 2h]: INC-1 until its resolution, INC-2 from its declaration; bounds included.
      expect(ids(await state.incidents({ from: T0 + 30 * MIN, to: T0 + 2 * hour }))).toEqual(['INC-2', 'INC-1']);
      expect(ids(await state.incidents({ from: T0 + hour + 1 }))).toEqual(['INC-10', 'INC-3', 'INC-2']);
      expect(ids(await state.incidents({ to: T0 + hour }))).toEqual(['INC-1']);
      expect(ids(await state.incidents({ status: 'open', to: T0 + 2 * hour }))).toEqual(['INC-2']);
    });

    it('keeps action items per incident in creation order, replacing one by its id, with its timeline entry', async () => {
      const handle = await fresh();
      await handle.state.putIncident(incident('INC-1'), []);
      await handle.state.putActionItem(item('AI-2', 'INC-1', T0 + 2 * MIN), [entry('INC-1', T0 + 2 * MIN, 'note', 'action item AI-2')]);
      await handle.state.putActionItem(item('AI-10', 'INC-1', T0 + 2 * MIN, { owner: null, dueAt: null }));
      await handle.state.putActionItem(item('AI-1', 'INC-1', T0 + MIN));
      await handle.state.putActionItem(item('AI-3', 'INC-2', T0));
      await handle.state.putActionItem(item('AI-2', 'INC-1', T0 + 2 * MIN, { done: true }));
      await handle.close();
      open = [];
      const again = await handle.reopen();
      open.push(again);
      const items = await again.state.actionItems('INC-1');
      expect(items.map((i) => [i.id, i.done])).toEqual([
        ['AI-1', false],
        ['AI-2', true],
        ['AI-10', false],
      ]);
      expect(items[2]).toEqual(item('AI-10', 'INC-1', T0 + 2 * MIN, { owner: null, dueAt: null }));
      expect((await again.state.timeline('INC-1')).map((e) => e.text)).toEqual(['action item AI-2']);
      expect(await again.state.actionItems('INC-9')).toEqual([]);
    });
  });
}
