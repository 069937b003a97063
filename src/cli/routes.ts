/**
 * `launchwatch routes test`: which channels an alert with these labels would
 * reach, without sending anything, and whether a route's time intervals mute
 * it at a given time.
 */
import { routeAlert } from '../alerting/match.js';
import { muteDecision } from '../alerting/time-intervals.js';
import type { Route, TimeIntervals } from '../plan/alert-types.js';
import { formatPlanError, loadPlanFile } from '../plan/load.js';
import { parseInstant } from '../plan/zone.js';

/** `severity=P1,alertname=x` → labels; undefined with a reason when malformed. */
export function parseLabels(text: string): Record<string, string> | string {
  const labels: Record<string, string> = {};
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(part);
    if (!match) return `"${part}" is not name=value`;
    labels[match[1] ?? ''] = (match[2] ?? '').replace(/^"(.*)"$/, '$1');
  }
  return labels;
}

/** What a route's time intervals do at `at`: empty for a route that names none. */
export function muteText(route: Route, intervals: TimeIntervals, at: number): string {
  if (!route.muteTimeIntervals?.length && !route.activeTimeIntervals?.length) return '';
  const when = new Date(at).toISOString();
  const d = muteDecision(route, intervals, at);
  if (d.reason === 'mute_interval') return ` — muted at ${when}: in mute time interval ${d.intervals.join(', ')}`;
  if (d.reason === 'not_active') return ` — muted at ${when}: not in its active time intervals (${d.intervals.join(', ')})`;
  return ` — sends at ${when}${d.active.length > 0 ? `: in active time interval ${d.active.join(', ')}` : ': in none of its mute time intervals'}`;
}

export async function routesTestCommand(options: { plan: string; labels: string; at?: string }): Promise<number> {
  const labels = parseLabels(options.labels);
  if (typeof labels === 'string') {
    console.error(`launchwatch: --labels: ${labels}`);
    return 2;
  }
  const at = options.at === undefined ? { kind: 'ok' as const, at: Date.now() } : parseInstant(options.at);
  if (at.kind === 'invalid') {
    console.error(`launchwatch: --at: ${at.reason}`);
    return 2;
  }
  const loaded = await loadPlanFile(options.plan);
  if (loaded.kind === 'invalid') {
    for (const error of loaded.errors) console.error(formatPlanError(error));
    return 1;
  }
  const matches = routeAlert(loaded.plan.routing, labels);
  if (matches.length === 0) {
    console.log('no route matches and there is no default: nobody would be notified');
    return 0;
  }
  for (const m of matches) {
    const where = m.route === -1 ? 'default' : `route ${m.route + 1}`;
    const route = loaded.plan.routing.routes[m.route];
    const muted = route === undefined ? '' : muteText(route, loaded.plan.routing.timeIntervals ?? {}, at.at);
    console.log(`${where}: ${m.channels.map((c) => `${c} (${loaded.plan.channels[c]?.type ?? '?'})`).join(', ')}${muted}`);
  }
  return 0;
}
