/**
 * Alert hygiene over a span of stored history: per rule, how often it fired,
 * flapped, was acknowledged (and how fast), was never acknowledged, was
 * silenced, and how many notifications it owed inside and outside the
 * working hours of the people they reached, the noisiest first with a
 * suggestion; per person, the pages they received, at night and on weekends;
 * and the incidents declared by hand with no alert behind them. Pure: the
 * stores are read by gather.ts.
 */
import { silenceMatches } from '../alerting/match.js';
import type { Labels, NotificationRequest, Silence, Transition } from '../alerting/types.js';
import type { Incident } from '../incidents/types.js';
import type { AlertRule, TimeInterval } from '../plan/alert-types.js';
import type { Person } from '../plan/oncall-types.js';
import { atNight, inWorkingHours, onWeekend } from './clock.js';
import { episodesOf, quantile, type Episode } from './episodes.js';
import { suggestionFor, type Suggestion } from './suggest.js';

export interface HygieneInput {
  readonly from: number;
  readonly to: number;
  /** Alert transitions of the span (any order). */
  readonly transitions: readonly Transition[];
  /** Notifications owed in the span (digests are left out here). */
  readonly notifications: readonly NotificationRequest[];
  readonly silences: readonly Silence[];
  /** Incidents declared in the span. */
  readonly incidents: readonly Incident[];
  /** What is known of each alert's labels (live alerts, notifications); a rule's alerts have at least their alertname. */
  readonly labels: ReadonlyMap<string, Labels>;
  readonly people: readonly Person[];
  readonly rules: readonly AlertRule[];
  /** The zone of a notification that reaches no declared person (the plan's report zone). */
  readonly zone: string;
  /** The plan's `working_hours` time interval, when it declares one. */
  readonly workingHours?: readonly TimeInterval[];
}

export interface RuleHygiene {
  readonly rule: string;
  readonly fired: number;
  readonly flapped: number;
  readonly acknowledged: number;
  readonly neverAcknowledged: number;
  readonly silenced: number;
  /** Time from firing to acknowledgement, ms: median and 95th percentile (nearest rank); null without one. */
  readonly timeToAcknowledge: { readonly medianMs: number | null; readonly p95Ms: number | null };
  readonly notifications: { readonly total: number; readonly inWorkingHours: number; readonly outsideWorkingHours: number };
  /** The ordering key: notifications outside working hours, flaps and unacknowledged firings weigh most. */
  readonly noise: number;
  readonly suggestion: Suggestion | null;
}

export interface PersonPages {
  readonly person: string;
  readonly zone: string;
  readonly pages: number;
  readonly atNight: number;
  readonly onWeekends: number;
  readonly outsideWorkingHours: number;
}

export interface UnalertedIncident {
  readonly id: string;
  readonly title: string;
  readonly severity: string;
  readonly declaredAt: number;
  readonly declaredBy: string;
}

export interface Hygiene {
  readonly from: number;
  readonly to: number;
  readonly rules: readonly RuleHygiene[];
  readonly people: readonly PersonPages[];
  readonly incidentsWithoutAlert: readonly UnalertedIncident[];
}

/** The people a notification reaches: the person it pages, else everyone who lists its channel. */
function reached(n: NotificationRequest, people: readonly Person[]): Person[] {
  const paged = n.groupLabels.person;
  if (paged !== undefined) return people.filter((p) => p.id === paged);
  return people.filter((p) => p.channels.includes(n.channel));
}

/** The rules (alertnames) whose alerts a notification carries; an incident's own stand-in alert is none. */
function rulesOf(n: NotificationRequest): string[] {
  return [...new Set(n.alerts.filter((a) => !a.fingerprint.startsWith('incident:')).flatMap((a) => (a.labels.alertname !== undefined ? [a.labels.alertname] : [])))];
}

function silencedDuring(episode: Episode, input: HygieneInput): boolean {
  const labels = input.labels.get(episode.fingerprint) ?? { alertname: episode.rule };
  const end = episode.endedAt ?? input.to;
  return input.silences.some((s) => s.startsAt <= end && s.endsAt >= episode.firedAt && silenceMatches(s, labels));
}

interface Tally {
  total: number;
  inside: number;
}

function notificationTallies(input: HygieneInput): Map<string, Tally> {
  const tallies = new Map<string, Tally>();
  for (const n of input.notifications) {
    const people = reached(n, input.people);
    const zones = people.length > 0 ? people.map((p) => p.timezone ?? input.zone) : [input.zone];
    const inside = zones.every((zone) => inWorkingHours(n.createdAt, zone, input.workingHours));
    for (const rule of rulesOf(n)) {
      const tally = tallies.get(rule) ?? { total: 0, inside: 0 };
      tally.total += 1;
      if (inside) tally.inside += 1;
      tallies.set(rule, tally);
    }
  }
  return tallies;
}

function ruleHygiene(rule: string, episodes: readonly Episode[], tally: Tally, input: HygieneInput): RuleHygiene {
  const acked = episodes.filter((e) => e.acknowledgedAt !== null);
  const delays = acked.map((e) => (e.acknowledgedAt ?? e.firedAt) - e.firedAt);
  const flapped = episodes.filter((e) => e.flapped).length;
  const outside = tally.total - tally.inside;
  const base = {
    rule,
    fired: episodes.length,
    flapped,
    acknowledged: acked.length,
    neverAcknowledged: episodes.length - acked.length,
    silenced: episodes.filter((e) => silencedDuring(e, input)).length,
    timeToAcknowledge: { medianMs: quantile(delays, 0.5), p95Ms: quantile(delays, 0.95) },
    notifications: { total: tally.total, inWorkingHours: tally.inside, outsideWorkingHours: outside },
    noise: tally.total + 2 * outside + 2 * flapped + (episodes.length - acked.length),
  };
  return { ...base, suggestion: suggestionFor(base, input.rules.find((r) => r.name === rule)) };
}

function personPages(person: Person, input: HygieneInput): PersonPages {
  const zone = person.timezone ?? input.zone;
  const pages = input.notifications.filter((n) => reached(n, input.people).some((p) => p.id === person.id));
  return {
    person: person.id,
    zone,
    pages: pages.length,
    atNight: pages.filter((n) => atNight(n.createdAt, zone)).length,
    onWeekends: pages.filter((n) => onWeekend(n.createdAt, zone)).length,
    outsideWorkingHours: pages.filter((n) => !inWorkingHours(n.createdAt, zone, input.workingHours)).length,
  };
}

export function hygiene(input: HygieneInput): Hygiene {
  const episodes = episodesOf(input.transitions).filter((e) => e.firedAt >= input.from && e.firedAt <= input.to);
  const tallies = notificationTallies(input);
  const names = new Set([...episodes.map((e) => e.rule), ...tallies.keys()]);
  const rules = [...names]
    .map((rule) => ruleHygiene(rule, episodes.filter((e) => e.rule === rule), tallies.get(rule) ?? { total: 0, inside: 0 }, input))
    .sort((a, b) => b.noise - a.noise || b.fired - a.fired || a.rule.localeCompare(b.rule));
  const people = input.people.map((p) => personPages(p, input)).sort((a, b) => b.pages - a.pages || a.person.localeCompare(b.person));
  const incidentsWithoutAlert = input.incidents
    .filter((i) => i.alerts.length === 0 && i.fromRule === undefined && i.declaredAt >= input.from && i.declaredAt <= input.to)
    .sort((a, b) => a.declaredAt - b.declaredAt)
    .map((i) => ({ id: i.id, title: i.title, severity: i.severity, declaredAt: i.declaredAt, declaredBy: i.declaredBy }));
  return { from: input.from, to: input.to, rules, people, incidentsWithoutAlert };
}
