/**
 * Reports over HTTP: GET /api/v1/reports/weekly?week=2026-W47&format=md|html|json
 * and /api/v1/reports/monthly?month=2026-11&format=…; the last closed period
 * when none is given. JSON by default.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { LaunchwatchError } from '../../errors.js';
import type { Plan } from '../../plan/types.js';
import type { ReportStores } from '../../reports/gather.js';
import { CONTENT_TYPES, FORMATS, isFormat, render } from '../../reports/render.js';
import { buildReport, periodFor, type ReportKind } from '../../reports/service.js';
import { MAX_TIME_MS } from '../params.js';

/** The first instant a report may cover: a year after the epoch, so that the periods it compares with are in range too. */
const FIRST_REPORTED = Date.UTC(1971, 0, 1);

export interface ReportRouteOptions {
  readonly plan: () => Plan;
  readonly stores: ReportStores;
  readonly now: () => number;
}

const query = z.object({ week: z.string().optional(), month: z.string().optional(), format: z.string().optional() });

export function reportRoutes(app: FastifyInstance, options: ReportRouteOptions): void {
  const route = (kind: ReportKind, key: 'week' | 'month') =>
    app.get(`/api/v1/reports/${kind}`, async (request, reply) => {
      const parsed = query.safeParse(request.query);
      if (!parsed.success) throw new LaunchwatchError('invalid_request', `${key} and format must be given once each`);
      const format = parsed.data.format ?? 'json';
      if (!isFormat(format)) throw new LaunchwatchError('invalid_request', `format: "${format}" is not one of ${FORMATS.join(', ')}`);
      const now = options.now();
      const period = periodFor(kind, parsed.data[key], now, options.plan().reports.timezone);
      if (period.kind === 'invalid') throw new LaunchwatchError('invalid_request', `${key}: ${period.reason}`);
      if (period.period.from < FIRST_REPORTED || period.period.to > MAX_TIME_MS) {
        throw new LaunchwatchError('invalid_request', `${key}: out of range; a report covers a ${key} from 1971 to 9999`);
      }
      const report = await buildReport(kind, options.plan(), options.stores, period.period, now, (metric, error) => request.log.error({ err: error, metric: metric.id }, 'report: metric could not be measured'));
      return reply.type(CONTENT_TYPES[format]).send(render(report, format));
    });
  route('weekly', 'week');
  route('monthly', 'month');
}
