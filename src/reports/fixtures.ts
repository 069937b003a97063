/**
 * Fixed report sources for the unit and snapshot tests: a small caro-like
 * plan, a week of measurements against the week before, alerts, incidents,
 * a release and a regression, with a hostile metric title.
 */
import type { Transition } from '../alerting/types.js';
import type { Incident } from '../incidents/types.js';
import { formatPlanError, loadPlanText } from '../plan/load.js';
import type { Plan } from '../plan/types.js';
import type { Measurement } from '../store/types.js';
import type { MetricPeriod, ReportSource, RetentionTable, SloPeriod } from './model.js';
import { monthPeriod, parseWeek, previous, weeksOf, type Period } from './period.js';
import { retentionTables } from './retention.js';

export const HOSTILE_TITLE = 'Latency <script>alert(1)</script> | p95';

export const PLAN_YAML = `
version: 1
product: { name: caro }
events:
  gen: { success: boolean, backend: { enum: [static, embedded] }, ms: number }
  run: { success: boolean }
metrics:
  awu: { title: Active weekly users, from: run, distinct: user_id, window: 7d, target: { green: ">= 150", yellow: ">= 100" } }
  success_rate: { title: Command success rate, from: gen, ratio: { success: true }, window: 24h, target: { green: ">= 86%", yellow: ">= 80%" } }
  latency_p95:
    title: "${HOSTILE_TITLE}"
    from: gen
    quantile: { of: ms, q: 0.95 }
    by: backend
    window: 24h
    unit: ms
    targets:
      - { group: { backend: static }, green: "< 100" }
      - { group: { backend: embedded }, green: "< 2000" }
  daily_users: { title: Daily users, from: run, distinct: user_id, window: 24h }
  retention_30d: { title: Installs in 30 days, from: run, count: true, window: 30d, target: { green: "> 1000" } }
slos:
  gen_success:
    title: "Generation <b>ok</b> | success"
    objective: 99%
    window: 7d
    sli: { events: gen, good: { success: true } }
    by: backend
    alerts: { page: { severity: P1 } }
reports:
  summary: [awu, success_rate]
`;

export function fixturePlan(): Plan {
  const result = loadPlanText(PLAN_YAML, 'fixture.yaml', {});
  if (result.kind !== 'ok') throw new Error(result.errors.map(formatPlanError).join('\n'));
  return result.plan;
}

export function week(label: string): Period {
  const result = parseWeek(label);
  if (result.kind !== 'ok') throw new Error(result.reason);
  return result.period;
}

export const W47 = week('2026-W47');
export const GENERATED = Date.parse('2026-11-23T09:00:00Z');
const H = 3_600_000;
const M = 60_000;

const whole = (value: number | null, events = 100): Measurement => ({ value, events, groups: [] });

export const METRICS: readonly MetricPeriod[] = [
  { metricId: 'awu', basis: 'period', current: whole(162), previous: whole(140), daily: [40, 52, 61, 58, 70, 33, 29] },
  { metricId: 'success_rate', basis: 'period', current: whole(0.842), previous: whole(0.871), daily: [0.88, 0.86, 0.83, null, 0.81, 0.84, 0.85] },
  {
    metricId: 'latency_p95',
    basis: 'period',
    current: { value: 900, events: 400, groups: [{ group: { backend: 'static' }, value: 85, events: 300 }, { group: { backend: 'embedded' }, value: 2300, events: 100 }] },
    previous: { value: 880, events: 380, groups: [{ group: { backend: 'static' }, value: 80, events: 290 }, { group: { backend: 'embedded' }, value: 1900, events: 90 }] },
    daily: [870, 910, 905, 950, 880, 890, 900],
  },
  { metricId: 'daily_users', basis: 'mean_of_windows', current: whole(48.5), previous: whole(48.4), daily: [40, 52, 61, 58, 70, 33, 29] },
  { metricId: 'retention_30d', basis: 'window_at_end', current: whole(null, 0), previous: whole(null, 0), daily: [null, null, null, null, null, null, null] },
];

export const ALERTS: readonly Transition[] = [
  { fingerprint: 'fp-1', rule: 'success_rate_low', from: 'pending', to: 'firing', severity: 'P2', value: 0.79, at: W47.from + 2 * 24 * H + 10 * H, reason: 'for_elapsed' },
  { fingerprint: 'fp-1', rule: 'success_rate_low', from: 'firing', to: 'resolved', severity: 'P2', value: 0.83, at: W47.from + 2 * 24 * H + 12 * H, reason: 'condition_cleared' },
  { fingerprint: 'fp-2', rule: 'latency_high', from: 'inactive', to: 'firing', severity: 'P1', value: 5200, at: W47.from + 4 * 24 * H, reason: 'condition_met' },
  // Before the week: not listed.
  { fingerprint: 'fp-3', rule: 'old', from: 'inactive', to: 'firing', severity: 'P3', value: 1, at: W47.from - H, reason: 'condition_met' },
];

function incident(fields: Partial<Incident> & Pick<Incident, 'id' | 'declaredAt' | 'severity'>): Incident {
  return {
    title: `Incident ${fields.id}`,
    status: 'investigating',
    commander: null,
    components: {},
    alerts: [],
    declaredBy: 'ana',
    acknowledgedAt: null,
    mitigatedAt: null,
    resolvedAt: null,
    lastUpdateAt: fields.declaredAt,
    postmortemDueAt: null,
    postmortemWrittenAt: null,
    ...fields,
  };
}

export const INCIDENTS: readonly Incident[] = [
  incident({ id: 'INC-7', severity: 'SEV1', title: 'Embedded backend down', declaredAt: W47.from + 4 * 24 * H, acknowledgedAt: W47.from + 4 * 24 * H + 4 * M, resolvedAt: W47.from + 4 * 24 * H + 50 * M, status: 'resolved' }),
  incident({ id: 'INC-8', severity: 'SEV3', title: 'Slow installs on | arm64', declaredAt: W47.from + 6 * 24 * H, acknowledgedAt: W47.from + 6 * 24 * H + 20 * M }),
];

/**
 * The week of the SLO (99 % over 7 d, the week itself): 12 bad events of 2000 against a budget of 20, all on the
 * embedded backend, in one burst on day 4 that INC-7 overlaps.
 */
export const SLOS: readonly SloPeriod[] = [
  {
    sloId: 'gen_success',
    period: { good: 1988, total: 2000 },
    atEnd: { good: 1988, total: 2000 },
    groups: [
      { group: { backend: 'embedded' }, period: { good: 488, total: 500 }, atEnd: { good: 488, total: 500 } },
      { group: { backend: 'static' }, period: { good: 1500, total: 1500 }, atEnd: { good: 1500, total: 1500 } },
    ],
    burned: [[W47.from + 4 * 24 * H + 10 * M, W47.from + 4 * 24 * H + 30 * M]],
  },
];

export function weeklySource(overrides: Partial<ReportSource> = {}): ReportSource {
  return {
    plan: fixturePlan(),
    period: W47,
    previous: previous(W47),
    generatedAt: GENERATED,
    metrics: METRICS,
    alerts: ALERTS,
    incidents: INCIDENTS,
    releases: [{ version: '1.1.0-beta.2', at: W47.from + 3 * 24 * H, notes: 'Faster <static> matcher' }],
    regressions: [{ metricId: 'latency_p95', title: HOSTILE_TITLE, unit: 'ms', group: { backend: 'embedded' }, baseline: 'launch', baselineValue: 1800, value: 2300, degradation: 0.2778 }],
    slos: SLOS,
    ...overrides,
  };
}

export const NOVEMBER = monthPeriod(2026, 11);

/** A plan with a retention metric (and a count, whose cohorts are ignored). */
export function cohortPlan(): Plan {
  const result = loadPlanText(
    `
version: 1
product: { name: caro }
events:
  session: { shell: string }
metrics:
  day7_retention: { title: Day 7 retention, from: session, retention: { after: 7d }, window: 7d, target: { green: ">= 40%" } }
  sessions: { from: session, count: true, window: 7d }
`,
    'cohorts.yaml',
    {},
  );
  if (result.kind !== 'ok') throw new Error(result.errors.map(formatPlanError).join('\n'));
  return result.plan;
}

/** November's cohorts, activity counted up to Dec 3: the last weeks not complete yet; W49 (Nov 30 alone) has nobody. */
export const COHORT_TABLES: readonly RetentionTable[] = retentionTables(cohortPlan(), [
  {
    metricId: 'day7_retention',
    asOf: Date.parse('2026-12-03T09:00:00Z'),
    weeks: weeksOf(NOVEMBER).map((period, i) => ({ period, size: [12, 40, 35, 50, 20, 0][i] ?? 0, retained: [6, 18, 14, 21, 3, 0][i] ?? 0 })),
  },
  { metricId: 'sessions', asOf: 0, weeks: [] },
]);
