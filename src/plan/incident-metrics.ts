/**
 * Incident figures as plan metrics: a metric with `incidents:` instead of
 * `from:` measures launchwatch's own incidents over its window (MTTA, MTTR,
 * compliance with the response and resolution targets, counts), per severity
 * if asked, and is judged, recorded and alerted on like any other metric.
 * The shape (zod) and its meaning; measuring is src/metrics/incident-figures.ts's.
 *
 *   mtta_sev1: { incidents: { figure: mtta, severity: SEV1 }, window: 30d, target: { green: "<= 5m", yellow: "<= 15m" } }
 */
import { z } from 'zod';
import { INCIDENT_FIGURES, INCIDENT_GROUP_FIELD, INCIDENT_SEVERITIES, type IncidentFigure } from './incident-types.js';
import type { PlanIssue } from './issue.js';
import type { RawFigureMetric } from './section.js';
import { resolveTarget } from './plan-targets.js';
import type { GroupTarget, MetricSpec } from './types.js';

const severity = z.enum(INCIDENT_SEVERITIES, { error: `a severity is one of ${INCIDENT_SEVERITIES.join(', ')}` });

export const rawIncidentFigure = z.strictObject({
  figure: z.enum(INCIDENT_FIGURES, { error: `figure is one of ${INCIDENT_FIGURES.join(', ')}` }),
  /** One severity or a list; read as a list. */
  severity: z.preprocess((v) => (typeof v === 'string' ? [v] : v), z.array(severity).min(1)).optional(),
});

/** Keys of an event metric that an incident metric cannot take. */
const EVENT_KEYS = ['from', 'where', 'count', 'distinct', 'ratio', 'quantile', 'mean', 'sum', 'share', 'per'] as const;

const UNIT: Readonly<Record<IncidentFigure, string>> = {
  declared: 'count',
  open: 'count',
  mtta: 'ms',
  mttm: 'ms',
  mttr: 'ms',
  response_compliance: 'percent',
  resolution_compliance: 'percent',
};



/** A metric with `incidents:`: its figure, severities, grouping (`by: severity` only) and targets. */
export function resolveIncidentMetric(id: string, raw: RawFigureMetric, windowMs: number | undefined, issues: PlanIssue[]): MetricSpec | undefined {
  const base = ['metrics', id] as const;
  const before = issues.length;
  // Its shape was checked with the metric's (schema.ts): an invalid one never gets here.
  const given = rawIncidentFigure.safeParse(raw.incidents);
  for (const key of EVENT_KEYS) {
    if (raw[key] !== undefined) issues.push({ path: [...base, key], message: `an incident metric is measured from incidents; it takes no ${key}`, atKey: true });
  }
  const by = raw.by === undefined ? [] : typeof raw.by === 'string' ? [raw.by] : raw.by;
  by.forEach((field, i) => {
    if (field !== INCIDENT_GROUP_FIELD) {
      issues.push({ path: typeof raw.by === 'string' ? [...base, 'by'] : [...base, 'by', i], message: `an incident metric can only be grouped by ${INCIDENT_GROUP_FIELD}` });
    }
  });
  const overall = raw.target ? resolveTarget(raw.target, [...base, 'target'], issues) : undefined;
  const targets: GroupTarget[] = [];
  (raw.targets ?? []).forEach((entry, i) => {
    const path = [...base, 'targets', i];
    for (const [field, value] of Object.entries(entry.group)) {
      if (field !== INCIDENT_GROUP_FIELD || !by.includes(field)) {
        issues.push({ path: [...path, 'group', field], message: by.length ? `an incident metric's groups are by ${INCIDENT_GROUP_FIELD}` : 'this metric has no groups; per-group targets need by: severity', atKey: true });
      } else if (!(INCIDENT_SEVERITIES as readonly unknown[]).includes(value)) {
        issues.push({ path: [...path, 'group', field], message: `${JSON.stringify(value)} is not a severity (${INCIDENT_SEVERITIES.join(', ')})` });
      }
    }
    const resolved = resolveTarget(entry, path, issues);
    if (resolved) targets.push(Object.freeze({ ...resolved, group: Object.freeze({ ...entry.group }) }));
  });
  if (issues.length > before || !given.success || windowMs === undefined) return undefined;
  const severities = [...new Set(given.data.severity ?? [])];
  return Object.freeze({
    id,
    title: raw.title ?? id,
    ...(raw.description ? { description: raw.description } : {}),
    from: '',
    where: Object.freeze([]),
    measure: Object.freeze({ kind: 'incidents', figure: given.data.figure, severities: Object.freeze(severities) }),
    by: Object.freeze(by),
    windowMs,
    ...(overall ? { target: overall } : {}),
    targets: Object.freeze(targets),
    unit: raw.unit ?? UNIT[given.data.figure],
  });
}
