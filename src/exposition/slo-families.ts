/**
 * The SLOs in GET /metrics, pure: per SLO (and per group, with the group's
 * fields as labels) the SLI over its window, the error budget remaining, and
 * the burn rate over each reported window. No sample while a figure is
 * unknown (no events).
 */
import { burnRatesJson } from '../slo/json.js';
import type { SloFigures } from '../slo/evaluate.js';
import type { SloEvaluation } from '../slo/service.js';
import type { GroupKey } from '../store/types.js';
import type { MetricFamily, Sample } from './text-format.js';

/** A group's fields as labels; a field named like one of ours (slo, window) becomes field_<name>. */
function labelsOf(slo: string, group: GroupKey): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [field, value] of Object.entries(group)) labels[field === 'slo' || field === 'window' ? `field_${field}` : field] = value === null ? '' : String(value);
  return { slo, ...labels };
}

function each(evaluation: SloEvaluation, sample: (figures: SloFigures, labels: Record<string, string>) => Sample[]): Sample[] {
  return [...evaluation.slos.values()].flatMap((at) => [sample(at, { slo: at.slo.id }), ...at.groups.map((g) => sample(g, labelsOf(at.slo.id, g.group)))].flat());
}

export function sloFamilies(evaluation: SloEvaluation): MetricFamily[] {
  return [
    {
      name: 'launchwatch_slo_sli',
      help: 'Good events among all over the SLO window, as a fraction (0.995 is 99.5 %).',
      type: 'gauge',
      samples: each(evaluation, (f, labels) => (f.sli === null ? [] : [{ labels, value: f.sli }])),
    },
    {
      name: 'launchwatch_slo_error_budget_remaining',
      help: 'The share of the error budget left over the SLO window: 1 untouched, 0 spent, negative once overspent.',
      type: 'gauge',
      samples: each(evaluation, (f, labels) => (f.errorBudget.remaining === null ? [] : [{ labels, value: f.errorBudget.remaining }])),
    },
    {
      name: 'launchwatch_slo_burn_rate',
      help: 'How many times faster than the objective allows the budget burns over the window (1: spent exactly over the SLO window).',
      type: 'gauge',
      samples: each(evaluation, (f, labels) =>
        Object.entries(burnRatesJson(f.burn)).flatMap(([window, value]) => (value === null ? [] : [{ labels: { ...labels, window }, value }])),
      ),
    },
  ];
}
