/**
 * A subset of the Alertmanager API v2, so existing tools work unchanged:
 * Prometheus sends its alerts here (POST /api/v2/alerts), and amtool and
 * other Alertmanager clients list alerts, manage silences and read the
 * status. Shapes follow Alertmanager 0.25's OpenAPI spec (alertmanager-wire.ts);
 * errors are answered as a JSON string, as Alertmanager does, so its
 * generated clients print our message. The admin token applies as to every
 * /api/ route.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AlertEngine } from '../../alerting/engine.js';
import { expireSilence, silenceMatchesFilter, sortSilences, upsertSilence } from '../../alerting/silences.js';
import { LaunchwatchError } from '../../errors.js';
import type { Plan } from '../../plan/types.js';
import { Mutex } from '../../store/duckdb/database.js';
import {
  admitAlert,
  alertsQuery,
  configText,
  gettableAlert,
  gettableSilence,
  postableAlert,
  postableSilence,
  silencesQuery,
  type AdmittedAlert,
} from './alertmanager-wire.js';
import { alertmanagerGroupRoutes, placements } from './alertmanager-groups.js';
import { alertSelected, expectedEnd, filterMatchers, parse, problemOf, receiverPattern } from './alertmanager-query.js';

export interface AlertmanagerRouteOptions {
  readonly alerts: AlertEngine;
  readonly plan: () => Plan;
  readonly now: () => number;
  readonly version: string;
  readonly newId?: () => string;
}

/** Generator URLs kept for external alerts (the engine does not store them); the oldest go first. */
const MAX_GENERATOR_URLS = 10_000;

const errorBody = z.object({ error: z.object({ message: z.string() }) });

/** Our error body `{ error: { code, message } }` as Alertmanager's: the message as a JSON string. */
function alertmanagerError(payload: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return payload;
  }
  const body = errorBody.safeParse(parsed);
  return body.success ? JSON.stringify(body.data.error.message) : payload;
}

/** The Alertmanager release whose API v2 launchwatch answers, and that amtool 0.25 expects. */
export const ALERTMANAGER_API_VERSION = '0.25.0';

export function alertmanagerRoutes(app: FastifyInstance, options: AlertmanagerRouteOptions): void {
  const startedAt = options.now();
  const newId = options.newId ?? randomUUID;
  const generatorUrls = new Map<string, string>();
  // A silence is read, decided on and written back: one change at a time, so two updates of one silence cannot both replace it.
  const silenceWrites = new Mutex();

  const remember = (alert: AdmittedAlert, url: string | undefined): void => {
    if (!url) return;
    const { fingerprint } = alert;
    generatorUrls.delete(fingerprint);
    generatorUrls.set(fingerprint, url);
    const oldest = generatorUrls.keys().next();
    if (generatorUrls.size > MAX_GENERATOR_URLS && !oldest.done) generatorUrls.delete(oldest.value);
  };

  // Encapsulated, so the error-body rewrite applies to these routes only.
  void app.register(async (scope) => {
    scope.addHook('onSend', async (_request, reply, payload) => (reply.statusCode >= 400 && typeof payload === 'string' ? alertmanagerError(payload) : payload));

    scope.post('/api/v2/alerts', async (request, reply) => {
      if (!Array.isArray(request.body)) throw new LaunchwatchError('invalid_request', 'alerts: expected an array of alerts');
      const items: readonly unknown[] = request.body;
      const now = options.now();
      const admitted: AdmittedAlert[] = [];
      const problems: string[] = [];
      for (const [index, item] of items.entries()) {
        const parsed = postableAlert.safeParse(item);
        if (!parsed.success) {
          problems.push(problemOf(parsed.error, `alerts[${index}]`));
          continue;
        }
        const outcome = admitAlert(parsed.data, now);
        if (outcome.kind === 'rejected') {
          problems.push(`alerts[${index}].${outcome.reason}`);
          continue;
        }
        admitted.push(outcome.alert);
        remember(outcome.alert, parsed.data.generatorURL);
      }
      // As Alertmanager: the valid alerts are taken even when others in the batch are refused.
      if (admitted.length > 0) await options.alerts.receiveExternal(admitted);
      if (problems.length > 0) throw new LaunchwatchError('invalid_request', problems.join('; '));
      return reply.code(200).send();
    });

    scope.get('/api/v2/alerts', async (request) => {
      const query = parse(alertsQuery, request.query, 'query');
      const filters = filterMatchers(query.filter);
      const receiver = receiverPattern(query.receiver);
      const now = options.now();
      const plan = options.plan();
      const alerts: ReturnType<typeof gettableAlert>[] = [];
      for (const view of options.alerts.list()) {
        const alert = view.alert;
        const endsAt = expectedEnd(alert, plan);
        if (!alertSelected(view, endsAt, now, filters, query)) continue;
        // As Alertmanager: an alert no route matches is the root route's, the fallback channels or the receiver that sends nothing.
        const receivers = [...new Set(placements(plan, alert.labels).map((p) => p.receiver))];
        if (receiver && !receivers.some((name) => receiver.matches(name))) continue;
        alerts.push(gettableAlert(view, receivers, endsAt, generatorUrls.get(alert.fingerprint)));
      }
      return alerts.sort((a, b) => a.fingerprint.localeCompare(b.fingerprint));
    });

    alertmanagerGroupRoutes(scope, { ...options, generatorUrl: (fingerprint) => generatorUrls.get(fingerprint) });

    scope.get('/api/v2/silences', async (request) => {
      const filters = filterMatchers(parse(silencesQuery, request.query, 'query').filter);
      const now = options.now();
      const silences = options.alerts.silences().filter((s) => silenceMatchesFilter(s, filters));
      return sortSilences(silences, now).map((s) => gettableSilence(s, now));
    });

    scope.post('/api/v2/silences', async (request) => {
      const body = parse(postableSilence, request.body, 'silence');
      const posted = {
        ...(body.id ? { id: body.id } : {}),
        matchers: body.matchers.map((m) => ({ name: m.name, value: m.value, isRegex: m.isRegex, isEqual: m.isEqual ?? true })),
        startsAt: Date.parse(body.startsAt),
        endsAt: Date.parse(body.endsAt),
        createdBy: body.createdBy,
        comment: body.comment,
      };
      return silenceWrites.run(async () => {
        const outcome = upsertSilence(options.alerts.silences(), posted, options.now(), newId);
        switch (outcome.kind) {
          case 'invalid':
            throw new LaunchwatchError('invalid_request', `silence.${outcome.reason}`);
          case 'not_found':
            throw new LaunchwatchError('not_found', `silence ${outcome.id} not found`);
          case 'updated':
            await options.alerts.putSilence(outcome.silence);
            return { silenceID: outcome.silence.id };
          case 'created':
            if (outcome.expired) await options.alerts.putSilence(outcome.expired);
            await options.alerts.putSilence(outcome.silence);
            return { silenceID: outcome.silence.id };
        }
      });
    });

    const findSilence = (id: string) => {
      const silence = options.alerts.silences().find((s) => s.id === id);
      if (!silence) throw new LaunchwatchError('not_found', `silence ${id} not found`);
      return silence;
    };

    scope.get<{ Params: { id: string } }>('/api/v2/silence/:id', async (request) => gettableSilence(findSilence(request.params.id), options.now()));

    // Expiring: the silence ends now. An expired one stays as it is, and the answer is still 200 (as Alertmanager 0.25).
    scope.delete<{ Params: { id: string } }>('/api/v2/silence/:id', async (request, reply) => {
      await silenceWrites.run(async () => {
        const outcome = expireSilence(findSilence(request.params.id), options.now());
        if (outcome.kind === 'expired') await options.alerts.putSilence(outcome.silence);
      });
      return reply.code(200).send();
    });

    scope.get('/api/v2/status', async () => ({
      cluster: { name: 'launchwatch', status: 'ready', peers: [] },
      // The Alertmanager version whose API this is, so amtool (which warns when its version and the
      // server's differ) is quiet; launchwatch's own version beside it.
      versionInfo: {
        version: ALERTMANAGER_API_VERSION,
        launchwatch: options.version,
        revision: `launchwatch ${options.version}`,
        branch: 'unknown',
        buildUser: 'launchwatch',
        buildDate: 'unknown',
        goVersion: `node ${process.versions.node}`,
      },
      config: { original: configText(options.plan(), options.version) },
      uptime: new Date(startedAt).toISOString(),
    }));
  });
}
