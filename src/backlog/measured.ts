/** The measured impact of a shipped item: its release's impact on the item's metric (releases/measure.ts). */
import { formatDuration } from '../plan/duration.js';
import type { Plan } from '../plan/types.js';
import { measureReleaseImpact, type ImpactSources } from '../releases/measure.js';
import type { ReleaseStore } from '../store/releases.js';
import { measuredJson, type MeasuredJson } from './json.js';
import type { BacklogItem } from './types.js';

export async function measuredImpact(sources: ImpactSources & { releases: ReleaseStore }, plan: Plan, item: BacklogItem, windowMs: number, now: number): Promise<MeasuredJson | null> {
  if (item.status !== 'shipped' || item.release === null) return null;
  const release = await sources.releases.release(item.release);
  const metric = plan.metrics.find((m) => m.id === item.metric);
  if (!release || !metric) return null;
  const impact = await measureReleaseImpact(sources, { ...plan, metrics: [metric] }, release, windowMs, now);
  const first = impact.metrics[0];
  if (!first) return null;
  const measured = measuredJson(first, formatDuration(windowMs));
  return impact.complete ? measured : { ...measured, reason: `${measured.reason} (the ${formatDuration(windowMs)} after the release have not all passed)` };
}
