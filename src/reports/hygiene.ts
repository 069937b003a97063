/**
 * The monthly report's alert hygiene section: the noisiest rules with their
 * suggestion, the pages each person received (at night, on weekends), and
 * the blind spots (incidents declared with no alert behind them), computed
 * by src/hygiene/ over the month. hygieneSection and hygieneTables are pure;
 * monthHygiene reads the stores.
 */
import { gatherHygiene, type HygieneState } from '../hygiene/gather.js';
import type { Hygiene } from '../hygiene/hygiene.js';
import { humanDuration } from '../incidents/text.js';
import type { Plan } from '../plan/types.js';
import type { Period } from './period.js';

/** At most this many rules are listed, the noisiest first. */
export const NOISIEST_RULES = 10;

export interface HygieneRuleRow {
  readonly rule: string;
  readonly fired: number;
  readonly flapped: number;
  readonly neverAcknowledged: number;
  readonly silenced: number;
  readonly timeToAcknowledgeMedianMs: number | null;
  readonly notifications: number;
  readonly outsideWorkingHours: number;
  readonly suggestion: string | null;
}

export interface HygienePersonRow {
  readonly person: string;
  readonly zone: string;
  readonly pages: number;
  readonly atNight: number;
  readonly onWeekends: number;
  readonly outsideWorkingHours: number;
}

export interface BlindSpotRow {
  readonly id: string;
  readonly title: string;
  readonly severity: string;
  readonly declaredAt: string;
  readonly declaredBy: string;
}

export interface HygieneSection {
  /** The noisiest rules of the month (those that fired or notified), at most NOISIEST_RULES. */
  readonly noisiest: readonly HygieneRuleRow[];
  /** How many rules fired or notified in all. */
  readonly rules: number;
  readonly people: readonly HygienePersonRow[];
  readonly blindSpots: readonly BlindSpotRow[];
}

export function hygieneSection(h: Hygiene): HygieneSection {
  return {
    rules: h.rules.length,
    noisiest: h.rules.slice(0, NOISIEST_RULES).map((r) => ({
      rule: r.rule,
      fired: r.fired,
      flapped: r.flapped,
      neverAcknowledged: r.neverAcknowledged,
      silenced: r.silenced,
      timeToAcknowledgeMedianMs: r.timeToAcknowledge.medianMs,
      notifications: r.notifications.total,
      outsideWorkingHours: r.notifications.outsideWorkingHours,
      suggestion: r.suggestion?.text ?? null,
    })),
    people: h.people.map((p) => ({ person: p.person, zone: p.zone, pages: p.pages, atNight: p.atNight, onWeekends: p.onWeekends, outsideWorkingHours: p.outsideWorkingHours })),
    blindSpots: h.incidentsWithoutAlert.map((i) => ({ id: i.id, title: i.title, severity: i.severity, declaredAt: new Date(i.declaredAt).toISOString(), declaredBy: i.declaredBy })),
  };
}

/** The month's hygiene from the stores, or undefined when the report is built without them. */
export async function monthHygiene(plan: Plan, state: HygieneState | undefined, period: Period): Promise<HygieneSection | undefined> {
  if (state === undefined) return undefined;
  return hygieneSection(await gatherHygiene(plan, state, [], period.from, period.to - 1));
}

/** One table of the section as plain text, for the Markdown and HTML renderings to escape and lay out. */
export interface HygieneTable {
  readonly title: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** What to say instead of an empty table. */
  readonly empty: string;
  readonly note?: string;
}

const ms = (v: number | null): string => (v === null ? '–' : humanDuration(v));

/** The section's three tables. Pure. */
export function hygieneTables(s: HygieneSection): HygieneTable[] {
  const more = s.rules - s.noisiest.length;
  return [
    {
      title: 'Alert hygiene: noisiest rules',
      header: ['Rule', 'Fired', 'Flapped', 'Never acknowledged', 'Silenced', 'Time to acknowledge (median)', 'Notifications', 'Outside working hours', 'Suggestion'],
      rows: s.noisiest.map((r) => [r.rule, String(r.fired), String(r.flapped), String(r.neverAcknowledged), String(r.silenced), ms(r.timeToAcknowledgeMedianMs), String(r.notifications), String(r.outsideWorkingHours), r.suggestion ?? '–']),
      empty: 'No alert fired or notified.',
      ...(more > 0 ? { note: `${more} more rule${more === 1 ? '' : 's'} fired or notified: launchwatch alerts hygiene lists them all.` } : {}),
    },
    {
      title: 'Alert hygiene: pages per person',
      header: ['Person', 'Zone', 'Pages', 'At night', 'On weekends', 'Outside working hours'],
      rows: s.people.map((p) => [p.person, p.zone, String(p.pages), String(p.atNight), String(p.onWeekends), String(p.outsideWorkingHours)]),
      empty: 'No people are declared in the plan.',
      note: 'Night is 22:00 to 07:00 and working hours are Monday to Friday 09:00 to 18:00 (or the plan’s working_hours time interval), in each person’s zone.',
    },
    {
      title: 'Alert hygiene: blind spots',
      header: ['Incident', 'Severity', 'Declared', 'By', 'Title'],
      rows: s.blindSpots.map((i) => [i.id, i.severity, i.declaredAt, i.declaredBy, i.title]),
      empty: 'None: every incident of the month had an alert behind it.',
      ...(s.blindSpots.length > 0 ? { note: 'Declared by hand with no alert behind them: each may want a new rule.' } : {}),
    },
  ];
}
