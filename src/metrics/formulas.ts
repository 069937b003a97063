/**
 * Measuring formula metrics (`formula:` in the plan, src/plan/formula-metrics.ts):
 * the metrics a formula reads are measured first, then the formula is computed
 * from their measurements, the whole and group by group. `combineMeasurements`
 * and `combineSeries` are pure; `formulaFigures` is the `formula` figure source
 * (src/metrics/sources/): it measures the metrics a formula reads through the
 * dispatching Measurer (so a formula may read an event metric, an incident or
 * GitHub figure, or another formula), and the evaluation, the series API, alert
 * rules and reports measure a formula as any other metric.
 *
 * The range: a formula's own window (its `windowMs`, the longest of its
 * metrics') ending at `to` is "the value at `to`", and each metric it reads is
 * measured over its own window ending at `to` (`dau / mau` is a day's users
 * over a month's). Any other range (a bucket of a series, a report's period,
 * a release's before and after) is the range of every metric it reads.
 */
import { evaluateExpression } from '../plan/expression.js';
import type { FormulaMeasure, MetricSpec, Plan } from '../plan/types.js';
import type { GroupKey, Measurement, Series, SeriesPoint, TimeRange } from '../store/types.js';
import { compile } from './compile.js';
import { valueOverNoEvents } from './query.js';
import type { FigureSource, Measurer } from './sources/source.js';

export type FormulaMetric = MetricSpec & { readonly measure: FormulaMeasure };

export const isFormula = (metric: MetricSpec): metric is FormulaMetric => metric.measure.kind === 'formula';

const groupId = (group: GroupKey): string => JSON.stringify(Object.entries(group).sort(([a], [b]) => a.localeCompare(b)));

/** A metric's value for a group it has no entry for: its value over no events (0 for a count, a distinct count, a sum; else none). */
export function valueOfNoGroup(metric: MetricSpec): number | null {
  const query = compile(metric);
  return query.shape === 'aggregate' || query.shape === 'per' || query.shape === 'share' ? valueOverNoEvents(query) : null;
}

/** What the formula reads, per operand: the metric and what it measured. */
export type Operands<T> = ReadonlyMap<string, { readonly metric: MetricSpec; readonly measured: T }>;

/** The formula's groups: every group of its grouped operands, in order of first appearance. */
function groupsOf<T>(operands: Operands<T>, groups: (measured: T) => readonly { readonly group: GroupKey }[]): GroupKey[] {
  const seen = new Map<string, GroupKey>();
  for (const { metric, measured } of operands.values()) {
    if (metric.by.length === 0) continue;
    for (const g of groups(measured)) if (!seen.has(groupId(g.group))) seen.set(groupId(g.group), g.group);
  }
  return [...seen.values()];
}

/** The formula over its operands' measurements: the whole from their wholes, each group from their groups (an operand without groups stands for every group). */
export function combineMeasurements(formula: FormulaMetric, operands: Operands<Measurement>): Measurement {
  const value = (pick: (metric: MetricSpec, m: Measurement) => number | null): number | null =>
    evaluateExpression(formula.measure.expression, (name) => {
      const operand = operands.get(name);
      return operand ? pick(operand.metric, operand.measured) : null;
    });
  const events = [...operands.values()].reduce((sum, o) => sum + o.measured.events, 0);
  const groups = formula.by.length === 0 ? [] : groupsOf(operands, (m) => m.groups).map((group) => {
    const id = groupId(group);
    const entry = (metric: MetricSpec, m: Measurement) => (metric.by.length === 0 ? undefined : m.groups.find((g) => groupId(g.group) === id));
    return {
      group,
      value: value((metric, m) => (metric.by.length === 0 ? m.value : (entry(metric, m)?.value ?? valueOfNoGroup(metric)))),
      events: [...operands.values()].reduce((sum, o) => sum + (entry(o.metric, o.measured)?.events ?? 0), 0),
    };
  });
  return { value: value((_metric, m) => m.value), events, groups };
}

/** The formula per bucket, from its operands' series over the same range and step (the same buckets). */
export function combineSeries(formula: FormulaMetric, operands: Operands<Series>): Series {
  const first = [...operands.values()][0]?.measured;
  const times = first?.points.length ? first.points.map((p) => p.t) : (first?.groups[0]?.points.map((p) => p.t) ?? []);
  const at = (points: readonly SeriesPoint[] | undefined, i: number, fallback: number | null): number | null => (points ? (points[i]?.value ?? null) : fallback);
  const points = (pick: (metric: MetricSpec, s: Series, i: number) => number | null): SeriesPoint[] =>
    times.map((t, i) => ({
      t,
      value: evaluateExpression(formula.measure.expression, (name) => {
        const operand = operands.get(name);
        return operand ? pick(operand.metric, operand.measured, i) : null;
      }),
    }));
  const groups = formula.by.length === 0 ? [] : groupsOf(operands, (s) => s.groups).map((group) => {
    const id = groupId(group);
    return {
      group,
      points: points((metric, s, i) => (metric.by.length === 0 ? at(s.points, i, null) : at(s.groups.find((g) => groupId(g.group) === id)?.points, i, valueOfNoGroup(metric)))),
    };
  });
  return { points: points((_metric, s, i) => at(s.points, i, null)), groups };
}

/** The range an operand is measured over for the formula's range (see the top of this file). */
export function operandRange(formula: MetricSpec, operand: MetricSpec, range: TimeRange): TimeRange {
  return range.to - range.from === formula.windowMs ? { from: range.to - operand.windowMs, to: range.to } : range;
}

/**
 * The `formula` figure source: a formula computed from the metrics it reads, each measured through
 * the dispatching Measurer it is handed (so an operand may be an event metric, a figure of another
 * source, or another formula).
 */
export function formulaFigures(plan: () => Plan): FigureSource<'formula'> {
  const operandsOf = (formula: FormulaMetric): MetricSpec[] => {
    const metrics = plan().metrics;
    return formula.measure.operands.map((id) => {
      const metric = metrics.find((m) => m.id === id);
      if (!metric) throw new Error(`formula ${formula.id} reads metric ${id}, which the plan in force does not have`);
      return metric;
    });
  };
  return {
    measure: async (query, metric, range, through) => {
      const formula = { ...metric, measure: query.measure };
      const operands = operandsOf(formula);
      const measured = await Promise.all(operands.map((op) => through.measure(op, operandRange(formula, op, range))));
      return combineMeasurements(formula, new Map(operands.map((op, i) => [op.id, { metric: op, measured: measured[i] ?? { value: null, events: 0, groups: [] } }])));
    },
    series: async (query, metric, range, stepMs, through) => {
      const formula = { ...metric, measure: query.measure };
      const operands = operandsOf(formula);
      const measured = await Promise.all(operands.map((op) => through.series(op, range, stepMs)));
      return combineSeries(formula, new Map(operands.map((op, i) => [op.id, { metric: op, measured: measured[i] ?? { points: [], groups: [] } }])));
    },
  };
}

/**
 * The store as one evaluation reads it: each metric measured once per range, and formulas computed
 * from those measurements, so a formula is measured after the metrics it reads and reads no event twice.
 */
export function onceEach(store: Measurer, plan: () => Plan): Measurer {
  const formulas = formulaFigures(plan);
  const measured = new Map<string, Promise<Measurement>>();
  const self: Measurer = {
    measure(metric, range) {
      const key = `${metric.id}@${range.from}..${range.to}`;
      const known = measured.get(key);
      if (known) return known;
      const answer = isFormula(metric) ? formulas.measure({ shape: 'figure', source: 'formula', measure: metric.measure }, metric, range, self) : store.measure(metric, range);
      measured.set(key, answer);
      return answer;
    },
    series: (metric, range, stepMs) => store.series(metric, range, stepMs),
  };
  return self;
}
