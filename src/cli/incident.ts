/** `launchwatch incident …` and `launchwatch postmortem`: incidents of a running server, from declaration to post-mortem. */
import { writeFile } from 'node:fs/promises';
import { InvalidArgumentError, type Command } from 'commander';
import { ERROR_CODES } from '../errors.js';
import type { ActionItemJson, IncidentJson, StatsJson, TimelineJson } from '../incidents/json.js';
import { humanDuration } from '../incidents/text.js';
import { COMPONENT_STATES, INCIDENT_SEVERITIES, INCIDENT_STATUSES } from '../incidents/types.js';
import { call, type ClientOptions } from './client.js';
import { registerRoleCommand } from './incident-role.js';

/** Where a command writes what it prints (stdout in use; a buffer in tests). */
export type Out = (text: string) => void;
const stdout: Out = (text) => process.stdout.write(text);

interface Changed {
  changed: boolean;
  reason: string;
  incident: IncidentJson;
  entries: TimelineJson[];
}

const day = (iso: string | null): string => (iso === null ? '' : iso.slice(0, 16).replace('T', ' '));
const path = (id: string, rest = ''): string => `/api/v1/incidents/${encodeURIComponent(id)}${rest}`;

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

function changedLine(answer: Changed, verb: string): string {
  const i = answer.incident;
  return answer.changed ? `${i.id} ${verb} (${i.severity}, ${i.status}): ${i.title}\n` : `${i.id} unchanged (${answer.reason.replaceAll('_', ' ')})\n`;
}

export interface DeclareOptions extends ClientOptions {
  readonly title: string;
  readonly severity: string;
  readonly components: Readonly<Record<string, string>>;
  readonly commander?: string;
  readonly summary?: string;
  readonly publicMessage?: string;
  readonly by: string;
}

export async function declareCommand(options: DeclareOptions, out: Out = stdout): Promise<number> {
  const body = {
    title: options.title,
    severity: options.severity,
    by: options.by,
    ...(Object.keys(options.components).length ? { components: options.components } : {}),
    ...(options.commander ? { commander: options.commander } : {}),
    ...(options.summary ? { summary: options.summary } : {}),
    ...(options.publicMessage ? { public_update: options.publicMessage } : {}),
  };
  const answer = await call<Changed>(options, 'POST', '/api/v1/incidents', body);
  if (answer.kind === 'failed') return answer.exit;
  out(changedLine(answer.body, 'declared'));
  const paging = answer.body.incident.paging;
  if (paging) out(`paging through escalation ${paging.policy}: ${paging.steps_paged} step${paging.steps_paged === 1 ? '' : 's'} paged, the next ones at their time until someone acknowledges\n`);
  return 0;
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

export interface UpdateOptions extends ClientOptions {
  readonly id: string;
  readonly text?: string;
  readonly public: boolean;
  readonly status?: string;
  readonly severity?: string;
  readonly commander?: string;
  readonly components: Readonly<Record<string, string>>;
  readonly by: string;
}

export async function updateCommand(options: UpdateOptions, out: Out = stdout): Promise<number> {
  const body = {
    by: options.by,
    ...(options.text ? { text: options.text, public: options.public } : {}),
    ...(options.status ? { status: options.status } : {}),
    ...(options.severity ? { severity: options.severity } : {}),
    ...(options.commander ? { commander: options.commander } : {}),
    ...(Object.keys(options.components).length ? { components: options.components } : {}),
  };
  const answer = await call<Changed>(options, 'POST', path(options.id, '/updates'), body);
  if (answer.kind === 'failed') return answer.exit;
  out(changedLine(answer.body, 'updated'));
  return 0;
}

export interface PageOptions extends ClientOptions {
  readonly id: string;
  readonly person?: string;
  readonly schedule?: string;
  readonly escalation?: string;
  readonly message?: string;
  readonly by: string;
}

/** `launchwatch incident page INC-3 --schedule secondary`: pages into an open incident. */
export async function pageCommand(options: PageOptions, out: Out = stdout): Promise<number> {
  const body = {
    by: options.by,
    ...(options.person ? { person: options.person } : {}),
    ...(options.schedule ? { schedule: options.schedule } : {}),
    ...(options.escalation ? { escalation: options.escalation } : {}),
    ...(options.message ? { message: options.message } : {}),
  };
  const answer = await call<{ paged: string[]; notifications: number }>(options, 'POST', path(options.id, '/page'), body);
  if (answer.kind === 'failed') return answer.exit;
  out(`${options.id}: paged ${answer.body.paged.join(', ') || 'nobody'} (${answer.body.notifications} notifications)\n`);
  return 0;
}

export async function resolveCommand(options: ClientOptions & { id: string; text?: string; by: string }, out: Out = stdout): Promise<number> {
  const answer = await call<Changed>(options, 'POST', path(options.id, '/resolve'), { by: options.by, ...(options.text ? { text: options.text } : {}) });
  if (answer.kind === 'failed') return answer.exit;
  out(changedLine(answer.body, 'resolved'));
  if (answer.body.incident.postmortem_due_at) out(`post-mortem due by ${day(answer.body.incident.postmortem_due_at)} UTC: launchwatch postmortem ${options.id}\n`);
  return 0;
}

export async function ackCommand(options: ClientOptions & { id: string; by: string }, out: Out = stdout): Promise<number> {
  const answer = await call<Changed>(options, 'POST', path(options.id, '/ack'), { by: options.by });
  if (answer.kind === 'failed') return answer.exit;
  out(changedLine(answer.body, 'acknowledged'));
  return 0;
}

export async function actionItemCommand(options: ClientOptions & { id: string; title: string; owner?: string; due?: string; by: string }, out: Out = stdout): Promise<number> {
  const body = { title: options.title, by: options.by, ...(options.owner ? { owner: options.owner } : {}), ...(options.due ? { due_at: options.due } : {}) };
  const answer = await call<{ action_item: ActionItemJson }>(options, 'POST', path(options.id, '/action-items'), body);
  if (answer.kind === 'failed') return answer.exit;
  out(`${answer.body.action_item.id} added to ${options.id}: ${answer.body.action_item.title}\n`);
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

function oneOf(values: readonly string[], what: string) {
  return (value: string): string => {
    if (!values.includes(value)) throw new InvalidArgumentError(`${what} is one of ${values.join(', ')}`);
    return value;
  };
}

/** `--component cli=degraded`, repeatable; no default, so that --help shows none (none given: no component). */
function component(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const [id, state = 'degraded'] = value.split('=', 2);
  if (!id || !(COMPONENT_STATES as readonly string[]).includes(state)) throw new InvalidArgumentError(`expected id=state, the state one of ${COMPONENT_STATES.join(', ')}`);
  return { ...previous, [id]: state };
}

export function registerIncidentCommands(program: Command, client: (url: string) => ClientOptions, serverUrl: string): void {
  const me = process.env.USER ?? 'cli';
  const finish = (code: number): void => {
    process.exitCode = code;
  };
  const incident = program.command('incident').description('declare, follow and resolve incidents on a running server');
  incident
    .command('declare')
    .description('declare an incident; prints its id')
    .requiredOption('--title <text>', 'what is wrong, as users may read it')
    .requiredOption('--severity <sev>', `one of ${INCIDENT_SEVERITIES.join(', ')}`, oneOf(INCIDENT_SEVERITIES, 'a severity'))
    .option('--component <id=state>', `an affected component and its state (${COMPONENT_STATES.join(', ')}); repeatable`, component)
    .option('--commander <person>', 'who leads the response (declaring yourself acknowledges it)')
    .option('--summary <text>', 'what is known, for the team')
    .option('--public-message <text>', 'a first public update for the status page')
    .option('--by <name>', 'who declares', me)
    .option('--url <url>', 'the server', serverUrl)
    .action(async (o: { url: string; title: string; severity: string; component?: Record<string, string>; commander?: string; summary?: string; publicMessage?: string; by: string }) =>
      finish(await declareCommand({ ...client(o.url), ...o, components: o.component ?? {} })),
    );
  incident
    .command('list')
    .description('list incidents')
    .option('--status <status>', 'open, resolved, all, or one status', 'all')
    .option('--json', 'print the JSON answer', false)
    .option('--url <url>', 'the server', serverUrl)
    .action(async (o: { url: string; status: string; json: boolean }) => finish(await listCommand({ ...client(o.url), status: o.status, json: o.json })));
  incident
    .command('show')
    .description('an incident with its timeline and action items')
    .argument('<id>', 'e.g. INC-3')
    .option('--json', 'print the JSON answer', false)
    .option('--url <url>', 'the server', serverUrl)
    .action(async (id: string, o: { url: string; json: boolean }) => finish(await showCommand({ ...client(o.url), id, json: o.json })));
  incident
    .command('update')
    .description('add a note (or a public update with --public), and change status, severity, commander or components')
    .argument('<id>', 'e.g. INC-3')
    .option('--text <text>', 'the update')
    .option('--public', 'show it on the status page', false)
    .option('--status <status>', INCIDENT_STATUSES.join(', '), oneOf(INCIDENT_STATUSES, 'a status'))
    .option('--severity <sev>', INCIDENT_SEVERITIES.join(', '), oneOf(INCIDENT_SEVERITIES, 'a severity'))
    .option('--commander <person>', 'hand command over')
    .option('--component <id=state>', 'a component state; repeatable', component)
    .option('--by <name>', 'who updates', me)
    .option('--url <url>', 'the server', serverUrl)
    .action(async (id: string, o: { url: string; text?: string; public: boolean; status?: string; severity?: string; commander?: string; component?: Record<string, string>; by: string }) =>
      finish(await updateCommand({ ...client(o.url), ...o, id, components: o.component ?? {} })),
    );
  incident
    .command('ack')
    .description('acknowledge an incident')
    .argument('<id>', 'e.g. INC-3')
    .option('--by <name>', 'who takes it', me)
    .option('--url <url>', 'the server', serverUrl)
    .action(async (id: string, o: { url: string; by: string }) => finish(await ackCommand({ ...client(o.url), id, by: o.by })));
  incident
    .command('resolve')
    .description('resolve an incident')
    .argument('<id>', 'e.g. INC-3')
    .option('--text <text>', 'the public resolution message')
    .option('--by <name>', 'who resolves', me)
    .option('--url <url>', 'the server', serverUrl)
    .action(async (id: string, o: { url: string; text?: string; by: string }) => finish(await resolveCommand({ ...client(o.url), id, by: o.by, ...(o.text ? { text: o.text } : {}) })));
  incident
    .command('page')
    .description('page a person, the on-call of a schedule or an escalation policy into an open incident')
    .argument('<id>', 'e.g. INC-3')
    .option('--person <id>', 'a person of the plan')
    .option('--schedule <id>', 'whoever the schedule has on call now')
    .option('--escalation <id>', 'the first step of an escalation policy')
    .option('--message <text>', 'what the page says')
    .option('--by <name>', 'who pages', me)
    .option('--url <url>', 'the server', serverUrl)
    .action(async (id: string, o: { url: string; person?: string; schedule?: string; escalation?: string; message?: string; by: string }) => finish(await pageCommand({ ...client(o.url), ...o, id })));
  registerRoleCommand(incident, client, serverUrl, me, finish);
  incident
    .command('action-item')
    .description('add an action item to an incident')
    .argument('<id>', 'e.g. INC-3')
    .requiredOption('--title <text>', 'what to do')
    .option('--owner <person>', 'who does it')
    .option('--due <date>', 'when, e.g. 2026-12-01')
    .option('--by <name>', 'who adds it', me)
    .option('--url <url>', 'the server', serverUrl)
    .action(async (id: string, o: { url: string; title: string; owner?: string; due?: string; by: string }) => finish(await actionItemCommand({ ...client(o.url), ...o, id })));
  incident
    .command('message')
    .description("print the user-facing notification for an incident (seed 002's template)")
    .argument('<id>', 'e.g. INC-3')
    .option('--url <url>', 'the server', serverUrl)
    .action(async (id: string, o: { url: string }) => finish(await messageCommand({ ...client(o.url), id })));
  incident
    .command('stats')
    .description('MTTA, MTTR and target compliance per severity')
    .option('--window <duration>', 'e.g. 7d, 30d', '30d')
    .option('--json', 'print the JSON answer', false)
    .option('--url <url>', 'the server', serverUrl)
    .action(async (o: { url: string; window: string; json: boolean }) => finish(await statsCommand({ ...client(o.url), window: o.window, json: o.json })));
  program
    .command('postmortem')
    .description('write the post-mortem draft of an incident (Markdown)')
    .argument('<id>', 'e.g. INC-3')
    .option('--out <file>', 'write it to this file (never overwritten) instead of printing it')
    .option('--url <url>', 'the server', serverUrl)
    .action(async (id: string, o: { url: string; out?: string }) => finish(await postmortemCommand({ ...client(o.url), id, ...(o.out ? { out: o.out } : {}) })));
}
