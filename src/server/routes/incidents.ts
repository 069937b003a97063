/**
 * The incidents API: declare, list, show, update, change status, acknowledge,
 * resolve, action items, the post-mortem draft, the user-facing message and
 * figures. Decisions are lifecycle.ts's; each change and its timeline entries
 * are one store write.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { LaunchwatchError } from '../../errors.js';
import { actionItemJson, incidentJson, statsJson, timelineJson } from '../../incidents/json.js';
import { acknowledge, addActionItem, changeActionItem, changeStatus, declare, postmortemWritten, resolve, update, type Outcome } from '../../incidents/lifecycle.js';
import { messageText, userMessage } from '../../incidents/messages.js';
import { postmortemDraft } from '../../incidents/postmortem.js';
import { incidentStats } from '../../incidents/stats.js';
import { COMPONENT_STATES, INCIDENT_SEVERITIES, INCIDENT_STATUSES, type ComponentState, type Incident, type IncidentSeverity } from '../../incidents/types.js';
import { durationParam } from '../params.js';
import type { Plan } from '../../plan/types.js';
import type { IncidentStore } from '../../store/ports.js';

export interface IncidentRouteOptions {
  readonly plan: () => Plan;
  readonly state: IncidentStore;
  readonly now: () => number;
  /** Pages the escalation steps due now (the alert engine's); called after an incident that pages is declared. */
  readonly pageIncidents?: () => Promise<void>;
  /** Runs a read-change-write of an incident apart from the incident automation (the alert engine's withIncidents). */
  readonly exclusive?: <T>(change: () => Promise<T>) => Promise<T>;
}

const text = (max: number) => z.string().trim().min(1).max(max);
const by = text(200).optional();
const time = z.iso.datetime({ offset: true });
const day = z.union([time, z.iso.date()]);
const components = z.record(z.string(), z.enum(COMPONENT_STATES));

const declareBody = z.strictObject({
  title: text(200),
  severity: z.enum(INCIDENT_SEVERITIES),
  components: components.optional(),
  commander: text(200).optional(),
  summary: text(10_000).optional(),
  alerts: z.array(text(200)).max(100).optional(),
  started_at: time.optional(),
  public_update: text(10_000).optional(),
  by,
});
const updateBody = z.strictObject({
  text: text(10_000).optional(),
  public: z.boolean().optional(),
  status: z.enum(INCIDENT_STATUSES).optional(),
  severity: z.enum(INCIDENT_SEVERITIES).optional(),
  commander: text(200).nullable().optional(),
  components: components.optional(),
  eta: time.nullable().optional(),
  by,
});
const statusBody = z.strictObject({ status: z.enum(INCIDENT_STATUSES), by });
const resolveBody = z.strictObject({ text: text(10_000).optional(), public: z.boolean().optional(), by }).optional();
const byBody = z.strictObject({ by }).optional();
const postmortemBody = z.strictObject({ text: text(2000).optional(), by }).optional();
const actionItemBody = z.strictObject({ title: text(500), owner: text(200).optional(), due_at: day.optional(), by });
const actionItemChange = z.strictObject({ done: z.boolean().optional(), owner: text(200).nullable().optional(), due_at: day.nullable().optional(), by });
const listQuery = z.strictObject({ status: z.enum(['open', 'all', ...INCIDENT_STATUSES]).optional(), limit: z.string().regex(/^\d+$/).optional() });
const statsQuery = z.strictObject({ window: z.string().optional() });
/** The longest window the figures are taken over: ten years. */
const MAX_STATS_WINDOW_MS = 3650 * 86_400_000;
const messageQuery = z.strictObject({ issue: text(500).optional(), affects: text(500).optional() });

/** Validates a body or query; the error names the field. */
function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.code === 'unrecognized_keys' ? issue.keys.join(', ') : (issue?.path.join('.') ?? '');
  const message = issue?.code === 'unrecognized_keys' ? 'unknown field' : (issue?.message ?? 'invalid');
  throw new LaunchwatchError('invalid_request', `${what}${field ? ` ${field}` : ''}: ${message}`);
}

export function incidentRoutes(app: FastifyInstance, options: IncidentRouteOptions): void {
  const { state } = options;
  const policy = () => options.plan().incidents;
  /** The escalation policy that pages an incident of this severity declared by hand (`incidents.paging`). */
  const pagingFor = (severity: IncidentSeverity): string | undefined => policy().paging[severity];

  const load = async (id: string): Promise<Incident> => {
    const incident = await state.incident(id);
    if (!incident) throw new LaunchwatchError('not_found', `no incident "${id}"`);
    return incident;
  };
  const checkComponents = (given: Readonly<Record<string, ComponentState>> | undefined): void => {
    const known = options.plan().components;
    for (const id of Object.keys(given ?? {})) {
      if (!Object.hasOwn(known, id)) {
        throw new LaunchwatchError('invalid_request', `body components.${id}: no component "${id}" in the plan (components: ${Object.keys(known).join(', ') || 'none'})`);
      }
    }
  };
  const exclusive = options.exclusive ?? (<T>(change: () => Promise<T>) => change());
  /**
   * Reads the incident, decides the change and writes it with its entries, apart from the incident
   * automation, so that neither writes over the other's change.
   */
  const change = (id: string, decide: (incident: Incident, now: number) => Outcome): Promise<{ outcome: Outcome; now: number }> =>
    exclusive(async () => {
      const incident = await load(id);
      const now = options.now();
      const outcome = decide(incident, now);
      if (outcome.kind === 'changed') await state.putIncident(outcome.incident, outcome.entries);
      return { outcome, now };
    });
  /**
   * Answers a change that was written: 201 with its entries, 200 when nothing changed; a refusal is a conflict.
   * An incident that pages has its first step paged before the answer, which shows it.
   */
  const apply = async (reply: FastifyReply, { outcome, now }: { outcome: Outcome; now: number }) => {
    if (outcome.kind === 'rejected') {
      throw new LaunchwatchError(outcome.reason === 'started_in_future' ? 'invalid_request' : 'conflict', outcome.message);
    }
    let incident = outcome.incident;
    if (outcome.kind === 'changed') {
      if (outcome.reason === 'declared' && outcome.incident.paging && options.pageIncidents) {
        await options.pageIncidents();
        incident = (await state.incident(incident.id)) ?? incident;
      }
    }
    const entries = outcome.kind === 'changed' ? outcome.entries : [];
    return reply.code(outcome.kind === 'changed' ? 201 : 200).send({
      changed: outcome.kind === 'changed',
      reason: outcome.reason,
      incident: incidentJson(incident, policy(), now),
      entries: entries.map(timelineJson),
    });
  };

  app.post('/api/v1/incidents', async (request, reply) => {
    const body = parse(declareBody, request.body, 'body');
    checkComponents(body.components);
    const now = options.now();
    // Checked before an id is taken, so that a refused declaration leaves no gap in the numbers.
    if (body.started_at && Date.parse(body.started_at) > now) throw new LaunchwatchError('invalid_request', `body started_at: the impact cannot start after now (${new Date(now).toISOString()})`);
    const outcome = declare(
      {
        id: await state.nextIncidentId(),
        title: body.title,
        severity: body.severity,
        by: body.by ?? 'api',
        ...(body.commander ? { commander: body.commander } : {}),
        ...(body.components ? { components: body.components } : {}),
        ...(body.summary ? { summary: body.summary } : {}),
        ...(body.alerts ? { alerts: body.alerts } : {}),
        ...(body.started_at ? { startedAt: Date.parse(body.started_at) } : {}),
        ...(body.public_update ? { publicUpdate: body.public_update } : {}),
        ...(pagingFor(body.severity) ? { paging: pagingFor(body.severity) } : {}),
      },
      now,
    );
    if (outcome.kind === 'changed') await exclusive(() => state.putIncident(outcome.incident, outcome.entries));
    return apply(reply, { outcome, now });
  });

  app.get('/api/v1/incidents', async (request) => {
    const q = parse(listQuery, request.query, 'query');
    const status = q.status ?? 'all';
    const list = await state.incidents(status === 'all' ? {} : { status });
    const now = options.now();
    return { incidents: list.slice(0, Math.min(Number(q.limit ?? 200), 2000)).map((i) => incidentJson(i, policy(), now)) };
  });

  app.get('/api/v1/incidents/stats', async (request) => {
    const q = parse(statsQuery, request.query, 'query');
    const window = q.window ?? '30d';
    const windowMs = durationParam(window, 'query window', 1, MAX_STATS_WINDOW_MS);
    const now = options.now();
    const range = { from: now - windowMs, to: now };
    return statsJson(incidentStats(await state.incidents(range), policy(), range, now), window);
  });

  app.get<{ Params: { id: string } }>('/api/v1/incidents/:id', async (request) => {
    const incident = await load(request.params.id);
    const [timeline, items] = await Promise.all([state.timeline(incident.id), state.actionItems(incident.id)]);
    return { incident: incidentJson(incident, policy(), options.now()), timeline: timeline.map(timelineJson), action_items: items.map(actionItemJson) };
  });

  app.post<{ Params: { id: string } }>('/api/v1/incidents/:id/updates', async (request, reply) => {
    const body = parse(updateBody, request.body, 'body');
    checkComponents(body.components);
    const input = {
      ...(body.text !== undefined ? { text: body.text } : {}),
      ...(body.public !== undefined ? { public: body.public } : {}),
      ...(body.status ? { status: body.status } : {}),
      ...(body.severity ? { severity: body.severity } : {}),
      ...(body.commander !== undefined ? { commander: body.commander } : {}),
      ...(body.components ? { components: body.components } : {}),
      ...(body.eta !== undefined ? { eta: body.eta === null ? null : Date.parse(body.eta) } : {}),
    };
    return apply(reply, await change(request.params.id, (incident, now) => update(incident, input, body.by ?? 'api', now, policy())));
  });

  app.post<{ Params: { id: string } }>('/api/v1/incidents/:id/status', async (request, reply) => {
    const body = parse(statusBody, request.body, 'body');
    return apply(reply, await change(request.params.id, (incident, now) => changeStatus(incident, body.status, body.by ?? 'api', now, policy())));
  });

  app.post<{ Params: { id: string } }>('/api/v1/incidents/:id/resolve', async (request, reply) => {
    const body = parse(resolveBody, request.body ?? undefined, 'body');
    const input = { by: body?.by ?? 'api', ...(body?.text ? { text: body.text } : {}), ...(body?.public !== undefined ? { public: body.public } : {}) };
    return apply(reply, await change(request.params.id, (incident, now) => resolve(incident, input, now, policy())));
  });

  app.post<{ Params: { id: string } }>('/api/v1/incidents/:id/ack', async (request, reply) => {
    const body = parse(byBody, request.body ?? undefined, 'body');
    return apply(reply, await change(request.params.id, (incident, now) => acknowledge(incident, body?.by ?? 'api', now)));
  });

  app.post<{ Params: { id: string } }>('/api/v1/incidents/:id/postmortem', async (request, reply) => {
    const body = parse(postmortemBody, request.body ?? undefined, 'body');
    return apply(reply, await change(request.params.id, (incident, now) => postmortemWritten(incident, { by: body?.by ?? 'api', ...(body?.text ? { text: body.text } : {}) }, now)));
  });

  app.post<{ Params: { id: string } }>('/api/v1/incidents/:id/action-items', async (request, reply) => {
    const body = parse(actionItemBody, request.body, 'body');
    const incident = await load(request.params.id);
    const now = options.now();
    const input = { id: await state.nextActionItemId(), title: body.title, owner: body.owner ?? null, dueAt: body.due_at ? Date.parse(body.due_at) : null };
    const outcome = addActionItem(incident, input, body.by ?? 'api', now);
    await state.putActionItem(outcome.item, outcome.entries);
    return reply.code(201).send({ action_item: actionItemJson(outcome.item) });
  });

  app.post<{ Params: { id: string; item: string } }>('/api/v1/incidents/:id/action-items/:item', async (request) => {
    const body = parse(actionItemChange, request.body, 'body');
    const incident = await load(request.params.id);
    const item = (await state.actionItems(incident.id)).find((i) => i.id === request.params.item);
    if (!item) throw new LaunchwatchError('not_found', `${incident.id} has no action item "${request.params.item}"`);
    const change = {
      ...(body.done !== undefined ? { done: body.done } : {}),
      ...(body.owner !== undefined ? { owner: body.owner } : {}),
      ...(body.due_at !== undefined ? { dueAt: body.due_at === null ? null : Date.parse(body.due_at) } : {}),
    };
    const outcome = changeActionItem(item, change, body.by ?? 'api', options.now());
    await state.putActionItem(outcome.item, outcome.entries);
    return { action_item: actionItemJson(outcome.item) };
  });

  app.get<{ Params: { id: string } }>('/api/v1/incidents/:id/postmortem', async (request, reply) => {
    const incident = await load(request.params.id);
    const plan = options.plan();
    const [timeline, actionItems] = await Promise.all([state.timeline(incident.id), state.actionItems(incident.id)]);
    const draft = postmortemDraft({
      incident,
      timeline,
      actionItems,
      components: plan.components,
      severity: plan.incidents.severities[incident.severity],
      product: plan.product.name,
      now: options.now(),
      roles: plan.incidents.roles,
    });
    return reply.type('text/markdown; charset=utf-8').send(draft);
  });

  app.get<{ Params: { id: string } }>('/api/v1/incidents/:id/messages/user', async (request, reply) => {
    const q = parse(messageQuery, request.query, 'query');
    const incident = await load(request.params.id);
    const plan = options.plan();
    const message = userMessage(
      incident,
      {
        product: plan.product.name,
        components: plan.components,
        severity: plan.incidents.severities[incident.severity],
        now: options.now(),
        ...(plan.incidents.statusPageUrl ? { statusPageUrl: plan.incidents.statusPageUrl } : {}),
      },
      { ...(q.issue ? { issue: q.issue } : {}), ...(q.affects ? { affects: q.affects } : {}) },
    );
    return reply.type('text/plain; charset=utf-8').send(messageText(message));
  });
}
