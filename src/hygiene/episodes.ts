/**
 * A rule's firing episodes from the stored transitions: when each alert
 * fired, whether and when it was acknowledged, when it stopped firing, and
 * whether it flapped (fired again within an hour of resolving). Pure.
 */
import type { Transition } from '../alerting/types.js';

/** Firing again this soon after resolving is a flap. */
export const FLAP_WINDOW_MS = 3_600_000;

export interface Episode {
  readonly fingerprint: string;
  readonly rule: string;
  readonly firedAt: number;
  readonly acknowledgedAt: number | null;
  /** When it stopped firing; null while it still fires at the end of the history. */
  readonly endedAt: number | null;
  /** It fired within FLAP_WINDOW_MS of the same alert's previous resolution. */
  readonly flapped: boolean;
}

const fires = (t: Transition): boolean => t.to === 'firing' && t.from !== 'firing';
const ends = (t: Transition): boolean => t.from === 'firing' && t.to !== 'firing';

/**
 * The episodes that began in the history (any order in, oldest first out). An episode already firing when
 * the history begins is left out, but its end still counts as the resolution a next firing flaps after.
 */
export function episodesOf(transitions: readonly Transition[]): Episode[] {
  const byAlert = new Map<string, Transition[]>();
  for (const t of transitions) byAlert.set(t.fingerprint, [...(byAlert.get(t.fingerprint) ?? []), t]);
  const episodes: Episode[] = [];
  for (const list of byAlert.values()) {
    list.sort((a, b) => a.at - b.at);
    let open: Omit<Episode, 'endedAt'> | null = null;
    let lastEnd: number | null = null;
    for (const t of list) {
      if (fires(t)) {
        if (open) episodes.push({ ...open, endedAt: t.at });
        open = { fingerprint: t.fingerprint, rule: t.rule, firedAt: t.at, acknowledgedAt: null, flapped: lastEnd !== null && t.at - lastEnd <= FLAP_WINDOW_MS };
      } else if (t.reason === 'acknowledged' && open !== null && open.acknowledgedAt === null) {
        const acked: Omit<Episode, 'endedAt'> = { ...open, acknowledgedAt: t.at };
        open = acked;
      } else if (ends(t)) {
        if (open) episodes.push({ ...open, endedAt: t.at });
        open = null;
        lastEnd = t.at;
      }
    }
    if (open) episodes.push({ ...open, endedAt: null });
  }
  return episodes.sort((a, b) => a.firedAt - b.firedAt || a.fingerprint.localeCompare(b.fingerprint));
}

/** The nearest-rank quantile (0 < q <= 1) of the values, or null for none. */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length))) - 1] ?? null;
}
