/**
 * The `launchwatch incident` subcommands that read (list, show, stats,
 * message) and `launchwatch postmortem`, with the renderings they print.
 * Registered by incident.ts.
 */
import { writeFile } from 'node:fs/promises';
import { ERROR_CODES } from '../errors.js';
import type { ActionItemJson, IncidentJson, StatsJson, TimelineJson } from '../incidents/json.js';
import { humanDuration } from '../incidents/text.js';
import { call, type ClientOptions } from './client.js';

/** Where a command writes what it prints (stdout in use; a buffer in tests). */
export type Out = (text: string) => void;
export const stdout: Out = (text) => process.stdout.write(text);

export const day = (iso: string | null): string => (iso === null ? '' : iso.slice(0, 16).replace('T', ' '));
export const path = (id: string, rest = ''): string => `/api/v1/incidents/${encodeURIComponent(id)}${rest}`;

/** A table with aligned columns. Pure. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => [...(r[i] ?? '')].length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat((widths[i] ?? 0) - [...c].length))).join('  ');
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}

/** The incident list. Pure. */
export function renderIncidents(incidents: readonly IncidentJson[]): string {
  if (incidents.length === 0) return 'no incidents\n';
  return table(
    ['ID', 'SEV', 'STATUS', 'DECLARED', 'COMMANDER', 'TITLE'],
    incidents.map((i) => [i.id, i.severity, i.status, day(i.declared_at), i.commander ?? '-', i.title]),
  );
}

const took = (ms: number | null): string => (ms === null ? '-' : humanDuration(ms));

/** One incident with its timeline and action items. Pure. */
export function renderIncident(i: IncidentJson, timeline: readonly TimelineJson[], items: readonly ActionItemJson[]): string {
  const components = Object.entries(i.components).map(([id, state]) => `${id}=${state}`);
  const lines = [
    `${i.id}  ${i.severity}  ${i.status}  ${i.title}`,
    `declared   ${day(i.declared_at)} by ${i.declared_by}; commander ${i.commander ?? 'none'}`,
    `components ${components.join(', ') || 'none'}`,
    ...roleLine(i.roles),
    `response   ${took(i.figures.time_to_acknowledge_ms)} (target ${humanDuration(i.targets.response.target_ms)}, ${i.targets.response.verdict})`,
    `resolution ${took(i.figures.time_to_resolve_ms)} (target ${humanDuration(i.targets.resolution.target_ms)}, ${i.targets.resolution.verdict})`,
    ...(i.next_update_due_at ? [`next update due ${day(i.next_update_due_at)}`] : []),
    ...(i.postmortem_due_at && !i.postmortem_written_at ? [`post-mortem due ${day(i.postmortem_due_at)}`] : []),
    '',
    'TIMELINE',
    ...timeline.map((e) => `  ${day(e.at)}  ${e.kind}${e.public ? ' (public)' : ''}  ${e.by}: ${e.text.replace(/\n/g, '\n    ')}`),
  ];
  if (items.length) lines.push('', 'ACTION ITEMS', ...items.map((a) => `  [${a.done ? 'x' : ' '}] ${a.id} ${a.title} - ${a.owner ?? 'no owner'} - ${a.due_at?.slice(0, 10) ?? 'no due date'}`));
  return `${lines.join('\n')}\n`;
}

/** The roles other than the commander (shown on the line above), when the plan declares any. Pure. */
function roleLine(roles: Readonly<Record<string, string | null>>): string[] {
  const others = Object.entries(roles).filter(([role]) => role !== 'commander');
  return others.length ? [`roles      ${others.map(([role, person]) => `${role} ${person ?? '-'}`).join(', ')}`] : [];
}

export async function listCommand(options: ClientOptions & { status: string; json: boolean }, out: Out = stdout): Promise<number> {
  const answer = await call<{ incidents: IncidentJson[] }>(options, 'GET', `/api/v1/incidents?status=${encodeURIComponent(options.status)}`);
  if (answer.kind === 'failed') return answer.exit;
  out(options.json ? `${JSON.stringify(answer.body, null, 2)}\n` : renderIncidents(answer.body.incidents));
  return 0;
}

export async function showCommand(options: ClientOptions & { id: string; json: boolean }, out: Out = stdout): Promise<number> {
  const answer = await call<{ incident: IncidentJson; timeline: TimelineJson[]; action_items: ActionItemJson[] }>(options, 'GET', path(options.id));
  if (answer.kind === 'failed') return answer.exit;
  out(options.json ? `${JSON.stringify(answer.body, null, 2)}\n` : renderIncident(answer.body.incident, answer.body.timeline, answer.body.action_items));
  return 0;
}

export async function statsCommand(options: ClientOptions & { window: string; json: boolean }, out: Out = stdout): Promise<number> {
  const answer = await call<StatsJson>(options, 'GET', `/api/v1/incidents/stats?window=${encodeURIComponent(options.window)}`);
  if (answer.kind === 'failed') return answer.exit;
  const s = answer.body;
  if (options.json) {
    out(`${JSON.stringify(s, null, 2)}\n`);
    return 0;
  }
  const rate = (r: number | null) => (r === null ? '-' : `${Math.round(r * 100)}%`);
  const rows = Object.entries(s.by_severity).map(([sev, x]) => [sev, String(x.incidents), took(x.mtta_ms), took(x.mttr_ms), rate(x.response.rate), rate(x.resolution.rate)]);
  out(`${s.incidents} incidents in the last ${s.window} (${s.open} open); MTTA ${took(s.mtta_ms)}, MTTR ${took(s.mttr_ms)}\n`);
  out(table(['SEV', 'INCIDENTS', 'MTTA', 'MTTR', 'RESPONSE MET', 'RESOLUTION MET'], rows));
  return 0;
}

/** GETs a text answer (Markdown, plain text); errors are read as call() reads them. */
async function getText(options: ClientOptions, route: string): Promise<{ kind: 'ok'; text: string } | { kind: 'failed'; exit: number }> {
  const base = options.url.replace(/\/$/, '');
  let response: Response;
  try {
    response = await fetch(`${base}${route}`, { headers: options.token ? { authorization: `Bearer ${options.token}` } : {} });
  } catch {
    console.error(`cannot reach launchwatch at ${base} (is it running? start it with: launchwatch serve)`);
    return { kind: 'failed', exit: ERROR_CODES.unavailable.exit };
  }
  if (response.ok) return { kind: 'ok', text: await response.text() };
  // Not ok: ask again through call(), which prints the error and picks the exit code.
  const answer = await call<unknown>(options, 'GET', route);
  return { kind: 'failed', exit: answer.kind === 'failed' ? answer.exit : ERROR_CODES.internal.exit };
}

export async function postmortemCommand(options: ClientOptions & { id: string; out?: string }, out: Out = stdout): Promise<number> {
  const answer = await getText(options, path(options.id, '/postmortem'));
  if (answer.kind === 'failed') return answer.exit;
  if (options.out) {
    try {
      await writeFile(options.out, answer.text, { flag: 'wx' });
    } catch (error: unknown) {
      const code = error instanceof Error && 'code' in error ? String(error.code) : '';
      console.error(`launchwatch: cannot write ${options.out}: ${code === 'EEXIST' ? 'it exists (not overwriting it)' : code || 'failed'}`);
      return ERROR_CODES.invalid_request.exit;
    }
    out(`post-mortem draft for ${options.id} written to ${options.out}\n`);
  } else out(answer.text);
  return 0;
}

export async function messageCommand(options: ClientOptions & { id: string }, out: Out = stdout): Promise<number> {
  const answer = await getText(options, path(options.id, '/messages/user'));
  if (answer.kind === 'failed') return answer.exit;
  out(answer.text);
  return 0;
}
