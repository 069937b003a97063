/** `launchwatch alerts hygiene`: which alerts are noise, who they page and when, and the incidents no alert saw. */
import type { HygieneJson } from '../hygiene/gather.js';
import { humanDuration } from '../incidents/text.js';
import { call, type ClientOptions } from './client.js';
import { table } from './release.js';

/** The answer of GET /api/v1/alerts/hygiene. */
export type HygieneAnswer = HygieneJson & { readonly since: string };

const minute = (iso: string): string => iso.slice(0, 16).replace('T', ' ');
const duration = (ms: number | null): string => (ms === null ? '–' : humanDuration(ms));

function rulesPart(rules: HygieneAnswer['rules']): string[] {
  if (rules.length === 0) return ['No alert fired or notified in this span.'];
  const rows = rules.map((r) => [
    r.rule,
    String(r.fired),
    String(r.flapped),
    String(r.acknowledged),
    String(r.never_acknowledged),
    String(r.silenced),
    duration(r.time_to_acknowledge.median_ms),
    duration(r.time_to_acknowledge.p95_ms),
    String(r.notifications.in_working_hours),
    String(r.notifications.outside_working_hours),
  ]);
  const header = ['RULE', 'FIRED', 'FLAPPED', 'ACKED', 'NEVER ACKED', 'SILENCED', 'ACK MEDIAN', 'ACK P95', 'SENT IN HOURS', 'OUTSIDE HOURS'];
  const suggestions = rules.flatMap((r) => (r.suggestion ? [`  ${r.rule}: ${r.suggestion.text}`] : []));
  return [table(header, rows).trimEnd(), ...(suggestions.length > 0 ? ['', 'Suggestions:', ...suggestions] : [])];
}

function peoplePart(people: HygieneAnswer['people']): string[] {
  if (people.length === 0) return ['No people are declared in the plan.'];
  const rows = people.map((p) => [p.person, p.zone, String(p.pages), String(p.at_night), String(p.on_weekends), String(p.outside_working_hours)]);
  return [table(['PERSON', 'ZONE', 'PAGES', 'AT NIGHT', 'ON WEEKENDS', 'OUTSIDE HOURS'], rows).trimEnd()];
}

function blindSpotsPart(incidents: HygieneAnswer['incidents_without_alert']): string[] {
  if (incidents.length === 0) return ['None: every incident had an alert behind it.'];
  const rows = incidents.map((i) => [i.id, i.severity, minute(i.declared_at), i.declared_by, i.title]);
  return [table(['INCIDENT', 'SEV', 'DECLARED (UTC)', 'BY', 'TITLE'], rows).trimEnd(), '', 'Each is a blind spot: consider a rule that would have caught it.'];
}

/** The report as text: rules noisiest first with their suggestions, pages per person, blind spots. Pure. */
export function renderHygiene(h: HygieneAnswer): string {
  return [
    `Alert hygiene, ${minute(h.from)} to ${minute(h.to)} UTC (the last ${h.since})`,
    '',
    'Rules, noisiest first',
    ...rulesPart(h.rules),
    '',
    'Pages per person (night 22:00–07:00, weekends and working hours in their own zone)',
    ...peoplePart(h.people),
    '',
    'Incidents declared with no alert behind them',
    ...blindSpotsPart(h.incidents_without_alert),
    '',
  ].join('\n');
}

export async function hygieneCommand(options: ClientOptions & { json: boolean; since?: string }): Promise<number> {
  const answer = await call<HygieneAnswer>(options, 'GET', `/api/v1/alerts/hygiene${options.since ? `?since=${encodeURIComponent(options.since)}` : ''}`);
  if (answer.kind === 'failed') return answer.exit;
  process.stdout.write(options.json ? `${JSON.stringify(answer.body, null, 2)}\n` : renderHygiene(answer.body));
  return 0;
}
