/**
 * When launchwatch first observed anything, for the status page's history:
 * the first evaluation it recorded (a metric sample) in the window. Days are
 * looked at oldest first, one query each, and what is learned is kept: a day
 * found empty stays empty (only later days are asked again), and once a
 * sample is found the answer no longer changes.
 */
import type { SampleStore } from '../store/ports.js';
import { DAY_MS } from './model.js';

export interface ObservationStart {
  /** The time of the first recorded sample at or after `from` (up to `now`), or null when there is none yet. */
  since(metricId: string | undefined, from: number, now: number): Promise<number | null>;
}

export function observationStart(samples: Pick<SampleStore, 'samples'>): ObservationStart {
  let found: number | undefined;
  /** Whole days before this time are known to hold no sample. */
  let emptyUntil = Number.NEGATIVE_INFINITY;
  return {
    async since(metricId, from, now) {
      if (found !== undefined) return Math.max(found, from);
      if (metricId === undefined) return null;
      for (let start = Math.max(from, emptyUntil); start <= now; start += DAY_MS) {
        const end = Math.min(start + DAY_MS - 1, now);
        const day = await samples.samples(metricId, { from: start, to: end });
        if (day.length > 0) {
          found = Math.min(...day.map((s) => s.ts));
          return found;
        }
        if (end < now) emptyUntil = start + DAY_MS;
      }
      return null;
    },
  };
}
