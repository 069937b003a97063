/**
 * What the criteria read, from the stores: each metric's current value (the
 * metrics service's evaluation) and its value over each evaluation window
 * (measured from the events as reports measure a period), the incidents
 * open now and declared in each window, and the baselines' values that
 * change() criteria compare with, and the figures of the SLOs that
 * slo() and budget() criteria name (src/criteria/slo.ts).
 */
import { baselinesInForce } from '../baselines/service.js';
import type { Baseline } from '../baselines/types.js';
import type { Incident } from '../incidents/types.js';
import type { MetricResult } from '../metrics/evaluate.js';
import type { Plan } from '../plan/types.js';
import { basisFor, measureForPeriod, type ReportStores } from '../reports/gather.js';
import { judgeMetric } from '../metrics/evaluate.js';
import { unavailableReason } from '../metrics/unavailable.js';
import type { Criterion } from '../plan/criteria-types.js';
import type { Measured, Readings } from './evaluate.js';
import { measureSlo } from './slo.js';

function subjectKey(criterion: Criterion): string {
  const s = criterion.subject;
  if (s.kind === 'slo') return `slo:${s.figure}:${s.slo}`;
  return s.kind === 'metric' ? s.metric : s.kind === 'change' ? `change:${s.metric}:${s.baseline}` : `incidents:${s.severities.join(',')}`;
}

const key = (criterion: Criterion, windowMs: number): string => `${subjectKey(criterion)}@${windowMs}`;

/** (value − base) / |base|; null without both, or when the base is 0. */
function relative(value: number | null, base: number | null): number | null {
  return value === null || base === null || base === 0 ? null : (value - base) / Math.abs(base);
}

/** The baselines in force by name, read once, when some criterion compares with one. */
async function baselineValues(plan: Plan, stores: ReportStores, wanted: readonly { criterion: Criterion }[], now: number): Promise<Map<string, Baseline>> {
  if (!stores.baselines || !wanted.some((w) => w.criterion.subject.kind === 'change')) return new Map();
  const { baselines } = await baselinesInForce({ events: stores.events, baselines: stores.baselines }, plan, now);
  return new Map(baselines.map((b) => [b.name, b]));
}

function allCriteria(plan: Plan): { criterion: Criterion; windowMs: number }[] {
  const out: { criterion: Criterion; windowMs: number }[] = [];
  const success = plan.criteria.success;
  if (success) for (const c of [...success.must, ...success.should, ...success.nice]) out.push({ criterion: c, windowMs: c.overMs ?? success.windowMs });
  for (const phase of plan.criteria.phases) for (const c of [...phase.all, ...phase.any]) out.push({ criterion: c, windowMs: c.overMs ?? phase.windowMs });
  return out;
}

const matches = (criterion: Criterion, incident: Incident): boolean =>
  criterion.subject.kind === 'incidents' && (criterion.subject.severities.length === 0 || criterion.subject.severities.includes(incident.severity));

/** Measures everything the plan's criteria read, once per subject and window; the lookup is then pure. */
export async function gatherReadings(plan: Plan, stores: ReportStores, current: readonly MetricResult[], now: number): Promise<Readings> {
  const wanted = allCriteria(plan);
  const measured = new Map<string, Measured>();
  const longest = Math.max(0, ...wanted.map((w) => w.windowMs));
  const recent = wanted.some((w) => w.criterion.subject.kind === 'incidents') ? await stores.state.incidents({ from: now - longest, to: now }) : [];
  const open = recent.filter((i) => i.resolvedAt === null);
  const baselines = await baselineValues(plan, stores, wanted, now);
  for (const { criterion, windowMs } of wanted) {
    const k = key(criterion, windowMs);
    if (measured.has(k)) continue;
    if (criterion.subject.kind === 'incidents') {
      const declared = recent.filter((i) => i.declaredAt >= now - windowMs && i.declaredAt <= now && matches(criterion, i));
      measured.set(k, { now: open.filter((i) => matches(criterion, i)).length, window: declared.length });
      continue;
    }
    const subject = criterion.subject;
    if (subject.kind === 'slo') {
      measured.set(k, await measureSlo(plan, { events: stores.events, incidents: stores.state }, subject, windowMs, now));
      continue;
    }
    const metric = plan.metrics.find((m) => m.id === subject.metric);
    if (!metric) continue;
    const span = { from: now - windowMs, to: now + 1 };
    let unavailable: string | undefined;
    const overWindow = await measureForPeriod(stores.events, metric, span, basisFor(metric, windowMs)).then(
      (measurement) => judgeMetric(metric, measurement).value,
      // A metric that cannot be measured has no value over the window: its criteria have no data.
      (error: unknown) => ((unavailable = unavailableReason(error)), null),
    );
    const result = current.find((r) => r.id === subject.metric);
    const currentValue = result?.value ?? null;
    unavailable = result?.unavailable ?? unavailable;
    const why = unavailable !== undefined ? { unavailable } : {};
    if (subject.kind === 'change') {
      const base = baselines.get(subject.baseline)?.values[subject.metric]?.value ?? null;
      measured.set(k, { now: relative(currentValue, base), window: relative(overWindow, base), unit: 'percent', ...why });
    } else {
      measured.set(k, { now: currentValue, window: overWindow, unit: metric.unit, ...why });
    }
  }
  return (criterion, windowMs) => measured.get(key(criterion, windowMs)) ?? { now: null, window: null };
}
