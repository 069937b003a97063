/**
 * The alerts API: current alerts with what suppresses them, acknowledgement,
 * transition history, and the notification outbox.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AlertEngine, AlertView } from '../../alerting/engine.js';
import { firingCounts } from '../../alerting/views.js';
import { LaunchwatchError } from '../../errors.js';
import { epochMs } from '../params.js';
import type { AlertStateStore, OutboxStore } from '../../store/ports.js';
import { ruleUnit } from '../../alerting/template.js';
import type { Plan } from '../../plan/types.js';

export interface AlertRouteOptions {
  readonly alerts: AlertEngine;
  /** The alert history and the notifications. */
  readonly state: AlertStateStore & OutboxStore;
  readonly now: () => number;
  /** The plan, for the unit of each rule's value; without it `unit` is ''. */
  readonly plan?: () => Plan;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** The unit of each rule's value (`percent`, `ms`, `count`, ...), by rule name. */
function unitsOf(plan: Plan | undefined): (rule: string) => string {
  if (!plan) return () => '';
  const units = new Map(plan.metrics.map((m) => [m.id, m.unit]));
  const rules = new Map(plan.alerts.map((r) => [r.name, r]));
  return (rule) => ruleUnit(rules.get(rule), (metric) => units.get(metric) ?? '');
}

export function alertJson(view: AlertView, unitOf: (rule: string) => string = () => '') {
  const a = view.alert;
  return {
    fingerprint: a.fingerprint,
    rule: a.rule,
    source: a.source,
    state: a.state,
    severity: a.severity,
    since: iso(a.since),
    value: a.value,
    unit: a.source === 'rule' ? unitOf(a.rule) : '',
    labels: a.labels,
    annotations: a.annotations,
    fired_at: iso(a.firedAt),
    resolved_at: iso(a.resolvedAt),
    acknowledged_by: a.acknowledgedBy,
    acknowledged_at: iso(a.acknowledgedAt),
    silenced_by: view.silencedBy,
    inhibited_by: view.inhibitedBy,
    health: a.health,
    error: a.error,
  };
}

const STATES = ['inactive', 'pending', 'firing', 'resolved', 'nodata', 'error'] as const;
const listQuery = z.strictObject({ state: z.enum(STATES).optional() });
const historyQuery = z.strictObject({
  fingerprint: z.string().optional(),
  from: z.string().regex(/^\d+$/).optional(),
  to: z.string().regex(/^\d+$/).optional(),
  limit: z.string().regex(/^\d+$/).optional(),
});
const notificationQuery = z.strictObject({ status: z.enum(['pending', 'sent', 'failed']).optional(), limit: z.string().regex(/^\d+$/).optional() });
const ackBody = z.strictObject({ by: z.string().min(1).max(200).optional() }).optional();

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue?.path.join('.') || (issue?.code === 'unrecognized_keys' ? issue.keys.join(', ') : '');
    throw new LaunchwatchError('invalid_request', `${what}${field ? ` ${field}` : ''}: ${issue?.message ?? 'invalid'}`);
  }
  return result.data;
}

export function alertRoutes(app: FastifyInstance, options: AlertRouteOptions): void {
  app.get('/api/v1/alerts', async (request) => {
    const { state } = parse(listQuery, request.query, 'query');
    const all = options.alerts.list();
    const views = all.filter((v) => (state ? v.alert.state === state : v.alert.state !== 'inactive'));
    const unitOf = unitsOf(options.plan?.());
    // The Overview's counts: a silenced or inhibited alert counts as such, not as firing.
    const { bySeverity, ...total } = firingCounts(all);
    return { alerts: views.map((v) => alertJson(v, unitOf)), counts: { ...total, by_severity: bySeverity } };
  });

  app.post<{ Params: { fingerprint: string } }>('/api/v1/alerts/:fingerprint/ack', async (request, reply) => {
    const body = parse(ackBody, request.body ?? undefined, 'body');
    const result = await options.alerts.acknowledge(request.params.fingerprint, body?.by ?? 'api');
    if (result.kind === 'not_found') throw new LaunchwatchError('not_found', `no alert with fingerprint "${request.params.fingerprint}"`);
    if (result.kind === 'not_firing') throw new LaunchwatchError('conflict', `alert "${request.params.fingerprint}" is ${result.alert.state}; only a firing alert can be acknowledged`);
    const view = options.alerts.get(request.params.fingerprint);
    return reply.code(result.kind === 'already' ? 200 : 201).send({ acknowledged: result.kind === 'acknowledged', alert: view ? alertJson(view, unitsOf(options.plan?.())) : null });
  });

  app.get('/api/v1/alerts/history', async (request) => {
    const q = parse(historyQuery, request.query, 'query');
    const transitions = await options.state.alertHistory({
      ...(q.fingerprint ? { fingerprint: q.fingerprint } : {}),
      ...(q.from ? { from: epochMs(q.from, 'query from') } : {}),
      ...(q.to ? { to: epochMs(q.to, 'query to') } : {}),
      limit: Math.min(Number(q.limit ?? 500), 5000),
    });
    return { transitions: transitions.map((t) => ({ ...t, at: iso(t.at) })) };
  });

  app.get('/api/v1/notifications', async (request) => {
    const q = parse(notificationQuery, request.query, 'query');
    const records = await options.state.notifications({ ...(q.status ? { status: q.status } : {}), limit: Math.min(Number(q.limit ?? 200), 2000) });
    return {
      notifications: records.map((n) => ({
        id: n.id,
        channel: n.channel,
        kind: n.kind,
        status: n.delivery,
        group_key: n.groupKey,
        alert_status: n.status,
        alerts: n.alerts.map((a) => a.fingerprint),
        attempts: n.attempts,
        created_at: iso(n.createdAt),
        next_attempt_at: iso(n.nextAttemptAt),
        sent_at: iso(n.sentAt),
        last_error: n.lastError,
      })),
    };
  });
}
