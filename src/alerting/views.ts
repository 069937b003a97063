/**
 * What suppresses each alert, for the dispatcher and the API: the active
 * silences that match it, and the firing alerts that inhibit it. Pure, and
 * linear in the alerts: the sources of each inhibit rule are indexed by the
 * values of its `equal` labels once, instead of every target scanning every
 * firing alert.
 */
import type { InhibitRule } from '../plan/alert-types.js';
import { matchesLabels, silenceMatches, silenceState } from './match.js';
import type { AlertInstance, DispatchAlert, Labels, Silence } from './types.js';

interface IndexedRule {
  readonly rule: InhibitRule;
  /** Source fingerprints by the values of the `equal` labels, each with whether the source also matches the target side. */
  readonly sources: ReadonlyMap<string, readonly { readonly fingerprint: string; readonly alsoTarget: boolean }[]>;
}

const equalKey = (equal: readonly string[], labels: Labels): string => JSON.stringify(equal.map((name) => labels[name] ?? null));

/** The inhibit rules with their firing sources indexed, for one set of firing alerts. */
export class Inhibitor {
  private readonly rules: IndexedRule[];

  constructor(rules: readonly InhibitRule[], firing: Iterable<AlertInstance>) {
    const list = [...firing].filter((a) => a.state === 'firing');
    this.rules = rules.map((rule) => {
      const sources = new Map<string, { fingerprint: string; alsoTarget: boolean }[]>();
      for (const source of list) {
        if (!matchesLabels(rule.source, source.labels)) continue;
        const key = equalKey(rule.equal, source.labels);
        const entry = { fingerprint: source.fingerprint, alsoTarget: matchesLabels(rule.target, source.labels) };
        const bucket = sources.get(key);
        if (bucket) bucket.push(entry);
        else sources.set(key, [entry]);
      }
      return { rule, sources };
    });
  }

  /**
   * Fingerprints of the firing alerts that inhibit the target (match.ts inhibitedBy, the same rule):
   * an alert never inhibits itself, and when the target matches the source side too, a source that
   * also matches the target side does not count.
   */
  inhibitedBy(target: AlertInstance): string[] {
    const found = new Set<string>();
    for (const { rule, sources } of this.rules) {
      if (sources.size === 0 || !matchesLabels(rule.target, target.labels)) continue;
      const twoSided = matchesLabels(rule.source, target.labels);
      for (const source of sources.get(equalKey(rule.equal, target.labels)) ?? []) {
        if (source.fingerprint === target.fingerprint || (twoSided && source.alsoTarget)) continue;
        found.add(source.fingerprint);
      }
    }
    return [...found];
  }
}

/** The silences active at `now`, checked once per view rather than once per alert. */
export function activeSilences(silences: readonly Silence[], now: number): Silence[] {
  return silences.filter((s) => silenceState(s, now) === 'active');
}

/** Each alert with what suppresses it at `now`. */
export function alertViews(instances: readonly AlertInstance[], silences: readonly Silence[], inhibit: readonly InhibitRule[], now: number): DispatchAlert[] {
  const active = activeSilences(silences, now);
  const inhibitor = new Inhibitor(inhibit, instances);
  return instances.map((alert) => viewOf(alert, active, inhibitor));
}

export function viewOf(alert: AlertInstance, activeSilenceList: readonly Silence[], inhibitor: Inhibitor): DispatchAlert {
  const silencedBy: string[] = [];
  for (const s of activeSilenceList) if (silenceMatches(s, alert.labels)) silencedBy.push(s.id);
  return { alert, silencedBy, inhibitedBy: inhibitor.inhibitedBy(alert) };
}

/** Firing alerts, counted as the Overview shows them: a silenced or inhibited alert is not "firing" but silenced or inhibited. */
export interface FiringCount {
  /** Firing and neither silenced nor inhibited: what pages and declares incidents. */
  readonly firing: number;
  /** Firing, matched by an active silence (silenced wins over inhibited). */
  readonly silenced: number;
  /** Firing, inhibited by another firing alert and not silenced. */
  readonly inhibited: number;
}

export interface FiringCounts extends FiringCount {
  /** The same per severity, P1 to P4 always present; alerts without a severity count only in the totals. */
  readonly bySeverity: Readonly<Record<'P1' | 'P2' | 'P3' | 'P4', FiringCount>>;
}

/** The firing counts of a list of views. Pure. */
export function firingCounts(views: readonly DispatchAlert[]): FiringCounts {
  const zero = (): { firing: number; silenced: number; inhibited: number } => ({ firing: 0, silenced: 0, inhibited: 0 });
  const total = zero();
  const bySeverity = { P1: zero(), P2: zero(), P3: zero(), P4: zero() };
  for (const v of views) {
    if (v.alert.state !== 'firing') continue;
    const kind = v.silencedBy.length > 0 ? 'silenced' : v.inhibitedBy.length > 0 ? 'inhibited' : 'firing';
    total[kind]++;
    const severity = v.alert.severity;
    if (severity) bySeverity[severity][kind]++;
  }
  return { ...total, bySeverity };
}
