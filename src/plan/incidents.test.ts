/** The incident vocabulary of the plan: components, severities with defaults from seed 002, errors with file:line:col. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SEVERITIES } from './incidents.js';
import { formatPlanError, loadPlanText } from './load.js';
import type { Plan } from './types.js';

/** Lines 1-6; what follows starts on line 7. */
const HEADER = ['version: 1', 'product: { name: caro }', 'events:', '  gen: { success: boolean }', 'metrics:', '  ok: { from: gen, ratio: { success: true }, window: 1h }', ''].join('\n');

function load(text: string): Plan {
  const result = loadPlanText(HEADER + text, 'plan.yaml', {});
  if (result.kind !== 'ok') throw new Error(result.errors.map(formatPlanError).join('\n'));
  return result.plan;
}

function errors(text: string): string[] {
  const result = loadPlanText(HEADER + text, 'plan.yaml', {});
  if (result.kind !== 'invalid') throw new Error('expected the plan to be rejected');
  return result.errors.map(formatPlanError);
}

const M = 60_000;

describe('components and incidents in the plan', () => {
  it('defaults to no components and seed 002 targets', () => {
    const plan = load('');
    expect(plan.components).toEqual({});
    expect(plan.incidents.severities).toEqual(DEFAULT_SEVERITIES);
    expect(plan.incidents.severities.SEV1).toMatchObject({ responseMs: 5 * M, resolutionMs: 60 * M, updateEveryMs: 15 * M, postmortem: true });
    expect(plan.incidents.severities.SEV3).toMatchObject({ responseMs: 60 * M, resolutionMs: 8 * 60 * M, updateEveryMs: null, postmortem: false });
    expect(plan.incidents.postmortemWithinMs).toBe(24 * 60 * M);
    expect(plan.incidents.statusPageUrl).toBeUndefined();
  });

  it('reads components, severities (each key falling back to its default) and the post-mortem delay', () => {
    const plan = load(
      [
        'components:',
        '  cli: { name: caro CLI, description: "command generation" }',
        '  telemetry: Telemetry backend',
        'incidents:',
        '  severities:',
        '    SEV1: { response: 5m, resolution: 1h, update_every: 10m }',
        '    SEV3: { resolution: 1d, postmortem: true }',
        '    SEV4: { response: 1d, resolution: 1w, update_every: false }',
        '  postmortem_within: 48h',
        '  status_page_url: https://status.caro.sh',
        'alerts:',
        '  - { name: cli_down, when: "ok < 50%", severity: P1, labels: { component: cli } }',
        '',
      ].join('\n'),
    );
    expect(plan.components).toEqual({ cli: { id: 'cli', name: 'caro CLI', description: 'command generation' }, telemetry: { id: 'telemetry', name: 'Telemetry backend' } });
    expect(plan.incidents.severities.SEV1.updateEveryMs).toBe(10 * M);
    expect(plan.incidents.severities.SEV2).toBe(DEFAULT_SEVERITIES.SEV2);
    expect(plan.incidents.severities.SEV3).toMatchObject({ responseMs: 60 * M, resolutionMs: 24 * 60 * M, postmortem: true });
    expect(plan.incidents.severities.SEV4.updateEveryMs).toBeNull();
    expect(plan.incidents.postmortemWithinMs).toBe(48 * 60 * M);
    expect(plan.incidents.statusPageUrl).toBe('https://status.caro.sh');
    expect(Object.isFrozen(plan.components.cli)).toBe(true);
  });

  it('reports an unknown component named by an alert rule at its place', () => {
    const text = [
      'components:',
      '  cli: { name: caro CLI }',
      'alerts:',
      '  - { name: fine, when: "ok < 50%", labels: { component: cli } }',
      '  - name: web_down',
      '    when: "ok < 50%"',
      '    labels: { component: web }',
      '',
    ].join('\n');
    expect(errors(text)).toEqual(['plan.yaml:13:26: alerts.1.labels.component: no component "web" is declared under components (declared: cli)']);
    expect(errors('alerts:\n  - { name: x, when: "ok < 50%", labels: { component: cli } }\n')).toEqual([
      'plan.yaml:8:55: alerts.0.labels.component: no component "cli" is declared under components (declared: none)',
    ]);
  });

  it('reports bad shapes, durations, targets and keys with file:line:col', () => {
    const text = [
      'components:',
      '  Bad-Id: { name: x }',
      '  cli: { title: caro }',
      'incidents:',
      '  severities:',
      '    SEV1: { response: 2h }',
      '    SEV2: { response: soon }',
      '    SEV5: { response: 1m }',
      '  postmortem_within: 0s',
      '  colour: red',
      '',
    ].join('\n');
    expect(errors(text)).toEqual([
      'plan.yaml:8:3: components.Bad-Id: a component id must be lower-case letters, digits and _, starting with a letter',
      'plan.yaml:9:8: components.cli.name: a component needs a name, the one people see',
      'plan.yaml:9:10: components.cli.title: unknown key "title"',
      'plan.yaml:14:5: incidents.severities.SEV5: unknown key "SEV5"',
      'plan.yaml:16:3: incidents.colour: unknown key "colour"',
    ]);
  });

  it('reports a response target longer than the resolution target, and a bad duration', () => {
    const text = ['incidents:', '  severities:', '    SEV1: { response: 2h }', '    SEV2: { response: soon }', '  postmortem_within: 0s', ''].join('\n');
    expect(errors(text)).toEqual([
      'plan.yaml:9:23: incidents.severities.SEV1.response: the response target (2h) is longer than the resolution target',
      expect.stringMatching(/^plan\.yaml:10:23: incidents\.severities\.SEV2\.response: "soon" is not a duration/),
      'plan.yaml:11:22: incidents.postmortem_within: a target must be longer than 0s',
    ]);
  });

  it('reads the escalation policy that pages incidents declared by hand, per severity', () => {
    const escalation = ['people:', '  ana: { name: Ana }', 'escalation:', '  default: [ { notify: person:ana } ]', ''].join('\n');
    expect(load('').incidents.paging).toEqual({});
    expect(load(`${escalation}incidents:\n  paging: { SEV1: default, SEV2: default }\n`).incidents.paging).toEqual({ SEV1: 'default', SEV2: 'default' });
    expect(errors(`${escalation}incidents:\n  paging:\n    SEV1: primary\n    SEV9: default\n`)).toEqual([
      'plan.yaml:14:5: incidents.paging.SEV9: unknown key "SEV9"',
    ]);
    expect(errors(`${escalation}incidents:\n  paging:\n    SEV1: primary\n`)).toEqual([
      'plan.yaml:13:11: incidents.paging.SEV1: no escalation policy "primary" is declared under escalation (declared: default)',
    ]);
  });
});
