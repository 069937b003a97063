/**
 * The plan's SLOs as OpenSLO v1 `SLO` documents, pure (docs/slos.md,
 * "OpenSLO mapping"): the SLI becomes a ratioMetric whose good and total are
 * metric sources of `type: launchwatch`, each with the query as its spec
 * (total: the SLI without good; good: the SLI with good, which for a probe or
 * an incidents SLI is `good: true`, the SLI's own notion of good). What
 * OpenSLO has no field for (the plan id, by, alerts) rides in annotations
 * under `launchwatch/`.
 */
import { formatDuration } from '../plan/duration.js';
import type { SloSpec } from '../plan/slo-types.js';

export const OPENSLO_API_VERSION = 'openslo/v1';
export const LAUNCHWATCH_SOURCE = 'launchwatch';
/** Annotation keys for what OpenSLO has no field for. */
export const ANNOTATION = { id: 'launchwatch/id', by: 'launchwatch/by', alerts: 'launchwatch/alerts' } as const;

/** One SLO of the plan as written (its `sli` and `alerts` exactly as in the file) and as resolved. */
export interface ExportedSlo {
  readonly spec: SloSpec;
  readonly raw: { readonly sli: Readonly<Record<string, unknown>>; readonly alerts?: unknown; readonly description?: unknown };
}

export type OpenSloDocument = Record<string, unknown>;

/** An OpenSLO name (RFC 1123 label): the plan id with _ as -. */
export const openSloName = (id: string): string => id.replace(/_/g, '-');

/** An objective as a fraction, without binary noise: 0.995, not 0.99500000000000004. */
const target = (objective: number): number => Number(objective.toPrecision(12));

function ratioMetric(sli: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const { good, ...total } = sli;
  const goodSpec = 'events' in sli ? { ...total, good } : { ...total, good: true };
  return {
    counter: true,
    good: { metricSource: { type: LAUNCHWATCH_SOURCE, spec: goodSpec } },
    total: { metricSource: { type: LAUNCHWATCH_SOURCE, spec: total } },
  };
}

function annotations(slo: ExportedSlo): Record<string, string> {
  const out: Record<string, string> = { [ANNOTATION.id]: slo.spec.id };
  if (slo.spec.by.length > 0) out[ANNOTATION.by] = slo.spec.by.join(',');
  if (slo.raw.alerts !== undefined && slo.raw.alerts !== null) out[ANNOTATION.alerts] = JSON.stringify(slo.raw.alerts);
  return out;
}

export function openSloDocument(slo: ExportedSlo, service: string): OpenSloDocument {
  const name = openSloName(slo.spec.id);
  const description = typeof slo.raw.description === 'string' ? { description: slo.raw.description } : {};
  return {
    apiVersion: OPENSLO_API_VERSION,
    kind: 'SLO',
    metadata: { name, displayName: slo.spec.title, annotations: annotations(slo) },
    spec: {
      ...description,
      service,
      indicator: { metadata: { name: `${name}-sli` }, spec: { ratioMetric: ratioMetric(slo.raw.sli) } },
      timeWindow: [{ duration: formatDuration(slo.spec.windowMs), isRolling: true }],
      budgetingMethod: 'Occurrences',
      objectives: [{ displayName: slo.spec.title, target: target(slo.spec.objective) }],
    },
  };
}

/** Every SLO as one document, in plan order. */
export function openSloDocuments(slos: readonly ExportedSlo[], service: string): OpenSloDocument[] {
  return slos.map((slo) => openSloDocument(slo, service));
}
