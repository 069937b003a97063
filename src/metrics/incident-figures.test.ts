/** Incident figures as metric values, with plain incidents on a fixed clock. */
import { describe, expect, it } from 'vitest';
import type { Incident } from '../incidents/types.js';
import type { IncidentFigure, IncidentPolicy } from '../plan/incident-types.js';
import { DEFAULT_SEVERITIES } from '../plan/incidents.js';
import type { IncidentSeverity } from '../incidents/types.js';
import { asOf, incidentSeries, measureIncidents } from './incident-figures.js';

const M = 60_000;
const T0 = Date.parse('2026-11-20T00:00:00Z');
const POLICY: IncidentPolicy = { severities: DEFAULT_SEVERITIES, postmortemWithinMs: 24 * 60 * M, paging: {}, roles: ['commander'] };

/** An incident declared at `at` minutes, acknowledged, mitigated and resolved after so many minutes (null: not yet). */
function incident(id: number, severity: IncidentSeverity, at: number, ack: number | null, resolve: number | null = null): Incident {
  const after = (m: number | null): number | null => (m === null ? null : T0 + (at + m) * M);
  return {
    id: `INC-${id}`,
    title: 't',
    severity,
    status: resolve === null ? 'investigating' : 'resolved',
    commander: null,
    components: {},
    alerts: [],
    declaredAt: T0 + at * M,
    declaredBy: 'ana',
    acknowledgedAt: after(ack),
    mitigatedAt: after(resolve),
    resolvedAt: after(resolve),
    lastUpdateAt: T0 + at * M,
    postmortemDueAt: null,
    postmortemWrittenAt: null,
  };
}

const metric = (figure: IncidentFigure, severities: IncidentSeverity[] = [], by: string[] = []) => ({ measure: { kind: 'incidents' as const, figure, severities }, by });

// SEV1s: INC-1 acked after 2 min (met 5m), resolved after 30 (met 1h); INC-2 acked after 10 (missed), resolved after 90 (missed);
// INC-3 open, acked after 4 at minute 124; a SEV2 acked after 20 (missed 15m), still open; INC-5 resolved before the window.
const INCIDENTS = [incident(1, 'SEV1', 10, 2, 30), incident(2, 'SEV1', 20, 10, 90), incident(3, 'SEV1', 120, 4), incident(4, 'SEV2', 100, 20), incident(5, 'SEV1', -200, 1, 5)];
const WINDOW = { from: T0, to: T0 + 180 * M };

describe('measureIncidents', () => {
  it('means from declaration over the incidents declared in the window that got that far', () => {
    expect(measureIncidents(metric('mtta', ['SEV1']), INCIDENTS, POLICY, WINDOW)).toEqual({ value: ((2 + 10 + 4) / 3) * M, events: 3, groups: [] });
    expect(measureIncidents(metric('mttr', ['SEV1']), INCIDENTS, POLICY, WINDOW).value).toBe(60 * M);
    expect(measureIncidents(metric('mttm'), INCIDENTS, POLICY, WINDOW).value).toBe(60 * M);
    expect(measureIncidents(metric('mtta'), INCIDENTS, POLICY, WINDOW)).toMatchObject({ value: ((2 + 10 + 4 + 20) / 4) * M, events: 4 });
  });

  it('compliance: met over decided, an open incident past its target counting as missed, pending ones left out', () => {
    // SEV1 response: met, missed, met; SEV2: missed.
    expect(measureIncidents(metric('response_compliance', ['SEV1']), INCIDENTS, POLICY, WINDOW).value).toBeCloseTo(2 / 3);
    expect(measureIncidents(metric('response_compliance'), INCIDENTS, POLICY, WINDOW).value).toBe(0.5);
    // SEV1 resolution: met, missed, and INC-3 open for 60 min at the window's end (target 1h): still pending.
    expect(measureIncidents(metric('resolution_compliance', ['SEV1']), INCIDENTS, POLICY, WINDOW).value).toBe(0.5);
    expect(measureIncidents(metric('resolution_compliance', ['SEV1']), INCIDENTS, POLICY, { ...WINDOW, to: T0 + 181 * M }).value).toBeCloseTo(1 / 3);
  });

  it('counts declared in the window, and open at some moment of it', () => {
    expect(measureIncidents(metric('declared'), INCIDENTS, POLICY, WINDOW)).toMatchObject({ value: 4, events: 4 });
    expect(measureIncidents(metric('open'), INCIDENTS, POLICY, { from: T0 + 150 * M, to: T0 + 180 * M }).value).toBe(2);
    expect(measureIncidents(metric('open', ['SEV2']), INCIDENTS, POLICY, { from: T0 + 150 * M, to: T0 + 180 * M }).value).toBe(1);
  });

  it('takes the incidents as they stood at the end of the window', () => {
    // At minute 15 INC-1 is acknowledged but not resolved, INC-2 not declared yet.
    const early = { from: T0, to: T0 + 15 * M };
    expect(measureIncidents(metric('mttr'), INCIDENTS, POLICY, early)).toEqual({ value: null, events: 1, groups: [] });
    expect(measureIncidents(metric('open'), INCIDENTS, POLICY, early).value).toBe(1);
    expect(asOf(INCIDENTS[0] as Incident, T0 + 11 * M)).toMatchObject({ acknowledgedAt: null, resolvedAt: null });
  });

  it('has no value over no incidents, except counts, which are 0', () => {
    const none = { from: T0 + 1000 * M, to: T0 + 1100 * M };
    expect(measureIncidents(metric('mtta'), [], POLICY, none)).toEqual({ value: null, events: 0, groups: [] });
    expect(measureIncidents(metric('response_compliance'), [], POLICY, none).value).toBeNull();
    expect(measureIncidents(metric('declared'), [], POLICY, none).value).toBe(0);
  });

  it('groups by severity: every severity the metric covers, also without incidents', () => {
    const grouped = measureIncidents(metric('declared', ['SEV1', 'SEV3'], ['severity']), INCIDENTS, POLICY, WINDOW);
    expect(grouped).toEqual({
      value: 3,
      events: 3,
      groups: [
        { group: { severity: 'SEV1' }, value: 3, events: 3 },
        { group: { severity: 'SEV3' }, value: 0, events: 0 },
      ],
    });
    expect(measureIncidents(metric('mtta', [], ['severity']), INCIDENTS, POLICY, WINDOW).groups.map((g) => g.value)).toEqual([((2 + 10 + 4) / 3) * M, 20 * M, null, null]);
  });
});

describe('incidentSeries', () => {
  it('gives each bucket the figure over its own incidents', () => {
    const series = incidentSeries(metric('declared', ['SEV1'], ['severity']), INCIDENTS, POLICY, { from: T0, to: T0 + 180 * M }, 60 * M);
    expect(series.points).toEqual([
      { t: T0, value: 2 },
      { t: T0 + 60 * M, value: 0 },
      { t: T0 + 120 * M, value: 1 },
    ]);
    expect(series.groups).toEqual([{ group: { severity: 'SEV1' }, points: series.points }]);
  });
});
