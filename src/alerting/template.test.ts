import { describe, expect, it } from 'vitest';
import type { AlertRule, Severity } from '../plan/alert-types.js';
import { parseCondition } from '../plan/alerting.js';
import { newInstance } from './state.js';
import { annotate, render, renderMessage, type TemplateContext } from './template.js';
import type { AlertInstance } from './types.js';

const context: TemplateContext = {
  value: '1234 ms',
  severity: 'P2',
  metric: 'checkout_p95',
  condition: 'checkout_p95 > 1000',
  group: { backend: 'embedded' },
  labels: { alertname: 'slow_checkout', team: 'payments', backend: 'embedded' },
};

describe('render', () => {
  it('fills value, severity, metric and condition', () => {
    expect(render('{{ metric }} is {{ value }} ({{ severity }}: {{ condition }})', context)).toBe('checkout_p95 is 1234 ms (P2: checkout_p95 > 1000)');
  });

  it('reads group fields and labels by name, with or without spaces inside the braces', () => {
    expect(render('{{group.backend}} / {{ labels.team }} / {{  labels.alertname  }}', context)).toBe('embedded / payments / slow_checkout');
  });

  it('renders an unknown name, group field or label as empty text, never as the template', () => {
    expect(render('[{{ nonsense }}][{{ group.region }}][{{ labels.owner }}][{{ value.x }}]', context)).toBe('[][][][]');
  });

  it('renders placeholders in other template languages as empty text too', () => {
    expect(render('[{{ $value }}][{{ .Value }}][{{ $labels.team }}][{{ value | humanize }}][{{ labels.team-name }}][{{}}]', context)).toBe('[][][][][][]');
  });

  it('leaves text without placeholders as it is, and fills every occurrence', () => {
    expect(render('nothing to fill: { value } {value}', context)).toBe('nothing to fill: { value } {value}');
    expect(render('{{ value }} then {{ value }}', context)).toBe('1234 ms then 1234 ms');
  });

  it('does not interpret what a value contains', () => {
    expect(render('{{ labels.team }}', { ...context, labels: { team: '{{ value }}' } })).toBe('{{ value }}');
  });
});

function rule(when: Partial<Record<Severity, string>>, overrides: Partial<AlertRule> = {}): AlertRule {
  const levels = (Object.entries(when) as [Severity, string][])
    .map(([severity, text]) => {
      const parsed = parseCondition(text);
      if (parsed.kind === 'invalid') throw new Error(parsed.reason);
      return { severity, condition: parsed.condition };
    })
    .sort((a, b) => a.severity.localeCompare(b.severity));
  return { name: 'slow_checkout', levels, forMs: 0, keepFiringForMs: 0, labels: {}, noData: 'keep_last', onError: 'alerting', ...overrides };
}

function instance(r: AlertRule, severity: Severity | null, value: number | null): AlertInstance {
  return { ...newInstance({ fingerprint: 'fp', rule: r, labels: { alertname: r.name, team: 'payments' }, now: 0 }), state: 'firing', severity, value };
}

const units: Record<string, string> = { checkout_p95: 'ms', success_rate: 'percent', signups: 'count', score: '' };
const unitOf = (metric: string): string => units[metric] ?? '';

describe('annotate: the default summary', () => {
  it('names the rule, the condition of the level that fires, the value and the group', () => {
    const r = rule({ P1: 'checkout_p95 > 5000', P2: 'checkout_p95 > 1000' });
    expect(annotate(r, instance(r, 'P2', 1234.4), { backend: 'embedded', region: 'eu' }, unitOf)).toEqual({
      summary: 'slow_checkout: checkout_p95 > 1000 (now 1234 ms, backend=embedded region=eu)',
    });
    expect(annotate(r, instance(r, 'P1', 6000), {}, unitOf).summary).toBe('slow_checkout: checkout_p95 > 5000 (now 6000 ms)');
  });

  it('falls back to the most severe level when the instance has no severity', () => {
    const r = rule({ P1: 'checkout_p95 > 5000', P2: 'checkout_p95 > 1000' });
    expect(annotate(r, instance(r, null, null), {}, unitOf).summary).toBe('slow_checkout: no data for checkout_p95 > 5000');
  });

  it('formats the value by the metric unit', () => {
    const summary = (when: string, value: number) => {
      const r = rule({ P3: when });
      return annotate(r, instance(r, 'P3', value), {}, unitOf).summary;
    };
    expect(summary('checkout_p95 > 10', 45.67)).toBe('slow_checkout: checkout_p95 > 10 (now 45.7 ms)');
    expect(summary('checkout_p95 > 1', 3.14159)).toBe('slow_checkout: checkout_p95 > 1 (now 3.14 ms)');
    expect(summary('success_rate < 80%', 0.123)).toBe('slow_checkout: success_rate < 80% (now 12.3%)');
    expect(summary('success_rate < 99.99%', 0.9995)).toBe('slow_checkout: success_rate < 99.99% (now 99.95%)');
    expect(summary('signups < 10', 3)).toBe('slow_checkout: signups < 10 (now 3)');
    expect(summary('score > 1', 2.5)).toBe('slow_checkout: score > 1 (now 2.50)');
  });

  it('shows a change as a percentage and an absence as a count', () => {
    const change = rule({ P3: 'change(signups, 1d) > 20%' });
    expect(annotate(change, instance(change, 'P3', 0.25), {}, unitOf).summary).toBe('slow_checkout: change(signups, 1d) > 20% (now 25.0%)');
    const absent = rule({ P3: 'absent(heartbeat, 10m)' });
    expect(annotate(absent, instance(absent, 'P3', 0), {}, unitOf).summary).toBe('slow_checkout: absent(heartbeat, 10m) (now 0)');
  });
});

// BUG (src/format.ts, formatPercent): a negative percentage keeps two decimals ("-23.10%"), because the
// "one decimal from 1 % up" test reads `percent >= 1` where it means the magnitude. docs/alerting.md
// promises `-23.1%` for a change(); a drop is what most change() rules watch for.
it('shows a drop as a percentage with one decimal, like a rise', () => {
  const drop = rule({ P3: 'change(signups, 1d) < -20%' });
  expect(annotate(drop, instance(drop, 'P3', -0.231), {}, unitOf).summary).toBe('slow_checkout: change(signups, 1d) < -20% (now -23.1%)');
});

describe('annotate: the rule own templates', () => {
  it('renders summary and description with the formatted value, group and labels; the runbook as written', () => {
    const r = rule(
      { P2: 'checkout_p95 > 1000' },
      { summary: 'Checkout p95 {{ value }} on {{ group.backend }} ({{ severity }})', description: '{{ labels.team }}: {{ condition }} for {{ metric }}', runbook: 'https://rb/{{ value }}' },
    );
    expect(annotate(r, instance(r, 'P2', 1500), { backend: 'embedded' }, unitOf)).toEqual({
      summary: 'Checkout p95 1500 ms on embedded (P2)',
      description: 'payments: checkout_p95 > 1000 for checkout_p95',
      runbook: 'https://rb/{{ value }}',
    });
  });
});

describe('annotate: an alert without data', () => {
  const leak = rule({ P1: 'score > 0' }, { summary: 'Personal data reached telemetry: {{ value }} redaction(s) of {{ group.kind }} in the last hour', description: '{{ severity }}: {{ condition }}' });

  it('says what is missing rather than rendering a template with holes', () => {
    const annotations = annotate(leak, { ...instance(leak, null, null), state: 'nodata' }, {}, unitOf);
    expect(annotations.summary).toBe('slow_checkout: no data for score > 0');
    // The severity the rule fires at stands in for the instance's, which it does not have yet.
    expect(annotations.description).toBe('P1: score > 0');
  });

  it('renders the template once it has a value and the group it names', () => {
    expect(annotate(leak, instance(leak, 'P1', 2), { kind: 'email' }, unitOf).summary).toBe('Personal data reached telemetry: 2 redaction(s) of email in the last hour');
    expect(annotate(leak, instance(leak, 'P1', 2), {}, unitOf).summary).toBe('slow_checkout: score > 0 (now 2)');
  });
});

describe('renderMessage: a channel template', () => {
  const message = {
    values: { status: 'firing', title: '[FIRING:1] slow', severity: 'P2', value: '1234', count: '1', product: 'Caro', alertname: 'slow', summary: 'Checkout is slow' },
    labels: { team: 'payments' },
    annotations: { description: 'p95 over 1s' },
    group: { alertname: 'slow' },
    links: { alert: 'https://lw.example.com/a', runbook: '', launchwatch: 'https://lw.example.com' },
  };

  it('fills names, labels, annotations, group labels and links', () => {
    expect(renderMessage('{{ severity }} {{ alertname }} for {{ labels.team }}: {{ annotations.description }} ({{ group.alertname }}) {{ links.alert }}', message)).toBe(
      'P2 slow for payments: p95 over 1s (slow) https://lw.example.com/a',
    );
  });

  it('renders a label, annotation or link the alert lacks as empty text, and never an inherited property', () => {
    expect(renderMessage('[{{ labels.owner }}][{{ annotations.constructor }}][{{ links.runbook }}][{{ toString }}]', message)).toBe('[][][][]');
  });
});
