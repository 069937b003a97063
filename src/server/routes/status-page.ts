/**
 * The public status page: GET /status (HTML), /status.json and the Atom feed
 * /status/feed.xml. Outside /api/, so no token: what they show is built by
 * status/model.ts from public timeline entries only.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Plan } from '../../plan/types.js';
import type { MaintenanceView } from '../../status/maintenance.js';
import { renderAtom } from '../../status/feed.js';
import { renderStatusHtml } from '../../status/html.js';
import { renderStatusJson } from '../../status/json.js';
import { DAY_MS, startOfUtcDay, statusModel, type PublicTitles, type StatusModel } from '../../status/model.js';
import { observationStart, type ObservationStart } from '../../status/observed.js';
import type { IncidentStore, SampleStore } from '../../store/ports.js';
import type { EventStore } from '../../store/types.js';
import type { ProbeState } from '../../sources/probes/runner.js';
import { probeComponents } from '../../sources/probes/status.js';

export interface StatusPageRouteOptions {
  readonly plan: () => Plan;
  /** The incidents the page shows. */
  readonly state: IncidentStore;
  readonly now: () => number;
  /** The URL people reach this server at, for the feed's links and ids; else taken from the request's Host. */
  readonly externalUrl?: string;
  /** Uptime probes: their stored results and their state now, for the components they watch. */
  readonly probes?: { readonly events: EventStore; readonly states: () => ReadonlyMap<string, ProbeState> };
  /** The recorded evaluations: days before the first one show as no data. Without it every day counts as observed. */
  readonly samples?: Pick<SampleStore, 'samples'>;
  /** Scheduled maintenance running or ahead, shown on the page. */
  readonly maintenance?: (plan: Plan, now: number) => readonly MaintenanceView[];
}

export const HISTORY_DAYS = 90;

/** Short: the page changes when an incident does; caches and readers may keep it this long. */
const CACHE_CONTROL = 'public, max-age=30';
export const STATUS_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

/** The public titles the plan gives incidents declared from its alerts. */
function publicTitles(plan: Plan): PublicTitles {
  const byRule = Object.fromEntries(plan.alerts.flatMap((rule) => (rule.publicSummary ? [[rule.name, rule.publicSummary]] : [])));
  return plan.incidents.publicTitle ? { byRule, fallback: plan.incidents.publicTitle } : { byRule };
}

/** The model from the store: incidents active at some moment of the window, and their public entries only. */
export async function loadStatusModel(plan: Plan, state: IncidentStore, now: number, probes?: StatusPageRouteOptions['probes'], observed?: ObservationStart): Promise<StatusModel> {
  const from = startOfUtcDay(now) - (HISTORY_DAYS - 1) * DAY_MS;
  const incidents = await state.incidents({ from, to: now });
  const timelines = await Promise.all(incidents.map((incident) => state.timeline(incident.id, { publicOnly: true })));
  const probed = probes ? await probeComponents(plan, probes.events, probes.states(), { from, now, days: HISTORY_DAYS }) : undefined;
  const observedSince = observed ? await observed.since(plan.metrics[0]?.id, from, now) : undefined;
  return statusModel({
    components: plan.components,
    incidents,
    publicTimeline: timelines.flat(),
    now,
    days: HISTORY_DAYS,
    publicTitles: publicTitles(plan),
    ...(probed ? { probes: probed } : {}),
    ...(observedSince !== undefined ? { observedSince } : {}),
  });
}

/** `http://host:port` from the request when no external URL is configured; a Host that is not a plain host name is not echoed. */
function requestOrigin(request: FastifyRequest): string {
  const host = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(request.host) ? request.host : 'localhost';
  return `${request.protocol}://${host}`;
}

function publicHeaders(reply: FastifyReply, contentType: string): FastifyReply {
  return reply.type(contentType).header('cache-control', CACHE_CONTROL).header('x-content-type-options', 'nosniff').header('referrer-policy', 'no-referrer');
}

export function statusPageRoutes(app: FastifyInstance, options: StatusPageRouteOptions): void {
  const observed = options.samples ? observationStart(options.samples) : undefined;
  const load = async (): Promise<{ model: StatusModel; product: string; subscribers: boolean }> => {
    const plan = options.plan();
    const model = await loadStatusModel(plan, options.state, options.now(), options.probes, observed);
    const maintenance = options.maintenance?.(plan, model.now) ?? [];
    return { model: maintenance.length ? { ...model, maintenance } : model, product: plan.product.name, subscribers: plan.statusPage.subscribers !== null };
  };

  app.get('/status', async (_request, reply) => {
    const { model, product, subscribers } = await load();
    return publicHeaders(reply, 'text/html; charset=utf-8')
      .header('content-security-policy', STATUS_PAGE_CSP)
      .send(renderStatusHtml(model, { product, generatedAt: model.now, ...(subscribers ? { subscribeHref: '/status/subscribe' } : {}) }));
  });

  app.get('/status.json', async (_request, reply) => {
    const { model } = await load();
    return publicHeaders(reply, 'application/json; charset=utf-8').header('access-control-allow-origin', '*').send(renderStatusJson(model));
  });

  app.get('/status/feed.xml', async (request, reply) => {
    const { model, product } = await load();
    const baseUrl = options.externalUrl ?? requestOrigin(request);
    return publicHeaders(reply, 'application/atom+xml; charset=utf-8').header('access-control-allow-origin', '*').send(renderAtom(model, { baseUrl, product }));
  });
}
