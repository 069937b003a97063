/**
 * An embedded installation with data in every table, for the tests of
 * `launchwatch migrate`, and what its stores hold, read through the ports
 * (the same reads on the scale-out stores must give the same answers).
 */
import type { NotificationRequest } from '../../src/alerting/types.js';
import { compile } from '../../src/metrics/compile.js';
import type { Plan } from '../../src/plan/types.js';
import type { Stores } from '../../src/store/backends.js';
import { openEmbeddedStores } from '../../src/store/duckdb/index.js';
import type { AdmittedEvent, Measurement, MetricSample } from '../../src/store/types.js';
import { instance } from '../contract/alert-store.js';
import { incident } from '../contract/incident-store.js';

export const T0 = Date.parse('2026-11-20T12:00:00Z');
const MIN = 60_000;
export const RANGE = { from: T0 - 8 * 86_400_000, to: T0 + 86_400_000 };

function notification(id: string, createdAt: number): NotificationRequest {
  return { id, channel: 'team', kind: 'alert', groupKey: 'g1', groupLabels: { alertname: 'rate_drop' }, status: 'firing', alerts: [], createdAt };
}

/** 60 generations, 25 executions and 10 session starts over the last days, over 7 users and 5 sessions. */
export function plannedEvents(): AdmittedEvent[] {
  const events: AdmittedEvent[] = [];
  for (let i = 0; i < 60; i++) {
    events.push({
      id: `gen-${i}`,
      type: 'command_generation',
      ts: T0 - i * 97 * MIN,
      userId: `u${i % 7}`,
      sessionId: `s${i % 5}`,
      properties: { backend: i % 3 === 0 ? 'embedded' : 'static', success: i % 4 !== 0, duration_ms: 40 + ((i * 37) % 900), error_category: i % 4 === 0 ? 'timeout' : null },
    });
  }
  for (let i = 0; i < 25; i++) {
    // gen-3 as an execution id too: ids are per event type.
    events.push({ id: i === 0 ? 'gen-3' : `exe-${i}`, type: 'command_execution', ts: T0 - i * 211 * MIN, userId: `u${i % 6}`, sessionId: null, properties: { success: i % 5 !== 0 } });
  }
  for (let i = 0; i < 10; i++) {
    events.push({ id: `ses-${i}`, type: 'session_start', ts: T0 - i * 600 * MIN, userId: `u${i}`, sessionId: `s${i % 5}`, properties: { platform: i % 2 ? 'macos' : 'linux', shell_type: i % 3 ? 'zsh' : null } });
  }
  return events;
}

/** Fills an embedded installation under `dir` (closed after). */
export async function fillEmbedded(dir: string, plan: Plan): Promise<void> {
  const stores = await openEmbeddedStores(dir);
  try {
    await stores.events.prepare(plan.events);
    const events = plannedEvents();
    await stores.events.append(events.slice(0, 50));
    // Sent again (the same ids): stored once.
    await stores.events.append(events.slice(40));
    const s = stores.state;
    await s.commitAlerting({
      instances: [instance('a1'), instance('a2', { state: 'pending' }), instance('a3', { fingerprint: 'a3', state: 'resolved', resolvedAt: T0 })],
      removedInstances: [],
      transitions: [
        { fingerprint: 'a1', rule: 'rate_drop', from: 'inactive', to: 'pending', severity: 'P1', value: 0.7, at: T0 - 5 * MIN, reason: 'condition_met' },
        { fingerprint: 'a1', rule: 'rate_drop', from: 'pending', to: 'firing', severity: 'P1', value: 0.7, at: T0, reason: 'for_elapsed' },
        { fingerprint: 'a2', rule: 'rate_drop', from: 'inactive', to: 'pending', severity: null, value: null, at: T0, reason: 'condition_met' },
      ],
      groups: [{ key: 'g1', route: 0, labels: { alertname: 'rate_drop' }, createdAt: T0, nextFlushAt: T0 + 30_000, sent: {} }],
      removedGroups: [],
      notifications: [notification('n1', T0), notification('n2', T0 + 1), notification('n3', T0 + 2), notification('n4', T0 + 3)],
    });
    await s.markSent('n1', T0 + 1000);
    await s.markRetry('n2', T0 + 60_000, 2, 'connection refused');
    await s.markFailed('n3', T0 + 9000, 5, 'HTTP 400');
    await s.putSilence({ id: 'sil-1', matchers: [], startsAt: T0, endsAt: T0 + 3_600_000, createdBy: 'ana', comment: 'deploy', updatedAt: T0 });
    for (let n = 0; n < 3; n++) {
      const id = await s.nextIncidentId();
      const at = T0 + n * MIN;
      await s.putIncident(incident(id, { declaredAt: at, ...(n === 0 ? { status: 'resolved', resolvedAt: at + MIN } : {}) }), [
        { incidentId: id, at, kind: 'declared', by: 'ana', text: 'declared', public: true },
        { incidentId: id, at, kind: 'note', by: 'ana', text: 'same moment, written second', public: false },
      ]);
      await s.appendTimeline([{ incidentId: id, at: at + 1000, kind: 'note', by: 'ben', text: 'looking', public: false }]);
      const item = await s.nextActionItemId();
      await s.putActionItem({ id: item, incidentId: id, title: 'Add a canary', owner: 'ben', dueAt: T0 + 86_400_000, done: n === 1, createdAt: at }, []);
    }
    await s.recordSamples(
      Array.from({ length: 40 }, (_, i): MetricSample => ({ metricId: i % 2 ? 'awu' : 'mean_latency', group: i % 4 === 0 ? { backend: 'static' } : {}, ts: T0 - i * MIN, value: i % 9 ? i * 1.5 : null, status: 'green' })),
    );
    await stores.releases.addRelease({ version: '1.2.0', at: T0 - 86_400_000, notes: 'faster', recordedAt: T0 });
    await stores.baselines.putBaseline({ name: 'launch', source: 'measured', range: { from: T0 - 86_400_000, to: T0 }, takenAt: T0, values: { p95: { value: 812.5, events: 40, groups: [] } } });
    await stores.backlog.nextBacklogId();
    await stores.github.putIssues('acme/cli', [{ number: 7, title: 'crash', state: 'open', labels: ['bug'], author: 'zed', createdAt: T0 - MIN, closedAt: null, updatedAt: T0 }]);
    await stores.github.recordFirstResponses('acme/cli', [{ number: 7, at: T0 }]);
    await stores.github.putCursor('acme/cli', { issuesSince: '2026-11-20T12:00:00Z', issuesEtag: 'W/"1"', commentsSince: null, commentsEtag: null });
    await stores.github.recordAppliedLabel('acme/cli', 7, 'needs-triage', T0);
    await stores.digests.recordDigestRun({ digest: 'weekly', slot: T0 - 7 * 86_400_000, kind: 'initialised', period: null, recordedAt: T0 - 7 * 86_400_000, notifications: 0 }, []);
    await stores.privacy.setIngestSwitch({ paused: false, by: 'ana', at: T0 }, { at: T0, action: 'resume', actor: 'ana', details: {} });
    await stores.privacy.appendAudit({ at: T0 + 1, action: 'export_user', actor: 'ana', subject: 'sha256:00', details: { rows: 3 } });
    await stores.oncall.putOverride({ id: 'ovr_01', schedule: 'primary', person: 'ben', from: T0, to: T0 + 3_600_000, createdAt: T0 - MIN, createdBy: 'ana' });
    await stores.oncall.putOverride({ id: 'ovr_02', schedule: 'secondary', person: 'ana', from: T0 + 86_400_000, to: T0 + 2 * 86_400_000, createdAt: T0, createdBy: 'api' });
    await stores.oncall.recordHandoffNotice('primary:ben:1763640000000', T0 - 10 * MIN, []);
    await stores.talk.recordTalk({ key: 'announce:INC-1:declared:0', kind: 'announcement', incidentId: 'INC-1', at: T0, recordedAt: T0 + 5, notifications: 0 }, []);
    await stores.talk.recordTalk({ key: 'stakeholders:INC-2:1', kind: 'stakeholder_update', incidentId: 'INC-2', at: T0 + MIN, recordedAt: T0 + MIN, notifications: 0 }, []);
    await stores.talk.putSubscriber({ id: 'sub-1', kind: 'email', address: 'ana@example.com', components: ['api'], confirmHash: null, unsubscribeToken: 'tok-1', createdAt: T0 - MIN, confirmedAt: T0 });
    await stores.talk.putSubscriber({ id: 'sub-2', kind: 'webhook', address: 'https://hooks.example.com/status', components: [], confirmHash: 'ab'.repeat(32), unsubscribeToken: 'tok-2', createdAt: T0, confirmedAt: null });
    await stores.talk.putMaintenance({ id: 'mnt-1', components: ['api'], from: T0 + 86_400_000, to: T0 + 86_400_000 + 3_600_000, message: 'Database upgrade', createdAt: T0, createdBy: 'ana' });
  } finally {
    await stores.close();
  }
}

/** What the stores hold, read through the ports, and every event metric of the plan measured over RANGE. */
export async function snapshot(stores: Stores, plan: Plan): Promise<Record<string, unknown>> {
  const s = stores.state;
  const incidents = await s.incidents({});
  const measures: Record<string, Measurement> = {};
  for (const metric of plan.metrics) {
    if (compile(metric).shape !== 'figure') measures[metric.id] = await stores.events.measure(metric, RANGE);
  }
  return {
    alerting: await s.loadAlerting(),
    history: await s.alertHistory({}),
    notifications: await s.notifications({ limit: 100 }),
    due: await s.due(T0 + 86_400_000, 100),
    retrying: await s.retrying(),
    silences: await s.silences(),
    incidents,
    timelines: await Promise.all(incidents.map((i) => s.timeline(i.id))),
    actionItems: await Promise.all(incidents.map((i) => s.actionItems(i.id))),
    samples: [await s.samples('awu', RANGE), await s.samples('mean_latency', RANGE, { backend: 'static' })],
    releases: await stores.releases.releases(),
    baselines: await stores.baselines.baselines(),
    issues: await stores.github.issues('acme/cli'),
    cursor: await stores.github.cursor('acme/cli'),
    labels: [...(await stores.github.appliedLabels('acme/cli'))],
    digests: await stores.digests.digestRuns('weekly'),
    ingestSwitch: await stores.privacy.ingestSwitch(),
    audit: await stores.privacy.audit(100),
    overrides: await stores.oncall.overrides(),
    talk: [await stores.talk.talkRecords('INC-1'), await stores.talk.talkRecords('INC-2'), await stores.talk.talkRecord('announce:INC-1:declared:0')],
    subscribers: [await stores.talk.subscribers({}), await stores.talk.subscribers({ confirmed: true })],
    maintenance: await stores.talk.maintenanceWindows(0),
    measures: roundFloats(measures),
  };
}

/**
 * Numbers to 12 significant digits: a quantile's interpolation is the same formula on both backends, but
 * ClickHouse and DuckDB may round its last bit differently (855.25 and 855.2499999999999).
 */
function roundFloats(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? value : Number(value.toPrecision(12));
  if (Array.isArray(value)) return value.map(roundFloats);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, roundFloats(v)]));
  return value;
}
