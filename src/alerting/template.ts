/**
 * Annotation templates: `{{ value }}`, `{{ severity }}`, `{{ metric }}`,
 * `{{ group.backend }}`, `{{ labels.team }}`. Pure; an unknown name renders
 * as an empty string, never as the template text.
 */
import { formatValue } from '../format.js';
import type { AlertRule } from '../plan/alert-types.js';
import { conditionSubject } from '../plan/conditions.js';
import { conditionKind } from './conditions/registry.js';
import type { AlertInstance, Labels } from './types.js';

export interface TemplateContext {
  readonly value: string;
  readonly severity: string;
  readonly metric: string;
  readonly condition: string;
  readonly group: Labels;
  readonly labels: Labels;
}

/** Anything between double braces is a placeholder; only `name` or `name.key` can be a known one. */
const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;
const NAME = /^([a-z_]+)(?:\.([A-Za-z0-9_]+))?$/;

export function render(template: string, context: TemplateContext): string {
  return template.replace(PLACEHOLDER, (_whole, inner: string) => {
    const [, name = '', key] = NAME.exec(inner.trim()) ?? [];
    if (key !== undefined) {
      if (name === 'group') return context.group[key] ?? '';
      if (name === 'labels') return context.labels[key] ?? '';
      return '';
    }
    switch (name) {
      case 'value':
        return context.value;
      case 'severity':
        return context.severity;
      case 'metric':
        return context.metric;
      case 'condition':
        return context.condition;
      default:
        return '';
    }
  });
}

/** The annotations of an instance: the rule's templates rendered, or a readable default summary. */
export function annotate(rule: AlertRule, instance: AlertInstance, group: Labels, unitOf: (metric: string) => string): Record<string, string> {
  const level = rule.levels.find((l) => l.severity === instance.severity) ?? rule.levels[0];
  const condition = level?.condition;
  const metric = condition ? conditionSubject(condition) : '';
  const unit = condition ? conditionKind(condition).unit(condition, unitOf) : 'count';
  const context: TemplateContext = {
    value: formatValue(instance.value, unit),
    severity: instance.severity ?? '',
    metric,
    condition: condition?.text ?? '',
    group,
    labels: instance.labels,
  };
  const where = Object.entries(group)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  const summary = rule.summary
    ? render(rule.summary, context)
    : `${rule.name}: ${condition?.text ?? ''} (now ${context.value}${where ? `, ${where}` : ''})`;
  return {
    summary,
    ...(rule.description ? { description: render(rule.description, context) } : {}),
    ...(rule.runbook ? { runbook: rule.runbook } : {}),
  };
}
