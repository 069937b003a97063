import { describe, expect, it } from 'vitest';
import type { StakeholderSpec } from '../plan/talk-types.js';
import { announcementEvents, publicEntries, stakeholderDecision } from './talk.js';
import type { Incident, TimelineEntry } from './types.js';

const T0 = Date.parse('2026-12-07T10:00:00Z');
const H = 3_600_000;
const e = (at: number, kind: TimelineEntry['kind'], isPublic = false, text: string = kind): TimelineEntry => ({ incidentId: 'INC-1', at, kind, by: 'ana', text, public: isPublic });
const incident = (fields: Partial<Incident> = {}): Incident => ({
  id: 'INC-1', title: 'Checkout errors', severity: 'SEV2', status: 'investigating', commander: 'ana', components: {}, alerts: [], declaredAt: T0,
  declaredBy: 'ana', acknowledgedAt: null, mitigatedAt: null, resolvedAt: null, lastUpdateAt: T0, postmortemDueAt: null, postmortemWrittenAt: null, ...fields,
});
const spec: StakeholderSpec = { channels: ['leadership'], everyMs: H, severities: ['SEV1', 'SEV2'] };

describe('announcementEvents', () => {
  it('makes one event per kind and moment, folds a status update into the declaration, skips what came before since', () => {
    const timeline = [e(T0 - H, 'declared', true), e(T0, 'declared', true), e(T0, 'note'), e(T0, 'public_update', true, 'looking'), e(T0 + 5, 'severity_changed'), e(T0 + 9, 'public_update', true), e(T0 + 9, 'status_changed', true)];
    const events = announcementEvents('INC-1', timeline, T0);
    expect(events.map((x) => [x.event, x.at, x.entries.length])).toEqual([
      ['declared', T0, 2],
      ['severity_changed', T0 + 5, 1],
      ['status_update', T0 + 9, 2],
    ]);
    expect(new Set(events.map((x) => x.key)).size).toBe(3);
  });
});

describe('stakeholderDecision', () => {
  it('waits for the first slot, sends the latest slot once, and catches up with one after a gap', () => {
    expect(stakeholderDecision(incident(), spec, null, T0 + 59 * 60_000)).toEqual({ kind: 'wait', nextAt: T0 + H });
    expect(stakeholderDecision(incident(), spec, null, T0 + H)).toEqual({ kind: 'due', slot: T0 + H, nextAt: T0 + 2 * H });
    expect(stakeholderDecision(incident(), spec, T0 + H, T0 + 1.5 * H)).toEqual({ kind: 'wait', nextAt: T0 + 2 * H });
    expect(stakeholderDecision(incident(), spec, T0 + H, T0 + 4.5 * H)).toEqual({ kind: 'due', slot: T0 + 4 * H, nextAt: T0 + 5 * H });
  });
  it('sends nothing for a resolved incident or another severity', () => {
    expect(stakeholderDecision(incident({ status: 'resolved' }), spec, null, T0 + 2 * H)).toEqual({ kind: 'none', reason: 'resolved' });
    expect(stakeholderDecision(incident({ severity: 'SEV3' }), spec, null, T0 + 2 * H)).toEqual({ kind: 'none', reason: 'severity' });
  });
});

describe('publicEntries', () => {
  it('keys each public entry by its moment and place', () => {
    const keys = publicEntries('INC-1', [e(T0, 'declared', true), e(T0, 'note'), e(T0, 'public_update', true), e(T0 + 1, 'resolved', true)], T0 + 1).map((p) => p.key);
    expect(keys).toEqual([`subscribers:INC-1:${T0 + 1}:0`]);
    expect(publicEntries('INC-1', [e(T0, 'declared', true), e(T0, 'public_update', true)], T0).map((p) => p.key)).toEqual([`subscribers:INC-1:${T0}:0`, `subscribers:INC-1:${T0}:1`]);
  });
});
