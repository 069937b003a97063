/** The lifecycle as a timeline with plain values: at t=… do X, expect the incident and the entries written. */
import { describe, expect, it } from 'vitest';
import type { IncidentPolicy } from '../plan/incident-types.js';
import { DEFAULT_SEVERITIES } from '../plan/incidents.js';
import { acknowledge, addActionItem, changeActionItem, changeStatus, declare, postmortemWritten, resolve, update, type Outcome } from './lifecycle.js';
import type { Incident } from './types.js';

const T0 = Date.parse('2026-11-20T12:00:00Z');
const MIN = 60_000;
const POLICY: IncidentPolicy = { severities: DEFAULT_SEVERITIES, postmortemWithinMs: 24 * 60 * MIN, paging: {}, roles: ['commander'] };

function changed(outcome: Outcome): Extract<Outcome, { kind: 'changed' }> {
  if (outcome.kind !== 'changed') throw new Error(`expected a change, got ${outcome.kind}: ${outcome.reason}`);
  return outcome;
}

const declared = (overrides: Partial<Parameters<typeof declare>[0]> = {}) =>
  changed(declare({ id: 'INC-1', title: 'Command generation failing', severity: 'SEV2', by: 'ben', commander: 'ana', components: { cli: 'degraded' }, ...overrides }, T0));

describe('declare', () => {
  it('opens an incident investigating, with a public entry carrying the title and an internal note with the details', () => {
    const { incident, entries, reason } = declared({ summary: 'errors since the 11:50 deploy', alerts: ['fp1'] });
    expect(reason).toBe('declared');
    expect(incident).toMatchObject({ id: 'INC-1', status: 'investigating', commander: 'ana', declaredAt: T0, declaredBy: 'ben', acknowledgedAt: null, lastUpdateAt: T0, alerts: ['fp1'], summary: 'errors since the 11:50 deploy' });
    expect(entries.map((e) => [e.kind, e.public, e.text])).toEqual([
      ['declared', true, 'Command generation failing'],
      ['note', false, 'SEV2 declared by ben; commander ana; components: cli degraded\nerrors since the 11:50 deploy'],
    ]);
    expect(entries.every((e) => e.incidentId === 'INC-1' && e.at === T0 && e.by === 'ben')).toBe(true);
  });

  it('is acknowledged at once when the declarer takes command, and writes a first public update when given', () => {
    const { incident, entries } = declared({ by: 'ana', publicUpdate: 'We are investigating failures.' });
    expect(incident.acknowledgedAt).toBe(T0);
    expect(entries.map((e) => e.kind)).toEqual(['declared', 'note', 'acknowledged', 'public_update']);
    expect(entries.at(-1)).toMatchObject({ public: true, text: 'We are investigating failures.' });
  });

  it('pages through the given escalation policy from step 1, unless the declarer took command (acknowledged)', () => {
    const { incident, entries } = declared({ paging: 'default' });
    expect(incident.paging).toEqual({ policy: 'default', stepsPaged: 0 });
    expect(entries[1]?.text).toBe('SEV2 declared by ben; commander ana; components: cli degraded; paging through escalation default until acknowledged');
    const commanded = declared({ paging: 'default', by: 'ana' }).incident;
    expect(commanded.acknowledgedAt).toBe(T0);
    expect(commanded.paging).toBeUndefined();
    expect(declared().incident.paging).toBeUndefined();
  });

  it('refuses an impact that starts in the future, and keeps one that started earlier', () => {
    expect(declare({ id: 'INC-1', title: 't', severity: 'SEV3', by: 'ana', startedAt: T0 + 1 }, T0)).toMatchObject({ kind: 'rejected', reason: 'started_in_future' });
    expect(declared({ startedAt: T0 - 10 * MIN }).incident.startedAt).toBe(T0 - 10 * MIN);
  });
});

describe('a whole incident as a timeline', () => {
  it('acknowledge, identify, monitor, resolve: each step its time and entries; the post-mortem falls due', () => {
    let incident: Incident = declared().incident;
    // t=3m ana acknowledges
    let step = changed(acknowledge(incident, 'ana', T0 + 3 * MIN));
    incident = step.incident;
    expect(incident.acknowledgedAt).toBe(T0 + 3 * MIN);
    expect(step.entries).toMatchObject([{ kind: 'acknowledged', by: 'ana', at: T0 + 3 * MIN, public: false }]);
    expect(acknowledge(incident, 'ben', T0 + 4 * MIN)).toMatchObject({ kind: 'unchanged', reason: 'already_acknowledged' });
    // t=10m identified
    step = changed(changeStatus(incident, 'identified', 'ana', T0 + 10 * MIN, POLICY));
    incident = step.incident;
    expect(step.entries).toMatchObject([{ kind: 'status_changed', text: 'investigating → identified', public: true }]);
    expect(incident.lastUpdateAt).toBe(T0 + 10 * MIN);
    expect(changeStatus(incident, 'identified', 'ana', T0 + 11 * MIN, POLICY)).toMatchObject({ kind: 'unchanged', reason: 'same_status' });
    // t=20m monitoring: the impact stopped
    incident = changed(changeStatus(incident, 'monitoring', 'ana', T0 + 20 * MIN, POLICY)).incident;
    expect(incident.mitigatedAt).toBe(T0 + 20 * MIN);
    // t=40m resolved
    step = changed(resolve(incident, { by: 'ana' }, T0 + 40 * MIN, POLICY));
    incident = step.incident;
    expect(incident).toMatchObject({ status: 'resolved', resolvedAt: T0 + 40 * MIN, mitigatedAt: T0 + 20 * MIN, postmortemDueAt: T0 + 40 * MIN + 24 * 60 * MIN });
    expect(step.entries.map((e) => [e.kind, e.public])).toEqual([
      ['resolved', true],
      ['note', false],
    ]);
    // resolved is final
    expect(changeStatus(incident, 'investigating', 'ana', T0 + 50 * MIN, POLICY)).toMatchObject({ kind: 'rejected', reason: 'already_resolved' });
    expect(resolve(incident, { by: 'ana' }, T0 + 50 * MIN, POLICY)).toMatchObject({ kind: 'rejected', reason: 'already_resolved' });
    expect(acknowledge(incident, 'ana', T0 + 50 * MIN)).toMatchObject({ kind: 'rejected', reason: 'already_resolved' });
  });

  it('going back from monitoring means the impact returned: mitigation is cleared, and set again later', () => {
    let incident = changed(changeStatus(declared().incident, 'monitoring', 'ana', T0 + 5 * MIN, POLICY)).incident;
    incident = changed(changeStatus(incident, 'investigating', 'ana', T0 + 8 * MIN, POLICY)).incident;
    expect(incident.mitigatedAt).toBeNull();
    incident = changed(changeStatus(incident, 'monitoring', 'ana', T0 + 30 * MIN, POLICY)).incident;
    expect(incident.mitigatedAt).toBe(T0 + 30 * MIN);
  });

  it('resolving without monitoring first counts the resolution as the mitigation; SEV3 owes no post-mortem', () => {
    const incident = changed(resolve(declared({ severity: 'SEV3' }).incident, { by: 'ana', text: 'Fixed.', public: true }, T0 + 30 * MIN, POLICY)).incident;
    expect(incident).toMatchObject({ mitigatedAt: T0 + 30 * MIN, postmortemDueAt: null });
  });

  it('the first action of a person acknowledges; automatic ones do not', () => {
    const status = changed(changeStatus(declared().incident, 'identified', 'ben', T0 + 7 * MIN, POLICY));
    expect(status.incident.acknowledgedAt).toBe(T0 + 7 * MIN);
    expect(status.entries.map((e) => e.kind)).toEqual(['acknowledged', 'status_changed']);
    const auto = changed(changeStatus(declared().incident, 'identified', 'launchwatch', T0 + 7 * MIN, POLICY));
    expect(auto.incident.acknowledgedAt).toBeNull();
    const resolved = changed(resolve(declared().incident, { by: 'ben' }, T0 + 9 * MIN, POLICY));
    expect(resolved.incident.acknowledgedAt).toBe(T0 + 9 * MIN);
  });
});

describe('update', () => {
  const open = declared().incident;

  it('writes a note, or a public update, and moves the last update time', () => {
    const note = changed(update(open, { text: 'rolling back 4f2a' }, 'ana', T0 + 5 * MIN, POLICY));
    expect(note.entries.map((e) => [e.kind, e.public, e.text])).toEqual([
      ['acknowledged', false, 'acknowledged by ana (updated the incident)'],
      ['note', false, 'rolling back 4f2a'],
    ]);
    expect(note.incident.lastUpdateAt).toBe(T0 + 5 * MIN);
    const pub = changed(update(note.incident, { text: 'A fix is being deployed.', public: true }, 'ana', T0 + 6 * MIN, POLICY));
    expect(pub.entries).toMatchObject([{ kind: 'public_update', public: true, text: 'A fix is being deployed.' }]);
  });

  it('changes severity, commander, components, restore time and status in one change, each with its entry', () => {
    const input = { text: 'worse than thought', severity: 'SEV1' as const, commander: 'cleo', components: { cli: 'major_outage' as const, telemetry: 'degraded' as const }, eta: T0 + 60 * MIN, status: 'identified' as const };
    const step = changed(update({ ...open, acknowledgedAt: T0 }, input, 'ana', T0 + 5 * MIN, POLICY));
    expect(step.incident).toMatchObject({ severity: 'SEV1', commander: 'cleo', components: { cli: 'major_outage', telemetry: 'degraded' }, eta: T0 + 60 * MIN, status: 'identified' });
    expect(step.entries.map((e) => [e.kind, e.text])).toEqual([
      ['severity_changed', 'SEV2 → SEV1'],
      ['commander_changed', 'commander: ana → cleo'],
      ['note', 'components: cli degraded → major_outage, telemetry operational → degraded'],
      ['note', 'service expected back by 2026-11-20T13:00:00.000Z'],
      ['note', 'worse than thought'],
      ['status_changed', 'investigating → identified'],
    ]);
  });

  it('resolving with a public text makes that text the resolution entry', () => {
    const step = changed(update(open, { text: 'All commands work again.', public: true, status: 'resolved' }, 'ana', T0 + 30 * MIN, POLICY));
    expect(step.entries.filter((e) => e.public).map((e) => [e.kind, e.text])).toEqual([['resolved', 'All commands work again.']]);
    expect(step.incident.status).toBe('resolved');
  });

  it('changes nothing when nothing differs, and on a resolved incident takes notes but no state', () => {
    expect(update(open, { severity: 'SEV2', components: { cli: 'degraded' } }, 'ana', T0 + MIN, POLICY)).toMatchObject({ kind: 'unchanged', reason: 'nothing_to_change' });
    const resolved = changed(resolve(open, { by: 'ana' }, T0 + 10 * MIN, POLICY)).incident;
    const note = changed(update(resolved, { text: 'customer reports confirm' }, 'ben', T0 + 20 * MIN, POLICY));
    expect(note.incident.lastUpdateAt).toBe(T0 + 10 * MIN);
    expect(update(resolved, { status: 'monitoring' }, 'ben', T0 + 20 * MIN, POLICY)).toMatchObject({ kind: 'rejected', reason: 'already_resolved' });
  });
});

describe('post-mortem and action items', () => {
  it('marks the post-mortem written once, only after resolution', () => {
    const open = declared().incident;
    expect(postmortemWritten(open, { by: 'ana' }, T0)).toMatchObject({ kind: 'rejected', reason: 'not_resolved' });
    const resolved = changed(resolve(open, { by: 'ana' }, T0 + MIN, POLICY)).incident;
    const written = changed(postmortemWritten(resolved, { by: 'ana', text: 'https://wiki/pm/1' }, T0 + 60 * MIN));
    expect(written.incident.postmortemWrittenAt).toBe(T0 + 60 * MIN);
    expect(written.entries).toMatchObject([{ kind: 'postmortem', text: 'post-mortem written by ana: https://wiki/pm/1' }]);
    expect(postmortemWritten(written.incident, { by: 'ana' }, T0 + 61 * MIN)).toMatchObject({ kind: 'unchanged', reason: 'postmortem_already_written' });
  });

  it('adds an action item with an internal note, and marks it done', () => {
    const added = addActionItem(declared().incident, { id: 'AI-1', title: 'Canary deploys', owner: 'ben', dueAt: Date.parse('2026-12-01T00:00:00Z') }, 'ana', T0);
    expect(added.item).toEqual({ id: 'AI-1', incidentId: 'INC-1', title: 'Canary deploys', owner: 'ben', dueAt: Date.parse('2026-12-01T00:00:00Z'), done: false, createdAt: T0 });
    expect(added.entries).toMatchObject([{ kind: 'note', public: false, text: 'action item AI-1: Canary deploys (owner ben, due 2026-12-01T00:00:00.000Z)' }]);
    const done = changeActionItem(added.item, { done: true }, 'ben', T0 + MIN);
    expect(done.item.done).toBe(true);
    expect(done.entries[0]?.text).toBe('action item AI-1 done: Canary deploys');
  });
});
