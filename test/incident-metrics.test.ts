/**
 * Incident figures as plan metrics on the real server: incidents declared and
 * acknowledged over the API (fake clock) give MTTA, open counts and
 * compliance in /api/v1/metrics with their status against the targets, in the
 * recorded history and the series, and drive an alert rule like any metric.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.js';
import { planFrom } from './helpers/plan.js';

const M = 60_000;
const T0 = Date.parse('2026-03-02T10:00:00Z');
let clock = T0;
let t: TestApp;

beforeAll(async () => {
  const plan = planFrom(`
version: 1
product: { name: figures }
events:
  req: { ms: number }
metrics:
  mtta_sev1: { incidents: { figure: mtta, severity: SEV1 }, window: 30d, target: { green: "<= 5m", yellow: "<= 15m" } }
  open_incidents: { incidents: { figure: open }, by: severity, window: 1m, targets: [ { group: { severity: SEV1 }, green: "< 1" } ] }
  response_kept: { incidents: { figure: response_compliance }, window: 30d, target: { green: ">= 90%" } }
  declared: { incidents: { figure: declared }, window: 1d }
  lat: { from: req, mean: ms, window: 5m, unit: ms }
alerts:
  - { name: slow_response, when: "mtta_sev1 > 5m", severity: P2 }
`);
  t = await startTestApp({ plan, now: () => clock });
});
afterAll(async () => {
  await t.close();
});

interface MetricJson {
  id: string;
  kind: string;
  unit: string;
  value: number | null;
  status: string;
  events: number;
  groups: { group: Record<string, string>; value: number | null; status: string }[];
}

async function metrics(): Promise<Map<string, MetricJson>> {
  const { json } = await t.get('/api/v1/metrics');
  return new Map((json as { metrics: MetricJson[] }).metrics.map((m) => [m.id, m]));
}

const post = (path: string, body: unknown) => t.post(path, JSON.stringify(body));

describe('incident metrics', () => {
  it('are measured from the incidents, judged, recorded, charted and alerted on', async () => {
    let m = await metrics();
    expect(m.get('mtta_sev1')).toMatchObject({ kind: 'incidents', unit: 'ms', value: null, status: 'unknown', events: 0 });
    expect(m.get('open_incidents')?.groups.map((g) => [g.group.severity, g.value])).toEqual([['SEV1', 0], ['SEV2', 0], ['SEV3', 0], ['SEV4', 0]]);
    expect(m.get('open_incidents')?.status).toBe('green');

    expect((await post('/api/v1/incidents', { title: 'Checkout is down', severity: 'SEV1', by: 'cleo' })).status).toBe(201);
    clock = T0 + 2 * M;
    expect((await post('/api/v1/incidents', { title: 'Search is slow', severity: 'SEV2', by: 'cleo' })).status).toBe(201);
    // Acknowledged after 10 minutes: yellow (<= 15m), and the 5-minute response target missed.
    clock = T0 + 10 * M;
    expect((await post('/api/v1/incidents/INC-1/ack', { by: 'ana' })).status).toBe(201);
    clock = T0 + 11 * M;
    expect((await post('/api/v1/incidents/INC-2/ack', { by: 'ana' })).status).toBe(201);

    m = await metrics();
    expect(m.get('mtta_sev1')).toMatchObject({ value: 10 * M, status: 'yellow', events: 1 });
    expect(m.get('open_incidents')).toMatchObject({ value: 2, status: 'red' });
    expect(m.get('open_incidents')?.groups.map((g) => [g.group.severity, g.value, g.status])).toEqual([
      ['SEV1', 1, 'red'],
      ['SEV2', 1, 'unknown'],
      ['SEV3', 0, 'unknown'],
      ['SEV4', 0, 'unknown'],
    ]);
    // SEV1 missed its 5m, SEV2 kept its 15m.
    expect(m.get('response_kept')).toMatchObject({ value: 0.5, status: 'red', events: 2 });
    expect(m.get('lat')).toMatchObject({ kind: 'mean', value: null });

    // The scheduler's evaluation records the values and ticks the alert engine: the rule fires.
    await t.app.evaluateAndRecord();
    const history = await t.get(`/api/v1/metrics/mtta_sev1/history?from=${T0}&to=${T0 + 60 * M}`);
    expect((history.json as { samples: { t: number; value: number; status: string }[] }).samples).toEqual([{ t: T0 + 11 * M, group: {}, value: 10 * M, status: 'yellow' }]);
    const alerts = (await t.get('/api/v1/alerts')).json as { alerts: { labels: Record<string, string>; state: string; value: number }[] };
    expect(alerts.alerts.map((a) => [a.labels.alertname, a.state, a.value])).toEqual([['slow_response', 'firing', 10 * M]]);

    // The series: incidents declared per 5-minute bucket.
    const series = await t.get(`/api/v1/metrics/declared/series?from=${T0}&to=${T0 + 15 * M}&step=5m`);
    expect((series.json as { points: unknown[] }).points).toEqual([
      { t: T0, value: 2 },
      { t: T0 + 5 * M, value: 0 },
      { t: T0 + 10 * M, value: 0 },
    ]);

    // Both resolved: nothing open over the last minute.
    clock = T0 + 20 * M;
    await post('/api/v1/incidents/INC-1/resolve', { by: 'ana' });
    await post('/api/v1/incidents/INC-2/resolve', { by: 'ana' });
    clock = T0 + 22 * M;
    m = await metrics();
    expect(m.get('open_incidents')).toMatchObject({ value: 0, status: 'green' });
    expect(m.get('declared')).toMatchObject({ value: 2 });
  });
});
