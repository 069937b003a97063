import { describe, expect, it } from 'vitest';
import { monthlyReport, weeklyReport } from './build.js';
import { ALERTS, COHORT_TABLES, HOSTILE_TITLE, INCIDENTS, METRICS, NOVEMBER, weeklySource } from './fixtures.js';
import { previous, weeksOf } from './period.js';
import { render } from './render.js';

describe('weeklyReport', () => {
  const report = weeklyReport(weeklySource());

  it('has a row per plan metric with its status and the trend against the previous week', () => {
    expect(report.metrics.map((m) => [m.id, m.value, m.status, m.change?.direction ?? null, m.change?.better ?? null])).toEqual([
      ['awu', 162, 'green', 'up', true],
      ['success_rate', 0.842, 'yellow', 'down', false],
      // No overall target: as bad as its worst group (embedded 2300 ms misses < 2000).
      ['latency_p95', 900, 'red', 'up', false],
      ['daily_users', 48.5, 'unknown', 'flat', null],
      ['retention_30d', null, 'unknown', null, null],
    ]);
    const rate = report.metrics[1];
    expect(rate?.change?.points).toBeCloseTo(-0.029, 10);
    expect(rate?.change?.relative).toBeCloseTo(-0.029 / 0.871, 10);
    expect(report.metrics[0]?.target).toBe('>= 150 (yellow >= 100)');
    expect(report.metrics[2]?.target).toBe('per group');
  });

  it('ranks the biggest movers by relative change, leaving out flat and unknown ones', () => {
    // awu +15.7 %, success_rate −3.3 %, latency +2.3 %; daily users +0.2 % is flat.
    expect(report.movers).toEqual(['awu', 'success_rate', 'latency_p95']);
  });

  it('lists the alerts that fired in the week and the incidents with MTTA and MTTR', () => {
    expect(report.alerts.list.map((a) => [a.rule, a.severity])).toEqual([
      ['success_rate_low', 'P2'],
      ['latency_high', 'P1'],
    ]);
    expect(report.incidents).toMatchObject({ declared: 2, openAtEnd: 1, mttaMs: 12 * 60_000, mttrMs: 50 * 60_000 });
    expect(report.incidents.bySeverity).toEqual({ SEV1: 1, SEV2: 0, SEV3: 1, SEV4: 0 });
  });

  it('sums up: health red on a red metric or a SEV1, the summary metrics, empty action items', () => {
    expect(report.summary).toEqual({ health: 'red', counts: { green: 1, yellow: 1, red: 1, unknown: 2 }, highlights: ['awu', 'success_rate'], sev1Incidents: 1, alertsFired: 2 });
    expect(report.actionItems).toEqual([]);
    const calm = weeklyReport(weeklySource({ incidents: [], metrics: METRICS.filter((m) => m.metricId === 'awu') }));
    expect(calm.summary.health).toBe('green');
  });

  it('is the same for the same source: a pure function', () => {
    expect(weeklyReport(weeklySource())).toEqual(report);
  });

  it('shows a metric that could not be measured without a value, and the others as usual', () => {
    const failed = weeklyReport(weeklySource({ metrics: METRICS.map((m) => (m.metricId === 'awu' ? { ...m, current: { value: null, events: 0, groups: [] }, previous: { value: null, events: 0, groups: [] }, daily: [], failed: true as const } : m)) }));
    expect(failed.metrics[0]).toMatchObject({ id: 'awu', value: null, status: 'unknown', error: 'could not be measured (see the server log)' });
    expect(failed.metrics[1]).toMatchObject({ id: 'success_rate', value: 0.842 });
    expect(failed.metrics[1]?.error).toBeUndefined();
    expect(render(failed, 'md')).toContain('| Active weekly users | >= 150 (yellow >= 100) | not measured | ⚪ unknown | – |');
    expect(render(failed, 'html')).toContain('<em style="color:#59636e">could not be measured (see the server log)</em>');
  });

  it('is unknown without any data', () => {
    const empty = weeklyReport(weeklySource({ metrics: [], alerts: [], incidents: [], releases: [], regressions: [] }));
    expect(empty.summary.health).toBe('unknown');
    expect(empty.metrics.every((m) => m.value === null && m.change === null)).toBe(true);
    expect(render(empty, 'md')).toContain('No incidents.');
  });
});

describe('rendering the weekly report', () => {
  const report = weeklyReport(weeklySource());

  it('matches the Markdown, HTML and JSON snapshots a person has read', async () => {
    await expect(render(report, 'md')).toMatchFileSnapshot('./__snapshots__/weekly.md');
    await expect(render(report, 'html')).toMatchFileSnapshot('./__snapshots__/weekly.html');
    await expect(render(report, 'json')).toMatchFileSnapshot('./__snapshots__/weekly.json');
  });

  it('escapes hostile text in HTML and Markdown', () => {
    const html = render(report, 'html');
    expect(html).not.toContain('<script>');
    expect(html).toContain('Latency &lt;script&gt;alert(1)&lt;/script&gt; | p95');
    expect(html).toContain('Faster &lt;static&gt; matcher');
    expect(html).not.toMatch(/<script|\son\w+=|javascript:/i);
    const md = render(report, 'md');
    expect(md).toContain('Latency \\<script>alert(1)\\</script> \\| p95');
    expect(md).toContain('Slow installs on \\| arm64');
    expect(HOSTILE_TITLE).toContain('|');
  });

  it('carries a sparkline per metric with data, and none without', () => {
    const html = render(report, 'html');
    expect(html.match(/<svg /g)?.length).toBe(4 + 1); // four metrics with daily values, and the status bar
    expect(html).toContain('aria-label="Command success rate, one point per day"');
  });
});

describe('monthlyReport', () => {
  it('has the month figures, a week-by-week table cut to the month, and the incident summary', async () => {
    const weeks = weeksOf(NOVEMBER).map((period, i) => ({
      period,
      metrics: [
        { metricId: 'awu', current: { value: 100 + 10 * i, events: 1, groups: [] } },
        { metricId: 'success_rate', current: { value: 0.8 + 0.01 * i, events: 1, groups: [] } },
      ],
    }));
    const report = monthlyReport(weeklySource({ period: NOVEMBER, previous: previous(NOVEMBER) }), weeks, COHORT_TABLES);
    expect(report.weeks.map((w) => [w.label, w.dates, w.values.awu?.value, w.values.awu?.status])).toEqual([
      ['2026-W44', 'Nov 1, 2026', 100, 'yellow'],
      ['2026-W45', 'Nov 2–8, 2026', 110, 'yellow'],
      ['2026-W46', 'Nov 9–15, 2026', 120, 'yellow'],
      ['2026-W47', 'Nov 16–22, 2026', 130, 'yellow'],
      ['2026-W48', 'Nov 23–29, 2026', 140, 'yellow'],
      ['2026-W49', 'Nov 30, 2026', 150, 'green'],
    ]);
    expect(report.alerts.byRule).toEqual([
      { rule: 'latency_high', fired: 1 },
      { rule: 'old', fired: 1 },
      { rule: 'success_rate_low', fired: 1 },
    ]);
    expect(report.incidents.declared).toBe(INCIDENTS.length);
    expect(report.retention.map((t) => [t.title, t.rows.length])).toEqual([['Day 7 retention', 6]]);
    expect(ALERTS.length).toBe(4);
    await expect(render(report, 'md')).toMatchFileSnapshot('./__snapshots__/monthly.md');
    await expect(render(report, 'html')).toMatchFileSnapshot('./__snapshots__/monthly.html');
  });
});
