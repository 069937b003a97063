/** Gathers what releaseImpact needs from the stores: each metric measured over both windows, and the evidence its test needs. */
import type { Plan } from '../plan/types.js';
import { DEFAULT_VALUE_LIMIT, type EventValueReader } from '../store/event-values.js';
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
        before: await sources.eventValues.values(metric, wanted.field, windows.before, limit),
        after: await sources.eventValues.values(metric, wanted.field, windows.after, limit),
      };
    } else evidence = wanted;
    metrics.push({ metric, before, after, evidence });
  }
  return releaseImpact(release, windows, metrics);
}
