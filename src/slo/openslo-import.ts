/**
 * OpenSLO v1 documents as SLOs of the plan, pure (docs/slos.md, "OpenSLO
 * mapping"): each `kind: SLO` document with a ratioMetric of good and total
 * metric sources of `type: launchwatch` becomes one entry of `slos:`, as
 * written in a plan. Refused, each with why: thresholdMetric and raw ratio
 * metrics (launchwatch counts good events among all; a threshold on a metric
 * per time slice and a precomputed ratio give no events to count), bad
 * instead of good, metric sources of another type (their query cannot be
 * read here), Timeslices budgeting, calendar windows, several objectives.
 * `indicatorRef` names a `kind: SLI` document of the same input.
 */
import { formatDuration, parseDuration } from '../plan/duration.js';
import { NAME } from '../plan/section.js';
import { ANNOTATION, LAUNCHWATCH_SOURCE, OPENSLO_API_VERSION } from './openslo-export.js';

/** An SLO as written under `slos:` (keys in the plan's vocabulary). */
export type PlanSlo = Record<string, unknown>;

export interface ImportResult {
  readonly slos: ReadonlyMap<string, PlanSlo>;
  /** One line per document refused or skipped, naming it and saying why. */
  readonly refused: readonly string[];
  readonly skipped: readonly string[];
}

type Obj = Record<string, unknown>;

class Refusal extends Error {}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function obj(parent: Obj, key: string, where: string): Obj {
  const v = parent[key];
  if (!isObj(v)) throw new Refusal(`${where}${key} is missing or not a mapping`);
  return v;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

/** The plan id: the annotation launchwatch/id when it is one, else metadata.name with - as _. */
function idOf(metadata: Obj): string {
  const annotations = isObj(metadata.annotations) ? metadata.annotations : {};
  const given = str(annotations[ANNOTATION.id]) ?? str(metadata.name)?.replace(/-/g, '_');
  if (given === undefined) throw new Refusal('metadata.name is missing');
  if (!NAME.test(given)) throw new Refusal(`"${given}" cannot be an SLO id (lower-case letters, digits and _, starting with a letter)`);
  return given;
}

/** A launchwatch metric source's query (its spec). */
function sourceSpec(metric: Obj, which: 'good' | 'total'): Obj {
  const source = obj(obj(metric, which, 'ratioMetric.'), 'metricSource', `ratioMetric.${which}.`);
  const type = str(source.type);
  if (type?.toLowerCase() !== LAUNCHWATCH_SOURCE) {
    const named = type ?? (str(source.metricSourceRef) ? `a metricSourceRef (${String(source.metricSourceRef)})` : 'none');
    throw new Refusal(`ratioMetric.${which}.metricSource.type is ${named}: launchwatch reads only metric sources of type launchwatch, whose spec is the SLI's query (events, where, good); another tool's query cannot be read here`);
  }
  return obj(source, 'spec', `ratioMetric.${which}.metricSource.`);
}

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The SLI (plan vocabulary) from good and total queries: good must be total plus `good`. */
function sliOf(indicator: Obj): Obj {
  const spec = obj(indicator, 'spec', 'indicator.');
  if (spec.thresholdMetric !== undefined) throw new Refusal('a thresholdMetric SLI is refused: it compares a metric value per time slice with a threshold, while a launchwatch SLI counts good events among all of them; write it as a ratioMetric of good and total');
  const metric = obj(spec, 'ratioMetric', 'indicator.spec.');
  if (metric.raw !== undefined) throw new Refusal('a raw ratioMetric is refused: it reads a precomputed ratio, while launchwatch counts the good and total events itself; give good and total');
  if (metric.bad !== undefined && metric.good === undefined) throw new Refusal('a ratioMetric with bad is refused: launchwatch needs the conditions of a good event; give good and total');
  const total = sourceSpec(metric, 'total');
  const good = sourceSpec(metric, 'good');
  const { good: goodPart, ...rest } = good;
  if (goodPart === undefined || !sameJson(rest, total)) throw new Refusal('ratioMetric.good.metricSource.spec must be the total spec with good added (good: conditions for events, good: true for a probe or incidents SLI)');
  if (total.events !== undefined) {
    if (!isObj(goodPart)) throw new Refusal('ratioMetric.good.metricSource.spec.good must be the conditions of a good event, e.g. { status: { lt: 500 } }');
    return { ...total, good: goodPart };
  }
  if (goodPart !== true) throw new Refusal('ratioMetric.good.metricSource.spec.good is true for a probe or an incidents SLI');
  return total;
}

function indicatorOf(doc: Obj, indicators: ReadonlyMap<string, Obj>): Obj {
  const spec = obj(doc, 'spec', '');
  if (isObj(spec.indicator)) return spec.indicator;
  const ref = str(spec.indicatorRef);
  if (ref === undefined) throw new Refusal('spec.indicator or spec.indicatorRef is needed');
  const found = indicators.get(ref);
  if (!found) throw new Refusal(`spec.indicatorRef "${ref}" names no kind: SLI document of this file`);
  return found;
}

/** An OpenSLO duration (m, h, d, w) as a plan duration; M, Q, Y are calendar lengths and refused. */
function windowOf(spec: Obj): string {
  const windows = spec.timeWindow;
  if (!Array.isArray(windows) || windows.length !== 1 || !isObj(windows[0])) throw new Refusal('spec.timeWindow must hold exactly one window');
  const w = windows[0];
  if (w.isRolling !== true || w.calendar !== undefined) throw new Refusal('spec.timeWindow: a calendar window is refused; launchwatch windows are rolling (isRolling: true)');
  const text = str(w.duration) ?? '';
  const parsed = /^\d+[mhdw]$/.test(text) ? parseDuration(text) : undefined;
  if (parsed?.kind !== 'ok' || parsed.ms <= 0) throw new Refusal(`spec.timeWindow.duration "${text}" is not a duration in m, h, d or w (M, Q and Y are calendar lengths)`);
  return formatDuration(parsed.ms);
}

function objectiveOf(spec: Obj): string {
  const objectives = spec.objectives;
  if (!Array.isArray(objectives) || objectives.length !== 1 || !isObj(objectives[0])) throw new Refusal('spec.objectives must hold exactly one objective (a launchwatch SLO has one; write one SLO per objective)');
  const o = objectives[0];
  if (o.op !== undefined || o.value !== undefined) throw new Refusal('spec.objectives: op and value are a threshold objective, refused: a launchwatch objective is a share of good events (target)');
  const fraction = typeof o.target === 'number' ? o.target : typeof o.targetPercent === 'number' ? o.targetPercent / 100 : undefined;
  if (fraction === undefined || !(fraction > 0 && fraction < 1)) throw new Refusal('spec.objectives[0].target must be a number above 0 and below 1 (or targetPercent above 0 and below 100)');
  return `${Number((fraction * 100).toPrecision(12))}%`;
}

function extras(metadata: Obj): Obj {
  const annotations = isObj(metadata.annotations) ? metadata.annotations : {};
  const out: Obj = {};
  const by = str(annotations[ANNOTATION.by]);
  if (by !== undefined) {
    const fields = by.split(',').map((f) => f.trim()).filter((f) => f !== '');
    out.by = fields.length === 1 ? fields[0] : fields;
  }
  const alerts = str(annotations[ANNOTATION.alerts]);
  if (alerts !== undefined) {
    try {
      out.alerts = JSON.parse(alerts) as unknown;
    } catch {
      throw new Refusal(`metadata.annotations["${ANNOTATION.alerts}"] is not JSON`);
    }
  }
  return out;
}

function sloOf(doc: Obj, indicators: ReadonlyMap<string, Obj>): { id: string; slo: PlanSlo } {
  if (doc.apiVersion !== OPENSLO_API_VERSION) throw new Refusal(`apiVersion is ${String(doc.apiVersion)}: only ${OPENSLO_API_VERSION} is read`);
  const metadata = obj(doc, 'metadata', '');
  const spec = obj(doc, 'spec', '');
  const id = idOf(metadata);
  // The indicator first: what it measures is the likeliest reason a document cannot be read.
  const sli = sliOf(indicatorOf(doc, indicators));
  const method = spec.budgetingMethod ?? 'Occurrences';
  if (method !== 'Occurrences') throw new Refusal(`spec.budgetingMethod ${String(method)} is refused: launchwatch budgets count good events (Occurrences), not good time slices`);
  const title = str(metadata.displayName);
  const description = str(spec.description);
  const slo: PlanSlo = {
    ...(title !== undefined && title !== id ? { title } : {}),
    ...(description !== undefined ? { description } : {}),
    objective: objectiveOf(spec),
    window: windowOf(spec),
    sli,
    ...extras(metadata),
  };
  return { id, slo };
}

const label = (doc: unknown, i: number): string => {
  const name = isObj(doc) && isObj(doc.metadata) ? str(doc.metadata.name) : undefined;
  return `document ${i + 1}${name !== undefined ? ` (${name})` : ''}`;
};

/** Every SLO document of the input; the others are skipped (SLI documents serve indicatorRef). */
export function importOpenSlo(docs: readonly unknown[]): ImportResult {
  const indicators = new Map<string, Obj>();
  for (const doc of docs) if (isObj(doc) && doc.kind === 'SLI' && isObj(doc.metadata) && str(doc.metadata.name)) indicators.set(String(doc.metadata.name), doc);
  const slos = new Map<string, PlanSlo>();
  const refused: string[] = [];
  const skipped: string[] = [];
  docs.forEach((doc, i) => {
    if (!isObj(doc) || doc.kind !== 'SLO') {
      if (!(isObj(doc) && doc.kind === 'SLI')) skipped.push(`${label(doc, i)}: kind ${isObj(doc) ? String(doc.kind) : 'none'} is not an SLO; skipped`);
      return;
    }
    try {
      const { id, slo } = sloOf(doc, indicators);
      if (slos.has(id)) throw new Refusal(`the SLO id "${id}" is taken by an earlier document`);
      slos.set(id, slo);
    } catch (error: unknown) {
      if (!(error instanceof Refusal)) throw error;
      refused.push(`${label(doc, i)}: ${error.message}`);
    }
  });
  return { slos, refused, skipped };
}
