/** The reports and criteria sections of the plan: digests, summary metrics, success criteria and phases; errors with file:line:col. */
import { describe, expect, it } from 'vitest';
import { formatPlanError, loadPlanText } from './load.js';
import type { Plan } from './types.js';

/** Lines 1-10; what follows starts on line 11. */
const HEADER = [
  'version: 1',
  'product: { name: caro }',
  'events:',
  '  gen: { success: boolean }',
  'metrics:',
  '  ok: { from: gen, ratio: { success: true }, window: 1h, target: { green: ">= 80%" } }',
  'channels:',
  '  mail: { type: email, to: [a@example.com], from: lw@example.com, smtp: { host: 127.0.0.1, port: 25 } }',
  '  pager: { type: pagerduty, routing_key: k }',
  '  hook: { type: webhook, url: "http://127.0.0.1:9/x" }',
  '',
].join('\n');

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

describe('reports in the plan', () => {
  it('has no digests and no summary metrics by default', () => {
    expect(load('').reports).toEqual({ summary: [], digests: [], timezone: 'UTC' });
    expect(load('').criteria).toEqual({ success: null, phases: [] });
  });

  it('reads digests with their schedule, zone (UTC by default) and channels', () => {
    const plan = load(['reports:', '  summary: [ok]', '  weekly: { cron: "0 9 * * MON", timezone: Europe/Lisbon, channels: [mail, hook] }', '  monthly: { cron: "0 9 1 * *", channels: [mail] }'].join('\n'));
    expect(plan.reports).toEqual({
      summary: ['ok'],
      digests: [
        { kind: 'weekly', schedule: { expression: '0 9 * * MON', timezone: 'Europe/Lisbon' }, channels: ['mail', 'hook'] },
        { kind: 'monthly', schedule: { expression: '0 9 1 * *', timezone: 'UTC' }, channels: ['mail'] },
      ],
      timezone: 'UTC',
    });
  });

  it("reads the reports' time zone, which a digest's schedule takes unless it names its own", () => {
    const plan = load(['reports:', '  timezone: America/New_York', '  weekly: { cron: "0 9 * * MON", channels: [mail] }', '  monthly: { cron: "0 9 1 * *", timezone: Europe/Lisbon, channels: [mail] }'].join('\n'));
    expect(plan.reports.timezone).toBe('America/New_York');
    expect(plan.reports.digests.map((d) => d.schedule.timezone)).toEqual(['America/New_York', 'Europe/Lisbon']);
    expect(errors(['reports:', '  timezone: Mars/Olympus'].join('\n'))).toEqual(['plan.yaml:12:13: reports.timezone: "Mars/Olympus" is not an IANA time zone (e.g. America/New_York, Europe/Lisbon, UTC)']);
  });

  it('reports bad cron, zone, channels and metrics at their line', () => {
    expect(
      errors(
        [
          'reports:',
          '  summary: [ok, nope]',
          '  weekly:',
          '    cron: "0 9 * MON"',
          '    channels: [mail, pager, missing]',
          '  monthly: { cron: "0 9 1 * *", timezone: Mars/Olympus, channels: [mail] }',
        ].join('\n'),
      ),
    ).toEqual([
      'plan.yaml:12:17: reports.summary.1: no metric "nope" in the plan (metrics: ok)',
      'plan.yaml:14:11: reports.weekly.cron: "0 9 * MON" has 4 fields; a schedule has 5: minute hour day-of-month month day-of-week (e.g. "0 9 * * MON")',
      'plan.yaml:15:22: reports.weekly.channels.1: channel "pager" is pagerduty; digests go to email, slack, webhook channels',
      'plan.yaml:15:29: reports.weekly.channels.2: no channel "missing" is declared under channels (declared: mail, pager, hook)',
      'plan.yaml:16:43: reports.monthly.timezone: "Mars/Olympus" is not an IANA time zone (e.g. Europe/Lisbon, UTC)',
    ]);
    expect(errors(['reports:', '  daily: { cron: "0 9 * * *", channels: [mail] }'].join('\n'))).toEqual(['plan.yaml:12:3: reports.daily: unknown key "daily"']);
  });
});

describe('success criteria and phases in the plan', () => {
  it('reads criteria with percentages, incidents and their own windows', () => {
    const plan = load(
      [
        'success_criteria:',
        '  window: 21d',
        '  must: [ "ok >= 75%", "incidents(SEV1) == 0" ]',
        '  should: [ "ok>=80%" ]',
        'phases:',
        '  stable:',
        '    title: Phase 8',
        '    all: [ "incidents(SEV1, SEV2) == 0 over 30d" ]',
        '    any: [ "change(ok, baseline: launch) >= 5%" ]',
      ].join('\n'),
    );
    expect(plan.criteria.success).toEqual({
      windowMs: 21 * 86_400_000,
      must: [
        { text: 'ok >= 75%', subject: { kind: 'metric', metric: 'ok' }, op: '>=', value: 0.75, overMs: null },
        { text: 'incidents(SEV1) == 0', subject: { kind: 'incidents', severities: ['SEV1'] }, op: '==', value: 0, overMs: null },
      ],
      should: [{ text: 'ok>=80%', subject: { kind: 'metric', metric: 'ok' }, op: '>=', value: 0.8, overMs: null }],
      nice: [],
    });
    expect(plan.criteria.phases).toEqual([
      {
        id: 'stable',
        title: 'Phase 8',
        windowMs: 7 * 86_400_000,
        all: [{ text: 'incidents(SEV1, SEV2) == 0 over 30d', subject: { kind: 'incidents', severities: ['SEV1', 'SEV2'] }, op: '==', value: 0, overMs: 30 * 86_400_000 }],
        any: [{ text: 'change(ok, baseline: launch) >= 5%', subject: { kind: 'change', metric: 'ok', baseline: 'launch' }, op: '>=', value: 0.05, overMs: null }],
      },
    ]);
  });

  it('names the criterion, its line and what is wrong', () => {
    expect(
      errors(
        [
          'success_criteria:',
          '  must:',
          '    - "p0_bugs == 0"',
          '    - "ok => 75%"',
          '    - "ok = 1"',
          '    - "incidents(P1) == 0"',
          '    - "ok >= 80% over soon"',
          '  should: [ "change(nope, baseline: launch) > 10%" ]',
          'phases:',
          '  empty: { title: nothing }',
        ].join('\n'),
      ),
    ).toEqual([
      'plan.yaml:13:7: success_criteria.must.0: no metric "p0_bugs" in the plan (metrics: ok)',
      expect.stringMatching(/^plan\.yaml:14:7: success_criteria\.must\.1: "=>" is not an operator; expected/),
      'plan.yaml:15:7: success_criteria.must.2: "=" is not an operator: write "==" to compare',
      'plan.yaml:16:7: success_criteria.must.3: incidents() takes severities SEV1, SEV2, SEV3, SEV4; not P1',
      expect.stringMatching(/^plan\.yaml:17:7: success_criteria\.must\.4: over: "soon" is not a duration/),
      'plan.yaml:18:13: success_criteria.should.0: no metric "nope" in the plan (metrics: ok)',
      'plan.yaml:20:3: phases.empty: a phase needs completion criteria under all (every one holds) or any (at least one holds)',
    ]);
  });
});
