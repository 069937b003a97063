/**
 * The plan's shape as written in YAML. Strict: an unknown key is an error.
 * Cross-references (a metric's event, a property's type) are checked in resolve.ts.
 */
import { z } from 'zod';
import { rawIncidentFigure } from './incident-metrics.js';
import { rawGithubFigure } from './sources.js';
import { rawRetention } from './retention.js';
import { rawFunnel } from './funnel.js';
import { rawHaving } from './having.js';
import { NAME } from './section.js';
import { rawWhere } from './where.js';

const name = (what: string) =>
  z.string().regex(NAME, `${what} must be lower-case letters, digits and _, starting with a letter (at most 63 characters)`);

const scalar = z.union([z.string(), z.number(), z.boolean()]);

const propertyType = z.enum(['string', 'number', 'boolean']);

/** `success: boolean`, `backend: { enum: [a, b] }`, `shell: { type: string, optional: true }`. */
export const rawProperty = z.union([
  propertyType,
  z.strictObject({
    type: propertyType.optional(),
    enum: z.array(z.string()).min(1).optional(),
    optional: z.boolean().optional(),
  }),
]);

export const rawEvent = z.record(name('a property name'), rawProperty);

/** AND of conditions: a value, a list of values, a comparison, or any: (where.ts). */
export { rawWhere };

const thresholdText = z.union([z.string(), z.number()]);

export const rawTarget = z.strictObject({ green: thresholdText, yellow: thresholdText.optional() });

export const rawGroupTarget = z.strictObject({
  group: z.record(z.string(), scalar),
  green: thresholdText,
  yellow: thresholdText.optional(),
});

export const rawMetric = z.strictObject({
  title: z.string().min(1).optional(),
  description: z.string().optional(),
  unit: z.string().min(1).optional(),
  from: z.string().optional(),
  /** Instead of from: a figure of launchwatch's own incidents (src/plan/incident-metrics.ts). */
  incidents: rawIncidentFigure.optional(),
  /** Instead of from: a figure of the repository's GitHub issues (src/plan/sources.ts). */
  github: rawGithubFigure.optional(),
  /** Instead of from: a PromQL query to sources.prometheus (src/plan/prometheus.ts). */
  prometheus: z.string().optional(),
  where: rawWhere.optional(),
  count: z.literal(true).optional(),
  distinct: z.string().optional(),
  ratio: rawWhere.optional(),
  quantile: z.strictObject({ of: z.string(), q: z.number().gt(0).lt(1) }).optional(),
  mean: z.string().optional(),
  sum: z.string().optional(),
  share: z.string().optional(),
  nps: z.string().optional(),
  max: z.string().optional(),
  min: z.string().optional(),
  /** With distinct: only the values (users) whose events in the window pass it (src/plan/having.ts). */
  having: rawHaving.optional(),
  /** Instead of from: users who did the steps in order (src/plan/funnel.ts). */
  funnel: rawFunnel.optional(),
  /** Users first seen in a cohort period who are active again after a while (src/plan/retention.ts). */
  retention: rawRetention.optional(),
  per: z.string().optional(),
  by: z.union([z.string(), z.array(z.string()).min(1)]).optional(),
  window: z.string(),
  target: rawTarget.optional(),
  targets: z.array(rawGroupTarget).optional(),
});

/** The same shape without the unknown-key check, to report a metric's other errors alongside. */
export const rawMetricLoose = z.object(rawMetric.shape);

export type RawMetric = z.infer<typeof rawMetric>;

/** The top level. Events and metrics are parsed one by one so that every error is found at once. */
export const rawPlan = z.strictObject({
  version: z.literal(1),
  product: z.strictObject({ name: z.string().min(1) }),
  ingest: z
    .strictObject({
      keys: z.array(z.strictObject({ name: z.string().min(1), key: z.string().min(1) })).optional(),
      max_body: z.union([z.string(), z.number().int().positive()]).optional(),
      max_future: z.string().optional(),
      rate_limit: z.strictObject({ events_per_second: z.number().positive(), burst: z.number().int().positive().optional() }).optional(),
    })
    .optional(),
  evaluation: z.strictObject({ interval: z.string() }).optional(),
  events: z.record(name('an event name'), z.unknown()),
  metrics: z.record(name('a metric id'), z.unknown()).optional(),
  channels: z.record(name('a channel name'), z.unknown()).optional(),
  people: z.record(z.string(), z.unknown()).optional(),
  schedules: z.record(z.string(), z.unknown()).optional(),
  escalation: z.record(z.string(), z.unknown()).optional(),
  components: z.record(z.string(), z.unknown()).optional(),
  incidents: z.unknown().optional(),
  alerts: z.array(z.unknown()).optional(),
  routing: z.unknown().optional(),
  /** Named periods routes mute or activate by (src/plan/time-intervals.ts). */
  time_intervals: z.array(z.unknown()).optional(),
  inhibit: z.array(z.unknown()).optional(),
  notify: z.unknown().optional(),
  reports: z.unknown().optional(),
  success_criteria: z.unknown().optional(),
  phases: z.unknown().optional(),
  baselines: z.record(z.string(), z.unknown()).optional(),
  privacy: z.unknown().optional(),
  probes: z.record(name('a probe name'), z.unknown()).optional(),
  sources: z.unknown().optional(),
  otlp: z.unknown().optional(),
  /** Subscribers and scheduled maintenance (src/plan/talk.ts). */
  status_page: z.unknown().optional(),
  /** Service level objectives and their burn-rate alerts (src/plan/slos.ts). */
  slos: z.record(z.string(), z.unknown()).optional(),
});

export type RawPlan = z.infer<typeof rawPlan>;
