import { describe, expect, it } from 'vitest';
import type { MetricResult } from '../metrics/evaluate.js';
import type { AlertRule, Severity } from '../plan/alert-types.js';
import { parseCondition } from '../plan/alerting.js';
import type { GroupKey } from '../store/types.js';
import { absentKey, changeKey, observeRule, type ObservationInput } from './observe.js';

const H = 3_600_000;
const D = 24 * H;

/** A rule from `when` as the plan writes it: one text, or one text per severity. */
function rule(when: string | Partial<Record<Severity, string>>): AlertRule {
  const texts: [Severity, string][] = typeof when === 'string' ? [['P3', when]] : (Object.entries(when) as [Severity, string][]);
  const levels = texts
    .map(([severity, text]) => {
      const parsed = parseCondition(text);
      if (parsed.kind === 'invalid') throw new Error(parsed.reason);
      return { severity, condition: parsed.condition };
    })
    .sort((a, b) => a.severity.localeCompare(b.severity));
  return { name: 'r', levels, forMs: 0, keepFiringForMs: 0, labels: {}, noData: 'keep_last', onError: 'alerting' };
}

/** A metric result: its whole value, and one value per group when given. */
function result(id: string, value: number | null, groups: [GroupKey, number | null][] = [], kind = 'mean'): MetricResult {
  return {
    id,
    title: id,
    kind,
    unit: '',
    window: '1h',
    value,
    status: 'unknown',
    reason: 'no_target',
    events: 0,
    target: null,
    groups: groups.map(([group, v]) => ({ group, value: v, status: 'unknown', events: 1, target: null })),
  };
}

/** `grouped` are the metrics the plan groups (`by`, `share`): by default those whose result has groups. */
function input(current: MetricResult[], earlier: [string, MetricResult][] = [], counts: [string, number][] = [], grouped?: string[]): ObservationInput {
  return {
    current: new Map(current.map((r) => [r.id, r])),
    earlier: new Map(earlier),
    counts: new Map(counts),
    grouped: new Set(grouped ?? current.filter((r) => r.groups.length > 0 || r.kind === 'share').map((r) => r.id)),
  };
}

describe('observeRule: thresholds', () => {
  it('an ungrouped metric gives one instance without group labels, breached or not', () => {
    expect(observeRule(rule('lat > 100'), input([result('lat', 150)]))).toEqual([{ groupLabels: {}, observation: { kind: 'value', value: 150, breached: 'P3' } }]);
    expect(observeRule(rule('lat > 100'), input([result('lat', 100)]))).toEqual([{ groupLabels: {}, observation: { kind: 'value', value: 100, breached: null } }]);
  });

  it('a grouped metric gives one instance per group, its fields as text labels', () => {
    const lat = result('lat', 120, [
      [{ backend: 'static', shard: 1 }, 50],
      [{ backend: 'embedded', shard: 2 }, 300],
      [{ backend: null, shard: 3 }, 101],
    ]);
    expect(observeRule(rule('lat > 100'), input([lat]))).toEqual([
      { groupLabels: { backend: 'static', shard: '1' }, observation: { kind: 'value', value: 50, breached: null } },
      { groupLabels: { backend: 'embedded', shard: '2' }, observation: { kind: 'value', value: 300, breached: 'P3' } },
      { groupLabels: { backend: '', shard: '3' }, observation: { kind: 'value', value: 101, breached: 'P3' } },
    ]);
  });

  it('a group without a value has no data, while the others are judged', () => {
    const lat = result('lat', 120, [
      [{ backend: 'static' }, null],
      [{ backend: 'embedded' }, 300],
    ]);
    expect(observeRule(rule('lat > 100'), input([lat]))).toEqual([
      { groupLabels: { backend: 'static' }, observation: { kind: 'nodata' } },
      { groupLabels: { backend: 'embedded' }, observation: { kind: 'value', value: 300, breached: 'P3' } },
    ]);
  });

  it('a grouped metric without any group has one no-data instance without group labels, whatever its whole value', () => {
    expect(observeRule(rule('lat > 100'), input([result('lat', 120)], [], [], ['lat']))).toEqual([{ groupLabels: {}, observation: { kind: 'nodata' } }]);
  });

  it('a share is judged per share group, never by its (null) whole value', () => {
    const usage = result('usage', null, [[{ backend: 'static' }, 0.55], [{ backend: 'embedded' }, 0.45]], 'share');
    expect(observeRule(rule('usage < 50%'), input([usage]))).toEqual([
      { groupLabels: { backend: 'static' }, observation: { kind: 'value', value: 0.55, breached: null } },
      { groupLabels: { backend: 'embedded' }, observation: { kind: 'value', value: 0.45, breached: 'P3' } },
    ]);
  });

  it('percentages are fractions: 80% is 0.8', () => {
    const [low] = observeRule(rule('rate < 80%'), input([result('rate', 0.79)]));
    const [ok] = observeRule(rule('rate < 80%'), input([result('rate', 0.8)]));
    expect([low?.observation, ok?.observation]).toEqual([
      { kind: 'value', value: 0.79, breached: 'P3' },
      { kind: 'value', value: 0.8, breached: null },
    ]);
  });

  // BUG (src/plan/alerting.ts, number()): "99.9%" parses to 99.9 / 100 = 0.9990000000000001, not to the
  // 0.999 that 999 of 1000 yields and that a metric target "< 99.9%" uses (threshold.ts rounds to 15 digits):
  // the alert fires at exactly 99.9 % while the metric reads green, and "== 99.9%" can never hold.
  it('a percentage compares like the same percentage in a metric target', () => {
    const observed = (when: string) => observeRule(rule(when), input([result('rate', 999 / 1000)]))[0]?.observation;
    expect(observed('rate < 99.9%')).toEqual({ kind: 'value', value: 0.999, breached: null });
    expect(observed('rate == 99.9%')).toEqual({ kind: 'value', value: 0.999, breached: 'P3' });
  });

  it('== and != compare exactly', () => {
    const breached = (when: string, value: number) => observeRule(rule(when), input([result('errors', value)]))[0]?.observation;
    expect(breached('errors == 0', 0)).toEqual({ kind: 'value', value: 0, breached: 'P3' });
    expect(breached('errors == 0', 1)).toEqual({ kind: 'value', value: 1, breached: null });
    expect(breached('errors != 0', 2)).toEqual({ kind: 'value', value: 2, breached: 'P3' });
    expect(breached('errors != 0', 0)).toEqual({ kind: 'value', value: 0, breached: null });
  });

  it('a metric without data has no data; a metric that was not evaluated is an error', () => {
    expect(observeRule(rule('lat > 100'), input([result('lat', null)]))).toEqual([{ groupLabels: {}, observation: { kind: 'nodata' } }]);
    expect(observeRule(rule('lat > 100'), input([result('other', 5)]))).toEqual([
      { groupLabels: {}, observation: { kind: 'error', message: 'the metrics this rule reads were not evaluated' } },
    ]);
  });
});

describe('observeRule: change()', () => {
  const drop = rule('change(awu, 1d) < -20%');
  const earlier = (r: MetricResult): [string, MetricResult] => [changeKey('awu', D), r];

  it('is the relative change against the result one period earlier', () => {
    expect(observeRule(drop, input([result('awu', 70)], [earlier(result('awu', 100))]))).toEqual([{ groupLabels: {}, observation: { kind: 'value', value: -0.3, breached: 'P3' } }]);
    expect(observeRule(drop, input([result('awu', 90)], [earlier(result('awu', 100))]))[0]?.observation).toEqual({ kind: 'value', value: -0.1, breached: null });
    // Relative to the size of the earlier value, whatever its sign.
    expect(observeRule(rule('change(awu, 1d) > 50%'), input([result('awu', -1)], [earlier(result('awu', -4))]))[0]?.observation).toEqual({ kind: 'value', value: 0.75, breached: 'P3' });
  });

  it('has no data when the earlier value is 0 or missing, or the current one is', () => {
    for (const [now, then] of [
      [70, 0],
      [70, null],
      [null, 100],
    ] as const) {
      expect(observeRule(drop, input([result('awu', now)], [earlier(result('awu', then))]))).toEqual([{ groupLabels: {}, observation: { kind: 'nodata' } }]);
    }
  });

  it('compares each group with the same group earlier; a group new since then has no data', () => {
    const current = result('awu', 30, [[{ plan: 'free' }, 10], [{ plan: 'pro' }, 20]]);
    const before = result('awu', 40, [[{ plan: 'free' }, 20]]);
    expect(observeRule(drop, input([current], [earlier(before)]))).toEqual([
      { groupLabels: { plan: 'free' }, observation: { kind: 'value', value: -0.5, breached: 'P3' } },
      { groupLabels: { plan: 'pro' }, observation: { kind: 'nodata' } },
    ]);
  });

  it('is an error when the earlier result was not evaluated for this period', () => {
    const wrongPeriod: [string, MetricResult] = [changeKey('awu', H), result('awu', 100)];
    expect(observeRule(drop, input([result('awu', 70)], [wrongPeriod]))[0]?.observation.kind).toBe('error');
  });
});

describe('observeRule: absent()', () => {
  const quiet = rule('absent(heartbeat, 10m)');
  const key = absentKey('heartbeat', 600_000);

  it('holds when no event arrived in the window; the count is the value', () => {
    expect(observeRule(quiet, input([], [], [[key, 0]]))).toEqual([{ groupLabels: {}, observation: { kind: 'value', value: 0, breached: 'P3' } }]);
    expect(observeRule(quiet, input([], [], [[key, 3]]))).toEqual([{ groupLabels: {}, observation: { kind: 'value', value: 3, breached: null } }]);
  });

  it('is an error when the events were not counted for that window', () => {
    expect(observeRule(quiet, input([], [], [[absentKey('heartbeat', 60_000), 0]]))[0]?.observation.kind).toBe('error');
  });
});

describe('observeRule: levels', () => {
  const latency = rule({ P2: 'lat > 100', P1: 'lat > 500' });

  it('the most severe level that holds wins, and its value is reported', () => {
    const at = (value: number) => observeRule(latency, input([result('lat', value)]))[0]?.observation;
    expect(at(600)).toEqual({ kind: 'value', value: 600, breached: 'P1' });
    expect(at(200)).toEqual({ kind: 'value', value: 200, breached: 'P2' });
    expect(at(50)).toEqual({ kind: 'value', value: 50, breached: null });
  });

  it('levels on different metrics report the value of the level that holds, else the least severe one', () => {
    const mixed = rule({ P1: 'errors > 10', P3: 'lat > 100' });
    const at = (errors: number, lat: number) => observeRule(mixed, input([result('errors', errors), result('lat', lat)]))[0]?.observation;
    expect(at(20, 150)).toEqual({ kind: 'value', value: 20, breached: 'P1' });
    expect(at(5, 150)).toEqual({ kind: 'value', value: 150, breached: 'P3' });
    expect(at(5, 50)).toEqual({ kind: 'value', value: 50, breached: null });
  });

  it('a group only one level reports is judged by that level alone', () => {
    const mixed = rule({ P1: 'errors > 10', P3: 'lat > 100' });
    const errors = result('errors', null, [[{ backend: 'static' }, 20], [{ backend: 'embedded' }, 1]]);
    const lat = result('lat', null, [[{ backend: 'static' }, 50], [{ backend: 'edge' }, 150]]);
    const observed = observeRule(mixed, input([errors, lat]));
    expect(observed.map((o) => o.groupLabels.backend)).toEqual(['static', 'embedded', 'edge']);
    expect(observed[0]?.observation).toEqual({ kind: 'value', value: 20, breached: 'P1' });
    expect(observed[1]?.observation).toMatchObject({ kind: 'value', breached: null });
    expect(observed[2]?.observation).toEqual({ kind: 'value', value: 150, breached: 'P3' });
  });

  it('a level whose metric was not evaluated is skipped while another level was', () => {
    const mixed = rule({ P1: 'errors > 10', P3: 'lat > 100' });
    expect(observeRule(mixed, input([result('lat', 150)]))).toEqual([{ groupLabels: {}, observation: { kind: 'value', value: 150, breached: 'P3' } }]);
  });
});
