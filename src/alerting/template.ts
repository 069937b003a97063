/**
 * Annotation templates: `{{ value }}`, `{{ severity }}`, `{{ metric }}`,
 * `{{ group.backend }}`, `{{ labels.team }}`; and a channel's message
 * templates (`title`, `text`: `{{ status }}`, `{{ annotations.summary }}`,
 * `{{ links.runbook }}` ..., see src/plan/channels.ts). Pure; an unknown name
 * renders as an empty string, never as the template text.
 */
import { formatValue } from '../format.js';
import type { AlertRule } from '../plan/alert-types.js';
import { TEMPLATE_NAME as NAME, TEMPLATE_PLACEHOLDER as PLACEHOLDER, type MESSAGE_TEMPLATE_LINKS, type MESSAGE_TEMPLATE_NAMES } from '../plan/channels.js';
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

/** Each placeholder (anything between double braces; only `name` or `name.key` can be a known one) replaced by what `lookup` says. */
function fill(template: string, lookup: (name: string, key: string | undefined) => string | undefined): string {
  return template.replace(PLACEHOLDER, (_whole, inner: string) => {
    const [, name = '', key] = NAME.exec(inner.trim()) ?? [];
    return lookup(name, key) ?? '';
  });
}

/** What a channel template reads: values by name, and labels, annotations, group labels and links by key. */
export interface MessageTemplateContext {
  readonly values: Readonly<Record<(typeof MESSAGE_TEMPLATE_NAMES)[number], string>>;
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly group: Labels;
  readonly links: Readonly<Record<(typeof MESSAGE_TEMPLATE_LINKS)[number], string>>;
}

/** A channel's `title` or `text` for one notification; a label, annotation or link it lacks is empty text. */
export function renderMessage(template: string, context: MessageTemplateContext): string {
  return fill(template, (name, key) => {
    if (key === undefined) return Object.hasOwn(context.values, name) ? context.values[name as keyof MessageTemplateContext['values']] : undefined;
    switch (name) {
      case 'labels':
        return Object.hasOwn(context.labels, key) ? context.labels[key] : undefined;
      case 'annotations':
        return Object.hasOwn(context.annotations, key) ? context.annotations[key] : undefined;
      case 'group':
        return Object.hasOwn(context.group, key) ? context.group[key] : undefined;
      case 'links':
        return Object.hasOwn(context.links, key) ? context.links[key as keyof MessageTemplateContext['links']] : undefined;
      default:
        return undefined;
    }
  });
}

export function render(template: string, context: TemplateContext): string {
  return fill(template, (name, key) => {
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

/** Whether rendering would leave a hole: `{{ value }}` without a value, or a group or label placeholder the context lacks. */
function hasHoles(template: string, context: TemplateContext, hasValue: boolean): boolean {
  for (const [, inner = ''] of template.matchAll(PLACEHOLDER)) {
    const [, name = '', key] = NAME.exec(inner.trim()) ?? [];
    if (name === 'value' && key === undefined && !hasValue) return true;
    if (key !== undefined && (name === 'group' || name === 'labels') && (name === 'group' ? context.group : context.labels)[key] === undefined) return true;
  }
  return false;
}

/** The unit of the value a rule's alerts carry (its first level's condition's), as its texts write it; '' when unknown. */
export function ruleUnit(rule: AlertRule | undefined, unitOf: (metric: string) => string): string {
  const condition = rule?.levels[0]?.condition;
  return condition ? conditionKind(condition).unit(condition, unitOf) : '';
}

/** The annotations of an instance: the rule's templates rendered, or a readable default summary. */
export function annotate(rule: AlertRule, instance: AlertInstance, group: Labels, unitOf: (metric: string) => string): Record<string, string> {
  const level = rule.levels.find((l) => l.severity === instance.severity) ?? rule.levels[0];
  const condition = level?.condition;
  const metric = condition ? conditionSubject(condition) : '';
  const unit = condition ? conditionKind(condition).unit(condition, unitOf) : 'count';
  const context: TemplateContext = {
    value: formatValue(instance.value, unit),
    severity: instance.severity ?? level?.severity ?? '',
    metric,
    condition: condition?.text ?? '',
    group,
    labels: instance.labels,
  };
  const where = Object.entries(group)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  // Without a value (no data, an error) or the group a template names, the template would read with holes: the plain summary says what is missing.
  const holes = (text: string): boolean => hasHoles(text, context, instance.value !== null);
  const summary =
    rule.summary && !holes(rule.summary)
      ? render(rule.summary, context)
      : instance.value === null
        ? `${rule.name}: no data for ${condition?.text ?? 'its condition'}${where ? ` (${where})` : ''}`
        : `${rule.name}: ${condition?.text ?? ''} (now ${context.value}${where ? `, ${where}` : ''})`;
  return {
    summary,
    ...(rule.description && !holes(rule.description) ? { description: render(rule.description, context) } : {}),
    ...(rule.runbook ? { runbook: rule.runbook } : {}),
  };
}
