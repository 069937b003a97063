/** `launchwatch routes test`: which channels an alert with these labels would reach, without sending anything. */
import { routeAlert } from '../alerting/match.js';
import { formatPlanError, loadPlanFile } from '../plan/load.js';

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

export async function routesTestCommand(options: { plan: string; labels: string }): Promise<number> {
  const labels = parseLabels(options.labels);
  if (typeof labels === 'string') {
    console.error(`launchwatch: --labels: ${labels}`);
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
    console.log(`${where}: ${m.channels.map((c) => `${c} (${loaded.plan.channels[c]?.type ?? '?'})`).join(', ')}`);
  }
  return 0;
}
