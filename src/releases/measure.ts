/** Gathers what releaseImpact needs from the stores: each metric measured over both windows, and the evidence its test needs. */
import type { MetricSpec, Plan } from '../plan/types.js';
import { DEFAULT_VALUE_LIMIT, type EventValueReader, type ValueSample } from '../store/event-values.js';
import type { EventStore } from '../store/types.js';
import { evidenceFor, impactWindows, proportionOf, releaseImpact, type Evidence, type MetricWindows, type ReleaseImpact } from './impact.js';

export interface ImpactSources {
  readonly events: EventStore;
  readonly eventValues: EventValueReader;
}

export async function measureReleaseImpact(
  sources: ImpactSources,
  plan: Plan,
  release: { version: string; at: number },
  windowMs: number,
  now: number,
  limit = DEFAULT_VALUE_LIMIT,
): Promise<ReleaseImpact> {
  const windows = impactWindows(release.at, windowMs, now);
  const metrics: MetricWindows[] = [];
  // A quantile and a mean of the same property under the same filter test the same values: read them once.
  const read = new Map<string, Promise<ValueSample>>();
  const valuesOf = (metric: MetricSpec, field: string, range: { from: number; to: number }): Promise<ValueSample> => {
    const key = JSON.stringify([metric.from, metric.where, field, range.from, range.to]);
    let values = read.get(key);
    if (!values) read.set(key, (values = sources.eventValues.values(metric, field, range, limit)));
    return values;
  };
  for (const metric of plan.metrics) {
    // A metric not computed from events (e.g. an incident figure) has nothing to compare here.
    if (metric.from === '') {
      const empty = { value: null, events: 0, groups: [] };
      metrics.push({ metric, before: empty, after: empty, evidence: { kind: 'none', reason: 'this metric is not computed from events' } });
      continue;
    }
    const before = await sources.events.measure(metric, windows.before);
    const after = await sources.events.measure(metric, windows.after);
    const wanted = evidenceFor(metric);
    let evidence: Evidence;
    if (wanted.kind === 'proportion') evidence = { kind: 'proportion', before: proportionOf(before), after: proportionOf(after) };
    else if (wanted.kind === 'values') {
      evidence = {
        kind: 'values',
        before: await valuesOf(metric, wanted.field, windows.before),
        after: await valuesOf(metric, wanted.field, windows.after),
      };
    } else evidence = wanted;
    metrics.push({ metric, before, after, evidence });
  }
  return releaseImpact(release, windows, metrics);
}
