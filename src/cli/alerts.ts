/** `launchwatch alerts` and `launchwatch ack`: what is firing, and taking it on. */
import { formatStatus } from '../format.js';
import type { Status } from '../metrics/status.js';
import type { alertJson } from '../server/routes/alerts.js';
import { call, type ClientOptions } from './client.js';

type AlertJson = ReturnType<typeof alertJson>;

const STATE_STATUS: Record<string, Status> = { firing: 'red', pending: 'yellow', nodata: 'unknown', error: 'unknown', resolved: 'green', inactive: 'green' };

/** The state as its own word, with the symbol and colour of the status it stands closest to. */
function stateText(state: string, colour: boolean): string {
  return formatStatus(STATE_STATUS[state] ?? 'unknown', colour).replace(/(green|yellow|red|unknown)/, state);
}

/** The alerts table. Pure. */
export function renderAlerts(alerts: readonly AlertJson[], colour: boolean): string {
  if (alerts.length === 0) return 'no alerts\n';
  const rows = alerts.map((a) => {
    const marks = [a.acknowledged_by ? `ack by ${a.acknowledged_by}` : '', a.silenced_by.length ? 'silenced' : '', a.inhibited_by.length ? 'inhibited' : ''].filter(Boolean).join(', ');
    return [a.fingerprint, a.severity ?? '', a.rule, a.since ?? '', a.annotations.summary ?? '', marks, a.state] as const;
  });
  const header = ['FINGERPRINT', 'SEV', 'ALERT', 'SINCE', 'SUMMARY', 'NOTE'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => [...r[i as 0]].length)));
  const pad = (text: string, i: number): string => text + ' '.repeat(Math.max(0, (widths[i] ?? 0) - [...text].length));
  const lines = [[...header.map(pad), 'STATE'].join('  ')];
  for (const r of rows) lines.push([...r.slice(0, 6).map((c, i) => pad(c, i)), stateText(r[6], colour)].join('  '));
  return `${lines.join('\n')}\n`;
}

export async function alertsCommand(options: ClientOptions & { json: boolean; state?: string }): Promise<number> {
  const answer = await call<{ alerts: AlertJson[] }>(options, 'GET', `/api/v1/alerts${options.state ? `?state=${encodeURIComponent(options.state)}` : ''}`);
  if (answer.kind === 'failed') return answer.exit;
  if (options.json) console.log(JSON.stringify(answer.body, null, 2));
  else process.stdout.write(renderAlerts(answer.body.alerts, Boolean(process.stdout.isTTY) && !process.env.NO_COLOR));
  return 0;
}

export async function ackCommand(options: ClientOptions & { fingerprint: string; by: string }): Promise<number> {
  const answer = await call<{ acknowledged: boolean; alert: AlertJson | null }>(options, 'POST', `/api/v1/alerts/${encodeURIComponent(options.fingerprint)}/ack`, { by: options.by });
  if (answer.kind === 'failed') return answer.exit;
  const alert = answer.body.alert;
  console.log(answer.body.acknowledged ? `acknowledged ${options.fingerprint} (${alert?.rule ?? ''}) as ${options.by}` : `${options.fingerprint} was already acknowledged by ${alert?.acknowledged_by ?? 'someone'}`);
  return 0;
}
