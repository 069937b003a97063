/**
 * When a tick asked for by a commit may run. Pure. Under a stream of commits
 * the rules are evaluated at most once per `minSpacingMs`, and never more
 * often than every COST_FACTOR times what the last evaluation took: over ten
 * million stored events an evaluation costs about a second of CPU, and
 * evaluating it every second would take that CPU from ingest.
 */

/** Commit-triggered evaluations take at most about 1 / COST_FACTOR of the time. */
export const COST_FACTOR = 5;

export interface TickSpacing {
  readonly now: number;
  /** How long after the commit at the earliest. */
  readonly debounceMs: number;
  /** When the last tick started (-Infinity before the first), and how long it took. */
  readonly lastStartedAt: number;
  readonly lastCostMs: number;
  readonly minSpacingMs: number;
}

export function commitTickAt(s: TickSpacing): number {
  return Math.max(s.now + s.debounceMs, s.lastStartedAt + Math.max(s.minSpacingMs, COST_FACTOR * s.lastCostMs));
}
