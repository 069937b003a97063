import { describe, expect, it } from 'vitest';
import type { IncidentPolicy } from '../plan/incident-types.js';
import { DEFAULT_SEVERITIES } from '../plan/incidents.js';
import { figures, incidentStats, verdict } from './stats.js';
import type { Incident } from './types.js';

const T0 = Date.parse('2026-11-01T00:00:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const POLICY: IncidentPolicy = { severities: DEFAULT_SEVERITIES, postmortemWithinMs: DAY, paging: {}, roles: ['commander'] };

function incident(id: string, declaredAt: number, times: { ack?: number; mitigated?: number; resolved?: number } = {}, overrides: Partial<Incident> = {}): Incident {
  const at = (offset: number | undefined) => (offset === undefined ? null : declaredAt + offset);
  const resolvedAt = at(times.resolved);
  return {
    id,
    title: id,
    severity: 'SEV1',
    status: resolvedAt === null ? 'investigating' : 'resolved',
    commander: null,
    components: {},
    alerts: [],
    declaredAt,
    declaredBy: 'ana',
    acknowledgedAt: at(times.ack),
    mitigatedAt: at(times.mitigated),
    resolvedAt,
    lastUpdateAt: declaredAt,
    postmortemDueAt: null,
    postmortemWrittenAt: null,
    ...overrides,
  };
}

describe('figures', () => {
  it('measures from the declaration; the duration of the impact from its start when known', () => {
    const f = figures(incident('a', T0, { ack: 2 * MIN, mitigated: 20 * MIN, resolved: 50 * MIN }, { startedAt: T0 - 10 * MIN }));
    expect(f).toEqual({ timeToAcknowledgeMs: 2 * MIN, timeToMitigateMs: 20 * MIN, timeToResolveMs: 50 * MIN, durationMs: 60 * MIN });
    expect(figures(incident('b', T0))).toEqual({ timeToAcknowledgeMs: null, timeToMitigateMs: null, timeToResolveMs: null, durationMs: null });
  });
});

describe('verdict', () => {
  it('is met on the target, missed after it, pending while open and within it, missed while open past it', () => {
    expect(verdict(T0, T0 + 5 * MIN, 5 * MIN, T0 + DAY)).toEqual({ kind: 'met', tookMs: 5 * MIN });
    expect(verdict(T0, T0 + 5 * MIN + 1, 5 * MIN, T0 + DAY)).toEqual({ kind: 'missed', tookMs: 5 * MIN + 1, overMs: 1 });
    expect(verdict(T0, null, 5 * MIN, T0 + 4 * MIN)).toEqual({ kind: 'pending', leftMs: MIN });
    expect(verdict(T0, null, 5 * MIN, T0 + 6 * MIN)).toEqual({ kind: 'missed', tookMs: 6 * MIN, overMs: MIN });
  });
});

describe('incidentStats over a window', () => {
  const now = T0 + 30 * DAY;
  const range = { from: now - 30 * DAY, to: now };
  const incidents = [
    // SEV1 (5m / 1h): met both; missed response, met resolution; still open within both targets.
    incident('s1a', T0 + DAY, { ack: 4 * MIN, mitigated: 30 * MIN, resolved: 40 * MIN }),
    incident('s1b', T0 + 2 * DAY, { ack: 8 * MIN, resolved: 50 * MIN }),
    incident('s1c', now - 2 * MIN),
    // SEV2 (15m / 4h): open and past its resolution target; never acknowledged.
    incident('s2', T0 + 3 * DAY, {}, { severity: 'SEV2' }),
    // Declared before the window: not counted even though resolved inside it.
    incident('old', range.from - HOUR, { ack: MIN, resolved: 2 * HOUR }),
  ];

  it('gives MTTA, MTTM and MTTR over the incidents declared in the window', () => {
    const s = incidentStats(incidents, POLICY, range, now);
    expect(s).toMatchObject({ from: range.from, to: range.to, incidents: 4, open: 2, resolved: 2 });
    expect(s.mttaMs).toBe(6 * MIN);
    expect(s.mttmMs).toBe(30 * MIN);
    expect(s.mttrMs).toBe(45 * MIN);
  });

  it('gives compliance per severity with the plan targets, open incidents pending until they miss', () => {
    const s = incidentStats(incidents, POLICY, range, now);
    expect(s.bySeverity.SEV1.response).toEqual({ targetMs: 5 * MIN, met: 1, missed: 1, pending: 1, rate: 0.5 });
    expect(s.bySeverity.SEV1.resolution).toEqual({ targetMs: HOUR, met: 2, missed: 0, pending: 1, rate: 1 });
    expect(s.bySeverity.SEV2.response).toEqual({ targetMs: 15 * MIN, met: 0, missed: 1, pending: 0, rate: 0 });
    expect(s.bySeverity.SEV2).toMatchObject({ incidents: 1, open: 1, mttaMs: null, mttrMs: null });
    expect(s.bySeverity.SEV4).toMatchObject({ incidents: 0, mttaMs: null, response: { met: 0, missed: 0, pending: 0, rate: null } });
  });

  it('uses the targets of the policy it is given', () => {
    const strict: IncidentPolicy = { ...POLICY, severities: { ...DEFAULT_SEVERITIES, SEV1: { ...DEFAULT_SEVERITIES.SEV1, responseMs: 3 * MIN } } };
    expect(incidentStats(incidents, strict, range, now).bySeverity.SEV1.response).toMatchObject({ targetMs: 3 * MIN, met: 0, missed: 2 });
  });
});
