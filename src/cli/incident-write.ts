/**
 * The `launchwatch incident` subcommands that change an incident: declare,
 * update, page, ack, resolve, action-item. Registered by incident.ts.
 */
import type { ActionItemJson, IncidentJson, TimelineJson } from '../incidents/json.js';
import { call, type ClientOptions } from './client.js';
import { day, path, stdout, type Out } from './incident-read.js';

interface Changed {
  changed: boolean;
  reason: string;
  incident: IncidentJson;
  entries: TimelineJson[];
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

