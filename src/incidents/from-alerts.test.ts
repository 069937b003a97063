import { describe, expect, it } from 'vitest';
import type { AlertRule } from '../plan/alert-types.js';
import { incidentSeverity, incidentsLinking, onAlertFiring, onIncident, titleOf } from './from-alerts.js';
import { declare } from './lifecycle.js';
import type { Incident } from './types.js';

const rule = (extra: Partial<AlertRule> = {}): AlertRule => ({
  name: 'success_rate_low',
  levels: [{ severity: 'P1', condition: { kind: 'threshold', metric: 'success_rate', op: '<', value: 0.8, text: 'success_rate < 80%' } }],
  forMs: 0,
  keepFiringForMs: 0,
  summary: 'Success rate {{ value }} for {{ group.customer }}',
  labels: {},
  noData: 'keep_last',
  onError: 'alerting',
  ...extra,
});

const open = (id: string, alerts: string[], fromRule?: string): Incident => {
  const outcome = declare({ id, title: 't', severity: 'SEV1', by: 'launchwatch', alerts }, 0);
  if (outcome.kind !== 'changed') throw new Error('declare');
  return { ...outcome.incident, ...(fromRule ? { fromRule } : {}) };
};

describe('incidentSeverity', () => {
  it('declares for P1 by default, SEV1', () => {
    expect(incidentSeverity(rule(), 'P1')).toEqual({ kind: 'declare', severity: 'SEV1', reason: 'default_p1' });
    expect(incidentSeverity(rule(), 'P2')).toEqual({ kind: 'none', reason: 'not_p1' });
  });
  it('takes the alert severity with incident: true', () => {
    expect(incidentSeverity(rule({ incident: true }), 'P3')).toEqual({ kind: 'declare', severity: 'SEV3', reason: 'alert_severity' });
    expect(incidentSeverity(rule({ incident: true }), null)).toEqual({ kind: 'none', reason: 'no_severity' });
  });
  it('takes a named severity, and never declares with incident: false', () => {
    expect(incidentSeverity(rule({ incident: 'SEV2' }), 'P4')).toEqual({ kind: 'declare', severity: 'SEV2', reason: 'rule_severity' });
    expect(incidentSeverity(rule({ incident: false }), 'P1')).toEqual({ kind: 'none', reason: 'rule_disabled' });
  });
});

describe('onAlertFiring', () => {
  it('declares with a generic title (no label values) and the component of the rule', () => {
    const decision = onAlertFiring(rule({ labels: { component: 'cli' } }), { fingerprint: 'f1', severity: 'P1' }, []);
    expect(decision).toEqual({ kind: 'declare', reason: 'default_p1', severity: 'SEV1', title: 'Alert success_rate_low firing (success_rate)', components: { cli: 'major_outage' } });
  });
  it('links a new alert of the same rule to its open incident', () => {
    expect(onAlertFiring(rule(), { fingerprint: 'f2', severity: 'P1' }, [open('INC-1', ['f1'], 'success_rate_low')])).toEqual({
      kind: 'link',
      reason: 'open_incident_for_rule',
      incidentId: 'INC-1',
    });
  });
  it('does nothing for an alert already linked, or a rule that does not ask', () => {
    expect(onAlertFiring(rule(), { fingerprint: 'f1', severity: 'P1' }, [open('INC-1', ['f1'])])).toEqual({ kind: 'none', reason: 'already_linked' });
    expect(onAlertFiring(rule(), { fingerprint: 'f1', severity: 'P3' }, [])).toEqual({ kind: 'none', reason: 'not_p1' });
  });
  it('titles absent() rules by their event', () => {
    expect(titleOf(rule({ name: 'quiet', levels: [{ severity: 'P1', condition: { kind: 'absent', event: 'heartbeat', windowMs: 1, text: '' } }] }))).toBe('Alert quiet firing (heartbeat)');
  });
});

describe('incidentsLinking', () => {
  it('finds the open incidents that link an alert', () => {
    const a = open('INC-1', ['f1']);
    const b = open('INC-2', ['f2']);
    expect(incidentsLinking('f1', [a, b, { ...b, id: 'INC-3', alerts: ['f1'], status: 'resolved' }]).map((i) => i.id)).toEqual(['INC-1']);
  });
});

describe('onIncident', () => {
  const resolvedAt = (incident: Incident, at: number): Incident => ({ ...incident, status: 'resolved', resolvedAt: at });
  it('is on an incident that links it and was open at some moment since it fired', () => {
    expect(onIncident({ fingerprint: 'fp1', firedAt: 100 }, [open('INC-1', ['fp1'])])).toBe(true);
    // Resolved by a person while the alert still fires: still its incident.
    expect(onIncident({ fingerprint: 'fp1', firedAt: 100 }, [resolvedAt(open('INC-1', ['fp1']), 150)])).toBe(true);
  });
  it('is owed one when none links it, or the one that does ended before this firing began', () => {
    expect(onIncident({ fingerprint: 'fp1', firedAt: 100 }, [])).toBe(false);
    expect(onIncident({ fingerprint: 'fp1', firedAt: 100 }, [open('INC-1', ['fp2'])])).toBe(false);
    expect(onIncident({ fingerprint: 'fp1', firedAt: 100 }, [resolvedAt(open('INC-1', ['fp1']), 50)])).toBe(false);
  });
});
