import { describe, expect, it } from 'vitest';
import type { MetricResult, PlanEvaluation } from './metrics/evaluate.js';
import type { Status } from './metrics/status.js';
import { formatStatus, formatValue, renderStatusTable } from './format.js';

const ESC = '\u001b[';
const STATUSES: readonly Status[] = ['green', 'yellow', 'red', 'unknown'];

describe('formatValue', () => {
  it('says long times in milliseconds as people do, short ones as they are', () => {
    expect(formatValue(850, 'ms')).toBe('850 ms');
    expect(formatValue(9_999, 'ms')).toBe('9999 ms');
    expect(formatValue(12_500, 'ms')).toBe('12.5 s');
    expect(formatValue(600_000, 'ms')).toBe('10m');
    expect(formatValue(3_900_000, 'ms')).toBe('1h 5m');
    expect(formatValue(7_182_000, 'ms')).toBe('2h');
    expect(formatValue(183_600_000, 'ms')).toBe('2d 3h');
  });

  it('shows a fraction with unit percent as a percentage with one decimal', () => {
    expect(formatValue(0.862, 'percent')).toBe('86.2%');
    expect(formatValue(0.25, 'percent')).toBe('25.0%');
    expect(formatValue(0.0451, 'percent')).toBe('4.5%');
  });

  it('never rounds a value near the edges onto 0% or 100%', () => {
    expect(formatValue(0.0009, 'percent')).toBe('0.09%');
    expect(formatValue(0.0004, 'percent')).toBe('0.04%');
    expect(formatValue(0.9995, 'percent')).toBe('99.95%');
    expect(formatValue(0.99999, 'percent')).toBe('99.999%');
    expect(formatValue(0.992, 'percent')).toBe('99.2%');
  });

  it('shows exactly none and all as 0% and 100%', () => {
    expect(formatValue(0, 'percent')).toBe('0%');
    expect(formatValue(1, 'percent')).toBe('100%');
  });

  it('shows a count as a whole number, or with one decimal when it is not whole', () => {
    expect(formatValue(150, 'count')).toBe('150');
    expect(formatValue(0, 'count')).toBe('0');
    expect(formatValue(4.46, 'count')).toBe('4.5');
  });

  it('shows other units after the number, with fewer decimals as the number grows', () => {
    expect(formatValue(1834.6, 'ms')).toBe('1835 ms');
    expect(formatValue(42.34, 'ms')).toBe('42.3 ms');
    expect(formatValue(3.14159, 'sessions')).toBe('3.14 sessions');
    expect(formatValue(-12.34, 'ms')).toBe('-12.3 ms');
  });

  it('shows a number without a unit alone, with no trailing space', () => {
    expect(formatValue(0.7342, '')).toBe('0.73');
  });

  it.each(['percent', 'count', 'ms', ''])('shows no value as – (unit %j)', (unit) => {
    expect(formatValue(null, unit)).toBe('–');
  });
});

describe('formatStatus', () => {
  it.each(STATUSES)('shows %s by its word after a symbol, without colour codes when colour is off', (status) => {
    const text = formatStatus(status, false);
    expect(text).toMatch(new RegExp(`^\\S ${status}$`));
    expect(text).not.toContain(ESC);
  });

  it.each(STATUSES)('with colour on, still shows %s by word and symbol, and resets the colour after', (status) => {
    const coloured = formatStatus(status, true);
    expect(coloured).toContain(formatStatus(status, false));
    expect(coloured.startsWith(ESC)).toBe(true);
    expect(coloured.endsWith(`${ESC}0m`)).toBe(true);
  });

  it('gives each status its own symbol and its own colour', () => {
    const symbols = STATUSES.map((s) => formatStatus(s, false).split(' ')[0]);
    const colours = STATUSES.map((s) => formatStatus(s, true).split('m')[0]);
    expect(new Set(symbols).size).toBe(STATUSES.length);
    expect(new Set(colours).size).toBe(STATUSES.length);
  });
});

function result(fields: Partial<MetricResult> & Pick<MetricResult, 'id' | 'title' | 'status'>): MetricResult {
  return { kind: 'ratio', unit: 'percent', window: '1d', value: null, reason: 'no_data', events: 0, target: null, groups: [], ...fields };
}

const evaluation: PlanEvaluation = {
  evaluated_at: '2026-11-22T10:00:00.000Z',
  metrics: [
    result({
      id: 'command_success_rate',
      title: 'Command success rate',
      status: 'yellow',
      value: 0.842,
      target: { green: '>= 86%', yellow: '>= 80%' },
      groups: [
        { group: { backend: 'static' }, value: 0.9, status: 'green', events: 700, target: { green: '>= 86%', yellow: '>= 80%' } },
        { group: { backend: 'embedded' }, value: 0.75, status: 'red', events: 300, target: { green: '>= 86%', yellow: '>= 80%' } },
      ],
    }),
    result({
      id: 'generation_latency_p95',
      title: 'Generation latency p95',
      status: 'red',
      kind: 'quantile',
      unit: 'ms',
      window: '36h',
      value: 1840,
      groups: [{ group: { backend: 'static' }, value: 160, status: 'red', events: 400, target: { green: '< 100', yellow: '< 150' } }],
    }),
    result({
      id: 'install_success_rate',
      title: 'Installation success rate',
      status: 'green',
      value: 0.95,
      window: '7d',
      target: { green: '>= 90%' },
      groups: [{ group: { platform: 'linux', arch: 'aarch64' }, value: 0.95, status: 'green', events: 20, target: { green: '>= 90%' } }],
    }),
    result({
      id: 'error_share',
      title: 'Errors by category',
      status: 'unknown',
      kind: 'share',
      groups: [{ group: { error_category: null }, value: 0.97, status: 'unknown', events: 970, target: null }],
    }),
    result({ id: 'dau', title: 'Daily active users', status: 'green', kind: 'distinct', unit: 'count', value: 212, target: { green: '>= 150' } }),
    result({ id: 'mean_initial_confidence', title: 'Mean initial confidence', status: 'unknown', reason: 'no_target', kind: 'mean', unit: '', value: 0.734 }),
  ],
};

function lines(options: { colour: boolean; product?: string }): string[] {
  return renderStatusTable(evaluation, options).split('\n');
}

/** The table's line that starts with the given text (after indentation). */
function row(table: readonly string[], start: string): string {
  const found = table.find((line) => line.trimStart().startsWith(start));
  if (found === undefined) throw new Error(`no line starts with ${start}:\n${table.join('\n')}`);
  return found;
}

describe('renderStatusTable', () => {
  it('titles the table with the product and the evaluation time', () => {
    expect(lines({ colour: false, product: 'caro' })[0]).toBe('caro — evaluated at 2026-11-22T10:00:00.000Z');
    expect(lines({ colour: false })[0]).toBe('evaluated at 2026-11-22T10:00:00.000Z');
  });

  it('lists every metric with its value, target, window and status', () => {
    const table = lines({ colour: false });
    expect(row(table, 'Command success rate').split(/ {2,}/)).toEqual(['Command success rate', '84.2%', '>= 86% (yellow >= 80%)', '1d', '▲ yellow']);
    expect(row(table, 'Generation latency p95').split(/ {2,}/)).toEqual(['Generation latency p95', '1840 ms', '36h', '■ red']);
    expect(row(table, 'Installation success rate').split(/ {2,}/)).toEqual(['Installation success rate', '95.0%', '>= 90%', '7d', '● green']);
    expect(row(table, 'Errors by category').split(/ {2,}/)).toEqual(['Errors by category', '–', '1d', '○ unknown']);
    expect(row(table, 'Daily active users').split(/ {2,}/)).toEqual(['Daily active users', '212', '>= 150', '1d', '● green']);
  });

  it('shows a dash, not "unknown", as the status of a metric or group that has no target', () => {
    const table = lines({ colour: true });
    expect(row(table, 'Mean initial confidence').split(/ {2,}/)).toEqual(['Mean initial confidence', '0.73', '1d', '–']);
    expect(row(table, 'error_category=(none)').trim().split(/ {2,}/)).toEqual(['error_category=(none)', '97.0%', '–']);
  });

  it('lists the groups of each metric under it, indented, with their own value, target and status', () => {
    const table = lines({ colour: false });
    const at = (start: string): number => table.indexOf(row(table, start));
    expect(at('Command success rate')).toBeLessThan(at('backend=static'));
    expect(at('backend=static')).toBeLessThan(at('backend=embedded'));
    expect(at('backend=embedded')).toBeLessThan(at('Generation latency p95'));

    expect(row(table, 'backend=embedded')).toMatch(/^ {2}backend=embedded/);
    expect(row(table, 'backend=embedded').trim().split(/ {2,}/)).toEqual(['backend=embedded', '75.0%', '>= 86% (yellow >= 80%)', '■ red']);
    expect(table.filter((line) => line.includes('backend=static'))).toHaveLength(2);
    expect(table.some((line) => line.trim().split(/ {2,}/).join('|') === 'backend=static|160 ms|< 100 (yellow < 150)|■ red')).toBe(true);
  });

  it('labels a group of several fields by each, and a missing group value as (none)', () => {
    const table = lines({ colour: false });
    expect(row(table, 'platform=linux arch=aarch64').trim().split(/ {2,}/)).toEqual(['platform=linux arch=aarch64', '95.0%', '>= 90%', '● green']);
    expect(row(table, 'error_category=(none)').trim().split(/ {2,}/)[0]).toBe('error_category=(none)');
  });

  it('aligns the status column under its header', () => {
    const table = lines({ colour: false });
    const header = row(table, 'METRIC');
    const column = header.indexOf('STATUS');
    expect(header.split(/ {2,}/)).toEqual(['METRIC', 'VALUE', 'TARGET', 'WINDOW', 'STATUS']);
    const body = table.slice(table.indexOf(header) + 1, table.indexOf('', table.indexOf(header)));
    expect(body).toHaveLength(11);
    for (const line of body) expect(line.slice(column)).toMatch(/^(\S (green|yellow|red|unknown)|–)$/);
  });

  it('ends with a count of the metrics by status, groups not counted', () => {
    const table = lines({ colour: false });
    expect(table.at(-2)).toBe('2 green, 1 yellow, 1 red, 2 unknown');
    expect(table.at(-1)).toBe('');
  });

  it('uses colour codes only when asked, and always shows the status word', () => {
    expect(renderStatusTable(evaluation, { colour: false })).not.toContain(ESC);
    const coloured = lines({ colour: true });
    expect(coloured.join('\n')).toContain(ESC);
    expect(row(coloured, 'Generation latency p95')).toContain('■ red');
    expect(row(coloured, 'Daily active users')).toContain('● green');
  });
});
